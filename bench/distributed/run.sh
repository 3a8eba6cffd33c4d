#!/usr/bin/env bash
# The distributed form, measured (bench/README.md, "The distributed harness"): Parley's four services as separate
# processes on this machine against an Axon Server jar you point it at, with PostgreSQL (Debian's binaries), Redis
# (redis-server) and the embedded MongoDB and S3 servers (bench's EmbeddedStores) as processes of their own; then
# the load driver (bench's DistributedLoad), its table, and everything stopped and removed again.
#
#   AXONSERVER_JAR=/path/to/axonserver.jar bench/distributed/run.sh
#   AXONSERVER_JAR=… COMMAND_NODES=2 bench/distributed/run.sh
#
# Without AXONSERVER_JAR it prints this and exits 0.
set -euo pipefail

usage() {
  cat <<'EOF'
bench/distributed/run.sh: Parley's services as separate processes against an Axon Server jar, measured.

  AXONSERVER_JAR=/path/to/axonserver.jar bench/distributed/run.sh

Starts, each a process of its own on free loopback ports in a temporary directory: PostgreSQL (initdb/pg_ctl;
the processors' tokens), Redis (typing and presence across gateways), MongoDB and S3 stand-ins (bench's
EmbeddedStores: mongo-java-server on standalone's SQLite backend, S3Proxy on files), Axon Server (java -jar $AXONSERVER_JAR, access
control on, a generated token), then command-side x COMMAND_NODES, query-side x QUERY_NODES, media and two realtime gateways
(their exec jars, built first). Once all are healthy, DistributedLoad sends over REST to the command-side nodes,
checks the query side's history, times messages from a socket on gateway 1 to a socket on gateway 2, and prints the
table. Then everything is stopped and the temporary directory removed.

Environment (defaults):
  AXONSERVER_JAR    the Axon Server (SE) jar; required to run anything
  COMMAND_NODES     command-side nodes, 1 or 2 (1)
  QUERY_NODES       query-side nodes, 1 or 2 (2: the projection admin is checked across them, a replay included)
  SENDERS           REST senders per command-side node (8)
  WARMUP_SECONDS    sends before measuring, not counted (150: after 20 s the JVMs were still compiling, and the
                    JIT took about 45% of the machine's CPU while measured; after 150 s, under 15%)
  MEASURE_SECONDS   measured sends, seconds (30)
  SAMPLES           messages timed across the gateways (200)
  SERVICE_HEAP      -Xmx of each service (512m)
  HEALTH_TIMEOUT    seconds each service may take to get healthy (600)
  PROFILE_DIR       if set: the first command-side node records a JFR file there (command-side-1.jfr)
  SKIP_BUILD        1: use the jars and classes already in */target (no Maven)
  KEEP_LOGS         a directory: the processes' logs are copied there at the end
EOF
}

if [ -z "${AXONSERVER_JAR:-}" ]; then
  usage
  echo
  echo "AXONSERVER_JAR is not set: nothing started. Build or download an Axon Server SE jar and point AXONSERVER_JAR at it."
  exit 0
fi
[ -f "$AXONSERVER_JAR" ] || { echo "AXONSERVER_JAR=$AXONSERVER_JAR: no such file" >&2; exit 2; }
AXONSERVER_JAR="$(cd "$(dirname "$AXONSERVER_JAR")" && pwd)/$(basename "$AXONSERVER_JAR")"

COMMAND_NODES="${COMMAND_NODES:-1}"
QUERY_NODES="${QUERY_NODES:-2}"
SENDERS="${SENDERS:-8}"
WARMUP_SECONDS="${WARMUP_SECONDS:-150}"
SECONDS_MEASURED="${MEASURE_SECONDS:-30}"
SAMPLES="${SAMPLES:-200}"
SERVICE_HEAP="${SERVICE_HEAP:-512m}"
HEALTH_TIMEOUT="${HEALTH_TIMEOUT:-600}"
case "$COMMAND_NODES" in 1|2) ;; *) echo "COMMAND_NODES must be 1 or 2" >&2; exit 2 ;; esac
case "$QUERY_NODES" in 1|2) ;; *) echo "QUERY_NODES must be 1 or 2" >&2; exit 2 ;; esac

cd "$(dirname "$0")/../.."
ROOT="$(pwd)"
VERSION=0.1.0-SNAPSHOT

PG_BIN="${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}"
[ -x "$PG_BIN/initdb" ] || { echo "PostgreSQL's initdb not found: apt-get install -y postgresql (or set PG_BIN)" >&2; exit 2; }
command -v redis-server >/dev/null || { echo "redis-server not found: apt-get install -y redis-server" >&2; exit 2; }

WORK="$(mktemp -d -t parley-distributed.XXXXXX)"
chmod 711 "$WORK"
mkdir -p "$WORK/logs"
PIDS=()
NAMES=()

cleanup() {
  local status=$?
  set +e
  echo "stopping…"
  local i
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do
    kill -TERM "${PIDS[$i]}" 2>/dev/null
  done
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do
    local waited=0
    while kill -0 "${PIDS[$i]}" 2>/dev/null && [ $waited -lt 200 ]; do sleep 0.1; waited=$((waited + 1)); done
    kill -KILL "${PIDS[$i]}" 2>/dev/null
  done
  if [ -f "$WORK/pg/data/postmaster.pid" ]; then
    as_postgres "$PG_BIN/pg_ctl" -D "$WORK/pg/data" -m fast -w stop >/dev/null 2>&1
  fi
  if [ -n "${KEEP_LOGS:-}" ]; then
    mkdir -p "$KEEP_LOGS" && cp -r "$WORK/logs/." "$KEEP_LOGS/" && echo "logs: $KEEP_LOGS"
  fi
  rm -rf "$WORK"
  exit $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

secret() {
  head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n'
}

# PostgreSQL refuses to run as root: then as the postgres user
as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# start NAME command… : in the background, remembered for cleanup
start() {
  local name=$1; shift
  "$@" >"$WORK/logs/$name.log" 2>&1 &
  PIDS+=($!)
  NAMES+=("$name")
  echo "started $name (pid $!)"
}

# wait_http NAME URL SECONDS : until URL answers 2xx, or fail when the process died or the time is up
wait_http() {
  local name=$1 url=$2 limit=$3 pid="${PIDS[${#PIDS[@]}-1]}" i
  for i in "${!NAMES[@]}"; do [ "${NAMES[$i]}" = "$name" ] && pid="${PIDS[$i]}"; done
  local deadline=$((SECONDS + limit))
  until curl -fsS -o /dev/null --max-time 2 "$url" 2>/dev/null; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "$name exited; the end of its log:" >&2; tail -40 "$WORK/logs/$name.log" >&2; exit 1
    fi
    if [ $SECONDS -ge $deadline ]; then
      echo "$name not healthy after ${limit}s ($url); the end of its log:" >&2; tail -40 "$WORK/logs/$name.log" >&2; exit 1
    fi
    sleep 1
  done
  echo "$name healthy ($url)"
}

# ---- build ------------------------------------------------------------------------------------------------------
if [ "${SKIP_BUILD:-}" != 1 ]; then
  echo "building the service jars and bench (Maven, tests skipped)…"
  ./mvnw -q -B -pl command-side,query-side,media,realtime-gateway,bench -am package -Dmaven.test.skip=true \
    dependency:build-classpath -Dmdep.outputFile="$ROOT/bench/target/distributed.classpath"
fi
for service in command-side query-side media realtime-gateway; do
  [ -f "$service/target/$service-$VERSION-exec.jar" ] || { echo "missing $service/target/$service-$VERSION-exec.jar" >&2; exit 2; }
done
[ -f bench/target/distributed.classpath ] || { echo "missing bench/target/distributed.classpath: run without SKIP_BUILD once" >&2; exit 2; }
BENCH_CP="$ROOT/bench/target/classes:$(cat bench/target/distributed.classpath)"

# ---- secrets and keys (files in the temporary directory, never on a command line) -------------------------------------
AXON_TOKEN="$(secret)"
AXON_ADMIN_TOKEN="$(secret)"
PG_PASSWORD="$(secret)"
REDIS_PASSWORD="$(secret)"
S3_ACCESS_KEY="parley$(head -c 6 /dev/urandom | od -An -tx1 | tr -d ' \n')"
S3_SECRET_KEY="$(secret)"
mkdir -p "$WORK/keys/private" "$WORK/keys/public" "$WORK/keys/vapid"
java --class-path "$ROOT/platform/target/classes" "$ROOT/deploy/keys/GenerateKeys.java" \
  "$WORK/keys/private" "$WORK/keys/public" "$(id -u)" "$WORK/keys/vapid" >/dev/null

# ---- infrastructure ---------------------------------------------------------------------------------------------
PG_PORT=$(free_port)
mkdir -p "$WORK/pg"
printf '%s\n' "$PG_PASSWORD" >"$WORK/pg/pwfile"
if [ "$(id -u)" = 0 ]; then chown -R postgres "$WORK/pg"; fi
as_postgres "$PG_BIN/initdb" -D "$WORK/pg/data" -U parley --pwfile="$WORK/pg/pwfile" -A scram-sha-256 >"$WORK/logs/initdb.log" 2>&1
rm -f "$WORK/pg/pwfile"
as_postgres "$PG_BIN/pg_ctl" -D "$WORK/pg/data" -l "$WORK/pg/postgres.log" -w \
  -o "-p $PG_PORT -k $WORK/pg -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
PGPASSWORD="$PG_PASSWORD" "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U parley parley
echo "PostgreSQL on 127.0.0.1:$PG_PORT (database parley)"

REDIS_PORT=$(free_port)
printf 'port %s\nbind 127.0.0.1\nrequirepass %s\nsave ""\nappendonly no\n' "$REDIS_PORT" "$REDIS_PASSWORD" \
  >"$WORK/redis.conf"
chmod 600 "$WORK/redis.conf"
start redis redis-server "$WORK/redis.conf"

MONGO_PORT=$(free_port)
S3_PORT=$(free_port)
PARLEY_S3_ACCESS_KEY="$S3_ACCESS_KEY" PARLEY_S3_SECRET_KEY="$S3_SECRET_KEY" \
  start stores java -Xmx512m -cp "$BENCH_CP" io.parley.bench.distributed.EmbeddedStores \
  "$MONGO_PORT" "$WORK/readmodels.db" "$S3_PORT" "$WORK/s3" parley-media
for _ in $(seq 1 60); do grep -q "stores ready" "$WORK/logs/stores.log" && break; sleep 1; done
grep -q "stores ready" "$WORK/logs/stores.log" || { echo "the embedded stores did not start:" >&2; tail -20 "$WORK/logs/stores.log" >&2; exit 1; }
echo "MongoDB stand-in on 127.0.0.1:$MONGO_PORT, S3 stand-in on 127.0.0.1:$S3_PORT"

# Axon Server: a working directory of its own holding its properties (with the tokens: readable by this user only)
AXS_HTTP=$(free_port)
AXS_GRPC=$(free_port)
mkdir -p "$WORK/axonserver"
cat >"$WORK/axonserver/axonserver.properties" <<EOF
axoniq.axonserver.name=axonserver-harness
axoniq.axonserver.hostname=localhost
server.port=$AXS_HTTP
axoniq.axonserver.port=$AXS_GRPC
axoniq.axonserver.standalone=true
axoniq.axonserver.devmode.enabled=false
axoniq.axonserver.accesscontrol.enabled=true
axoniq.axonserver.accesscontrol.token=$AXON_TOKEN
axoniq.axonserver.accesscontrol.admin-token=$AXON_ADMIN_TOKEN
axoniq.axonserver.event.storage=$WORK/axonserver/events
axoniq.axonserver.snapshot.storage=$WORK/axonserver/events
axoniq.axonserver.controldb-path=$WORK/axonserver/data
axoniq.axonserver.pid-file-location=$WORK/axonserver/data
EOF
chmod 600 "$WORK/axonserver/axonserver.properties"
start axonserver bash -c 'cd "$1" && exec java -Xmx1g -jar "$2"' axonserver "$WORK/axonserver" "$AXONSERVER_JAR"
wait_http axonserver "http://127.0.0.1:$AXS_HTTP/actuator/health" "$HEALTH_TIMEOUT"

# ---- Parley ------------------------------------------------------------------------------------------------------
export AXONIQ_UPDATE_CHECKER_DISABLED=true
export PARLEY_AXONSERVER_SERVERS="localhost:$AXS_GRPC"
export AXON_AXONSERVER_TOKEN="$AXON_TOKEN"
export PARLEY_JWT_PUBLIC_KEY_FILE="$WORK/keys/public/access-token-public.pem"
export PARLEY_LOG_FORMAT=
TOKEN_STORE=(env PARLEY_TOKEN_STORE_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/parley" PARLEY_TOKEN_STORE_USERNAME=parley
             PARLEY_TOKEN_STORE_PASSWORD="$PG_PASSWORD")
JVM=(java "-Xms$SERVICE_HEAP" "-Xmx$SERVICE_HEAP" -XX:+UseG1GC -XX:MaxGCPauseMillis=25)
# every rate limit far above what the driver does from its one address (as bench's ServerLimits)
LIMITS=()
for limit in login-per-address register-per-address send-per-account send-per-address create-group-per-account \
             create-group-per-address start-direct-per-account start-direct-per-address add-members-per-account \
             add-members-per-address upload-session-per-account upload-session-per-address \
             login-failures.per-user-and-address login-failures.per-address login-failures.per-username; do
  LIMITS+=("--parley.limits.$limit=1000000000/1m")
done

COMMAND_URLS=()
for n in $(seq 1 "$COMMAND_NODES"); do
  port=$(free_port)
  profile=()
  if [ -n "${PROFILE_DIR:-}" ] && [ "$n" = 1 ]; then
    mkdir -p "$PROFILE_DIR"
    profile=("-XX:StartFlightRecording=filename=$PROFILE_DIR/command-side-1.jfr,settings=profile,dumponexit=true")
  fi
  PARLEY_PORT=$port PARLEY_JWT_PRIVATE_KEY_FILE="$WORK/keys/private/access-token-private.pem" PARLEY_JWT_ADMINS=harness_admin \
    start "command-side-$n" "${JVM[@]}" "${profile[@]}" -jar "command-side/target/command-side-$VERSION-exec.jar" \
    --parley.jwt.bcrypt-strength=4 "${LIMITS[@]}"
  COMMAND_URLS+=("http://127.0.0.1:$port")
done
QUERY_URLS=()
for n in $(seq 1 "$QUERY_NODES"); do
  port=$(free_port)
  # Boot's MongoDB health check sends `hello`, which the stand-in does not know: off (standalone has no such check)
  PARLEY_PORT=$port PARLEY_MONGODB_URI="mongodb://127.0.0.1:$MONGO_PORT/parley" MANAGEMENT_HEALTH_MONGO_ENABLED=false \
    start "query-side-$n" "${TOKEN_STORE[@]}" "${JVM[@]}" -jar "query-side/target/query-side-$VERSION-exec.jar"
  QUERY_URLS+=("http://127.0.0.1:$port")
done
MEDIA_PORT=$(free_port)
PARLEY_PORT=$MEDIA_PORT PARLEY_S3_ENDPOINT="http://127.0.0.1:$S3_PORT" PARLEY_S3_PUBLIC_ENDPOINT="http://127.0.0.1:$S3_PORT" \
  PARLEY_S3_ACCESS_KEY="$S3_ACCESS_KEY" PARLEY_S3_SECRET_KEY="$S3_SECRET_KEY" \
  start media "${TOKEN_STORE[@]}" "${JVM[@]}" -jar "media/target/media-$VERSION-exec.jar" "${LIMITS[@]}"
GATEWAY_URLS=()
for n in 1 2; do
  port=$(free_port)
  PARLEY_PORT=$port PARLEY_NODE_ID="gateway-$n" PARLEY_GATEWAY_SHARED_STATE=redis PARLEY_REDIS_HOST=127.0.0.1 \
    PARLEY_REDIS_PORT="$REDIS_PORT" SPRING_DATA_REDIS_PASSWORD="$REDIS_PASSWORD" \
    start "gateway-$n" "${JVM[@]}" -jar "realtime-gateway/target/realtime-gateway-$VERSION-exec.jar"
  GATEWAY_URLS+=("http://127.0.0.1:$port")
done

for n in $(seq 1 "$COMMAND_NODES"); do
  wait_http "command-side-$n" "${COMMAND_URLS[$((n - 1))]}/actuator/health" "$HEALTH_TIMEOUT"
done
for n in $(seq 1 "$QUERY_NODES"); do
  wait_http "query-side-$n" "${QUERY_URLS[$((n - 1))]}/actuator/health" "$HEALTH_TIMEOUT"
done
wait_http media "http://127.0.0.1:$MEDIA_PORT/actuator/health" "$HEALTH_TIMEOUT"
wait_http gateway-1 "${GATEWAY_URLS[0]}/actuator/health" "$HEALTH_TIMEOUT"
wait_http gateway-2 "${GATEWAY_URLS[1]}/actuator/health" "$HEALTH_TIMEOUT"

# ---- load ----------------------------------------------------------------------------------------------------------
echo "machine: $(nproc) cores; load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
join() { local IFS=,; echo "$*"; }
status=0
java -Xmx512m -cp "$BENCH_CP" io.parley.bench.distributed.DistributedLoad \
  commandUrls="$(join "${COMMAND_URLS[@]}")" queryUrls="$(join "${QUERY_URLS[@]}")" admin=harness_admin \
  gatewayUrls="$(join "${GATEWAY_URLS[@]}")" senders="$SENDERS" warmupSeconds="$WARMUP_SECONDS" \
  seconds="$SECONDS_MEASURED" samples="$SAMPLES" label="Axon Server $(basename "$AXONSERVER_JAR")" \
  processes="$(for i in "${!NAMES[@]}"; do printf '%s:%s,' "${NAMES[$i]}" "${PIDS[$i]}"; done)" || status=$?
echo "load average after the run: $(cut -d' ' -f1-3 /proc/loadavg)"
for name in "${NAMES[@]}"; do
  errors=$(grep -c " ERROR " "$WORK/logs/$name.log" 2>/dev/null || true)
  [ "${errors:-0}" = 0 ] || echo "$name: $errors ERROR lines in its log"
done
exit $status
