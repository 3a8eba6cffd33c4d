# syntax=docker/dockerfile:1
# The images of Parley's distributed mode, one target per service, all built from this repository by
# `docker compose up` (or e.g. `docker build --target query-side -t parley/query-side .`). The build stage runs
# the same Maven build as CI and takes each service's executable jar (`<module>/target/<module>-*-exec.jar`).

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -ntp -DskipTests -pl command-side,query-side,media,realtime-gateway -am package \
 && mkdir /out \
 && for service in command-side query-side media realtime-gateway; do \
        cp "$service"/target/"$service"-*-exec.jar /out/"$service".jar; \
    done \
 && cp -r platform/target/classes /out/platform-classes

# The one-shot `keys` job: makes the access-token and VAPID key pairs (deploy/keys/GenerateKeys.java, JDK source
# launcher) in the format platform's PemKeys defines and the services read (its classes on the class path).
FROM maven:3.9-eclipse-temurin-17 AS keys
COPY --from=build /out/platform-classes /opt/parley/platform-classes
COPY deploy/keys/GenerateKeys.java /opt/parley/GenerateKeys.java
ENTRYPOINT ["java", "--class-path", "/opt/parley/platform-classes", "/opt/parley/GenerateKeys.java"]
CMD ["/run/parley/keys/private", "/run/parley/keys/public", "10001", "/run/parley/keys/vapid"]

# The one-shot `secrets` job: makes the credentials of the set-up (deploy/secrets/GenerateSecrets.java); the files it
# makes are the arguments docker-compose.yml gives it.
FROM maven:3.9-eclipse-temurin-17 AS secrets
COPY deploy/secrets/GenerateSecrets.java /opt/parley/GenerateSecrets.java
ENTRYPOINT ["java", "/opt/parley/GenerateSecrets.java"]

# What every service image shares: a JRE, curl for the health check, an unprivileged user (uid 10001, which owns
# the keys made by the `keys` job).
FROM eclipse-temurin:17-jre AS service
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin parley \
 && mkdir -p /app && chown parley /app
WORKDIR /app
ENV AXONIQ_UPDATE_CHECKER_DISABLED=true \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -Daxoniq.update-checker.disabled=true -Ddisable-axoniq-console-message=true"
USER parley
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=5s --start-period=90s --retries=6 \
    CMD curl -fsS -o /dev/null http://127.0.0.1:8080/actuator/health || exit 1
ENTRYPOINT ["java", "-jar", "/app/service.jar"]

FROM service AS command-side
COPY --from=build /out/command-side.jar /app/service.jar

FROM service AS query-side
COPY --from=build /out/query-side.jar /app/service.jar

FROM service AS media
COPY --from=build /out/media.jar /app/service.jar

FROM service AS realtime-gateway
COPY --from=build /out/realtime-gateway.jar /app/service.jar
