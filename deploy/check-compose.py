#!/usr/bin/env python3
"""CI check of what a plain `docker compose up` runs: the RESOLVED docker-compose.yml (`docker-compose config`,
with no PARLEY_* variable set but the one a deployer must set, PARLEY_PUSH_CONTACT), plus the files it mounts into
Axon Server and the services' own defaults. Resolves the file itself (needs docker-compose, no engine).

  deploy/check-compose.py                # checks docker-compose.yml
  deploy/check-compose.py other.yml      # checks another compose file (relative paths: from its directory)

Fails (exit 1, one line per finding) unless:
  - no service publishes a port but the edge; Axon Server's dashboard (8024) and Grafana (3000) at most on the
    loopback interface, Axon Server's gRPC port never (Axon Server binds gRPC on every interface whatever its
    properties say);
  - Axon Server runs with access control on and development mode off, its tokens are no literals, and every
    service that connects to it reads the token from the volume Axon Server reads it from;
  - no secret is a literal: no password, secret, token or access key in any environment, no well-known default
    credential anywhere, every *_FILE secret lies on a volume (generated at first start, never a file of this
    repository), and the services' config files default no secret;
  - the edge serves the bucket (users' files) with `X-Content-Type-Options: nosniff` and a `Content-Security-Policy`
    with `sandbox`, path and Host unchanged (presigned URLs), serves the CDN links (/media-cdn/) with the same two
    headers, and sets or hides no header anywhere else (the services' own headers pass through);
  - uploads are scanned: a clamd service (clamav/clamav) with a health check, its signatures on a volume, its stream
    and scan limits at least the largest media allowed and AlertExceedsMax on (a file over a limit is never "clean"),
    and media scanning with it (scanner clamd, its host and port) and depending on it;
  - push notifications are on in the realtime gateway: PARLEY_PUSH_ENABLED, a MongoDB of the set-up
    (PARLEY_MONGODB_URI, depended on), Redis shared by its replicas (one push per device and window), both VAPID key
    files on a volume the `keys` job writes (the private one mounted nowhere else), and PARLEY_PUSH_CONTACT required:
    the file does not resolve without it (`${PARLEY_PUSH_CONTACT:?…}`, no default) and the gateway gets it as set.
"""
import os
import re
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
EDGE = "edge"
AXON_SERVER_IMAGE = "axoniq/axonserver"
AXON_SERVER_DASHBOARD_PORT = 8024
# the operators' web interfaces that may be published, on the loopback interface only: image → container port
LOOPBACK_ONLY = {AXON_SERVER_IMAGE: AXON_SERVER_DASHBOARD_PORT, "grafana/grafana": 3000}
LOOPBACK = {"127.0.0.1", "::1", "localhost"}
# environment variables that carry a secret (their *_FILE forms name a file instead, which is the point)
SECRET_VARIABLE = re.compile(r"PASSWORD|PASSWD|SECRET|TOKEN(?!_STORE)|ACCESS_KEY|PRIVATE_KEY|ROOT_USER|CREDENTIAL|API_KEY")
# default credentials of this project (before it generated them) and of the images it runs
KNOWN_DEFAULTS = ("parley-secret", "minioadmin")
# a PARLEY_* secret with a default in a service's config file: ${PARLEY_S3_SECRET_KEY:parley-secret}
# the edge's nginx configuration
BUCKET_LOCATION = re.compile(r"location\s+/\$\{PARLEY_S3_BUCKET}/\s*\{")
CDN_LOCATION = re.compile(r"location\s+/media-cdn/\s*\{")
# virus scanning: clamd's image, port and the limits that must cover parley.media.upload.max-video-size's default
# (UploadProperties), the largest media a user may upload
CLAMAV_IMAGE = "clamav/clamav"
CLAMD_PORT = "3310"
MEDIA = "media"
LARGEST_MEDIA_BYTES = 512 * 1024 * 1024
CLAMD_SIZE_LIMITS = ("StreamMaxLength", "MaxFileSize", "MaxScanSize")
HEADER_DIRECTIVE = re.compile(r"^\s*(add_header|proxy_hide_header|proxy_ignore_headers|more_set_headers|more_clear_headers)\b",
                              re.MULTILINE)
# push notifications in the realtime gateway: the contact has no default, so the check resolves with this one
GATEWAY = "realtime-gateway"
KEYS_JOB = "keys"
CONTACT = "PARLEY_PUSH_CONTACT"
SAMPLE_CONTACT = "mailto:ci@parley.invalid"
MONGO_IMAGE = "mongo"
REDIS_IMAGE = "redis"
DEFAULTED_SECRET = re.compile(r"\$\{(PARLEY_[A-Z0-9_]*(?:PASSWORD|SECRET|SECRET_KEY|ACCESS_KEY|TOKEN)):([^}]+)}")


def resolve(compose_file, **variables):
    """`docker-compose config` of the file with these variables and no other PARLEY_* one"""
    clean = {name: os.environ[name] for name in ("PATH", "HOME", "LANG") if name in os.environ}
    return subprocess.run(["docker-compose", "-f", compose_file.name, "config"], cwd=compose_file.parent,
                          env={**clean, **variables}, capture_output=True, text=True)


def as_dict(entries, separator="="):
    """environment as a mapping, whichever syntax (mapping or list of KEY=VALUE) the file used"""
    if isinstance(entries, dict):
        return {str(k): "" if v is None else str(v) for k, v in entries.items()}
    return dict((e.split(separator, 1) + [""])[:2] for e in entries or [])


def port(entry):
    """(host ip, published, target) of a ports entry, short ("127.0.0.1:8024:8024/tcp") or long syntax"""
    if isinstance(entry, dict):
        return str(entry.get("host_ip") or ""), str(entry.get("published") or ""), str(entry.get("target"))
    parts = str(entry).split("/")[0].rsplit(":", 2)
    parts = [""] * (3 - len(parts)) + parts
    return parts[0].strip("[]"), parts[1], parts[2]


def mounts(service):
    """(source, target, named volume?) of every volume of a service, short or long syntax"""
    result = []
    for volume in service.get("volumes") or []:
        if isinstance(volume, dict):
            result.append((str(volume.get("source") or ""), str(volume["target"]), volume.get("type") == "volume"))
        else:
            parts = str(volume).split(":")
            if len(parts) == 1:
                result.append(("", parts[0], True))
            else:
                result.append((parts[0], parts[1], not parts[0].startswith(("/", ".", "~"))))
    return result


def on_named_volume(service, path):
    return any(named and (path == target or path.startswith(target.rstrip("/") + "/"))
               for _, target, named in mounts(service))


def volume_holding(service, path):
    """the named volume a service's path lies on, or None"""
    return next((source for source, target, named in mounts(service)
                 if named and (path == target or path.startswith(target.rstrip("/") + "/"))), None)


def writable_volumes(service):
    """the named volumes a service mounts read-write, short or long syntax"""
    result = set()
    for volume in service.get("volumes") or []:
        if isinstance(volume, dict):
            if volume.get("type") == "volume" and not volume.get("read_only"):
                result.add(str(volume.get("source") or ""))
        else:
            parts = str(volume).split(":")
            options = parts[2].split(",") if len(parts) > 2 else []
            if len(parts) > 1 and not parts[0].startswith(("/", ".", "~")) and "ro" not in options:
                result.add(parts[0])
    return result


def relaxed(key):
    """a Spring property name as its environment variable (axoniq.axonserver.devmode.enabled → AXONIQ_..._ENABLED)"""
    return key.replace("-", "").replace(".", "_").upper()


def axon_server_properties(service):
    """Axon Server's effective settings: the properties files mounted into it, overridden by its environment"""
    properties = {}
    for source, target, named in mounts(service):
        if not named and target.endswith(".properties") and Path(source).is_file():
            for line in Path(source).read_text().splitlines():
                line = line.strip()
                if line and not line.startswith(("#", "!")) and "=" in line:
                    key, value = line.split("=", 1)
                    properties[relaxed(key.strip())] = value.strip()
    properties.update(as_dict(service.get("environment")))
    return properties


def config_tree_dirs(service):
    imports = as_dict(service.get("environment")).get("SPRING_CONFIG_IMPORT", "")
    return [location.split("configtree:", 1)[1].rstrip("/") for location in imports.split(",") if "configtree:" in location]


def check_ports(services, findings):
    for name, service in services.items():
        if service.get("network_mode") == "host":
            findings.append(f"{name}: network_mode host publishes every port it listens on")
        if name == EDGE:
            continue
        image = str(service.get("image", ""))
        loopback_port = next((str(p) for prefix, p in LOOPBACK_ONLY.items() if image.startswith(prefix + ":")), None)
        for entry in service.get("ports") or []:
            host_ip, published, target = port(entry)
            if target == loopback_port and host_ip in LOOPBACK:
                continue
            where = f"{host_ip or '0.0.0.0'}:{published or '(random)'}"
            findings.append(f"{name}: publishes port {target} on {where} (only the edge may publish; Axon Server's "
                            f"dashboard and Grafana on 127.0.0.1 at most)")


def check_axon_server(services, findings):
    axon_servers = {n: s for n, s in services.items() if str(s.get("image", "")).startswith(AXON_SERVER_IMAGE)}
    if not axon_servers:
        findings.append("no Axon Server service found")
    for name, service in axon_servers.items():
        settings = axon_server_properties(service)
        if settings.get("AXONIQ_AXONSERVER_ACCESSCONTROL_ENABLED", "false").lower() != "true":
            findings.append(f"{name}: access control is off (axoniq.axonserver.accesscontrol.enabled)")
        if settings.get("AXONIQ_AXONSERVER_DEVMODE_ENABLED", "false").lower() == "true":
            findings.append(f"{name}: development mode is on (the dashboard can reset the event store)")
        for key in ("AXONIQ_AXONSERVER_ACCESSCONTROL_TOKEN", "AXONIQ_AXONSERVER_ACCESSCONTROL_ADMINTOKEN"):
            value = settings.get(key, "")
            if value and not value.startswith("${"):
                findings.append(f"{name}: {key} is a literal (it must be generated at first start)")
        server_trees = {source for source, target, named in mounts(service)
                        if named and target.rstrip("/") in config_tree_dirs(service)}
        if not server_trees:
            findings.append(f"{name}: reads no generated secrets (SPRING_CONFIG_IMPORT configtree on a volume)")
        for client_name, client in services.items():
            environment = as_dict(client.get("environment"))
            if client is service or not any(k in environment for k in ("PARLEY_AXONSERVER_SERVERS",
                                                                         "AXON_AXONSERVER_SERVERS")):
                continue
            client_trees = {source for source, target, named in mounts(client)
                            if named and target.rstrip("/") in config_tree_dirs(client)}
            if not client_trees & server_trees:
                findings.append(f"{client_name}: connects to Axon Server but does not read the token from a volume "
                                f"{name} reads it from")


def check_secrets(services, text, findings):
    for name, service in services.items():
        for key, value in as_dict(service.get("environment")).items():
            if key.endswith("_FILE"):
                if SECRET_VARIABLE.search(key) and not on_named_volume(service, value):
                    findings.append(f"{name}: {key}={value} is not on a volume (secrets are generated at first start)")
            elif SECRET_VARIABLE.search(key) and value:
                findings.append(f"{name}: {key} is given literally")
    for default in KNOWN_DEFAULTS:
        if default in text:
            findings.append(f"the resolved file contains the default credential '{default}'")
    for config in sorted(ROOT.glob("*/src/main/resources/config/parley-*.yml")):
        for match in DEFAULTED_SECRET.finditer(config.read_text()):
            findings.append(f"{config.relative_to(ROOT)}: {match.group(1)} defaults to a literal")


def block(text, start):
    """the body of the {...} block whose opening brace ends the match at start"""
    depth, position = 1, start
    while depth:
        position += 1
        depth += {"{": 1, "}": -1}.get(text[position - 1], 0)
    return text[start:position - 1], position


def check_edge(services, findings):
    edge = services.get(EDGE)
    templates = [Path(source) for source, target, named in mounts(edge or {})
                 if not named and source.endswith((".template", ".conf")) and Path(source).is_file()]
    if not templates:
        findings.append(f"{EDGE}: no nginx configuration mounted from this repository")
    for template in templates:
        text = re.sub(r"#[^\n]*", "", template.read_text())
        location = BUCKET_LOCATION.search(text)
        if not location:
            findings.append(f"{template.name}: no location for the bucket (/${{PARLEY_S3_BUCKET}}/)")
            continue
        bucket, end = block(text, location.end())
        sandboxed_spans = [(location.start(), end)]
        sandboxed = [("the bucket", bucket)]
        cdn = CDN_LOCATION.search(text)
        if cdn:
            cdn_block, cdn_end = block(text, cdn.end())
            sandboxed_spans.append((cdn.start(), cdn_end))
            sandboxed.append(("/media-cdn/", cdn_block))
        for what, served in sandboxed:
            if not re.search(r'add_header\s+Content-Security-Policy\s+"[^"]*\bsandbox\b[^"]*"\s+always;', served):
                findings.append(f"{template.name}: {what} is served without Content-Security-Policy: sandbox")
            if not re.search(r'add_header\s+X-Content-Type-Options\s+"?nosniff"?\s+always;', served):
                findings.append(f"{template.name}: {what} is served without X-Content-Type-Options: nosniff")
        if not re.search(r"proxy_pass\s+http://[\w.-]+(:\d+)?;", bucket) or re.search(r"\brewrite\b", bucket):
            findings.append(f"{template.name}: the bucket's path is not passed on unchanged (presigned URLs)")
        host_headers = bucket if "proxy_set_header" in bucket else text[:location.start()]
        if not re.search(r"proxy_set_header\s+Host\s+\$http_host;", host_headers):
            findings.append(f"{template.name}: the bucket's Host header is not passed on unchanged (presigned URLs)")
        outside, position = "", 0
        for start, stop in sorted(sandboxed_spans):
            outside, position = outside + text[position:start], stop
        for directive in HEADER_DIRECTIVE.finditer(outside + text[position:]):
            findings.append(f"{template.name}: {directive.group(1)} outside the bucket (the services set their own "
                            f"headers)")


def clamd_size(value):
    """a clamd.conf size (bytes, or with a K or M suffix: 1024-based) in bytes; None when it is none"""
    match = re.fullmatch(r"(\d+)([kKmM]?)", value.strip())
    if not match:
        return None
    return int(match.group(1)) * {"": 1, "k": 1024, "m": 1024 * 1024}[match.group(2).lower()]


def check_scanning(services, findings):
    scanners = {n: s for n, s in services.items() if str(s.get("image", "")).split(":")[0] == CLAMAV_IMAGE}
    if not scanners:
        findings.append(f"no clamd service ({CLAMAV_IMAGE}): uploads would not be scanned for viruses")
    for name, service in scanners.items():
        health = service.get("healthcheck") or {}
        if health.get("disable") or not health.get("test") or health.get("test") == ["NONE"]:
            findings.append(f"{name}: no health check")
        settings = as_dict(service.get("environment"))
        for limit in CLAMD_SIZE_LIMITS:
            size = clamd_size(settings.get(f"CLAMD_CONF_{limit}", ""))
            if size is None or size < LARGEST_MEDIA_BYTES:
                findings.append(f"{name}: {limit} (CLAMD_CONF_{limit}) is unset or below the largest media allowed "
                                f"({LARGEST_MEDIA_BYTES // (1024 * 1024)} MB)")
        if settings.get("CLAMD_CONF_AlertExceedsMax", "").lower() not in ("yes", "true"):
            findings.append(f"{name}: AlertExceedsMax is off (a file over a scan limit would pass as clean)")
        if not on_named_volume(service, "/var/lib/clamav"):
            findings.append(f"{name}: its signatures (/var/lib/clamav) are not on a volume (downloaded at every start)")
    media = services.get(MEDIA)
    if media is None:
        findings.append(f"no {MEDIA} service found")
        return
    settings = as_dict(media.get("environment"))
    if settings.get("PARLEY_MEDIA_SCANNING_SCANNER", "").lower() != "clamd":
        findings.append(f"{MEDIA}: scanning is off (PARLEY_MEDIA_SCANNING_SCANNER is not clamd)")
    host = settings.get("PARLEY_MEDIA_SCANNING_CLAMD_HOST", "")
    if host not in scanners:
        findings.append(f"{MEDIA}: PARLEY_MEDIA_SCANNING_CLAMD_HOST={host or '(unset)'} is not a clamd service")
    elif host not in (media.get("depends_on") or {}):
        findings.append(f"{MEDIA}: does not depend on {host}")
    if settings.get("PARLEY_MEDIA_SCANNING_CLAMD_PORT", CLAMD_PORT) != CLAMD_PORT:
        findings.append(f"{MEDIA}: PARLEY_MEDIA_SCANNING_CLAMD_PORT is not clamd's {CLAMD_PORT}")


def check_contact_required(compose_file, findings):
    """a plain `docker compose up` stops at once, naming PARLEY_PUSH_CONTACT, until the deployer sets it"""
    plain = resolve(compose_file)
    if plain.returncode == 0:
        findings.append(f"{GATEWAY}: {CONTACT} is not required (the file resolves without it; "
                        f"${{{CONTACT}:?…}} makes `docker compose up` stop until it is set)")
    elif CONTACT not in plain.stderr:
        sys.exit(f"{compose_file.name} does not resolve:\n{plain.stderr}")


def check_push(services, findings):
    gateway = services.get(GATEWAY)
    if gateway is None:
        findings.append(f"no {GATEWAY} service found")
        return
    settings = as_dict(gateway.get("environment"))
    depends_on = gateway.get("depends_on") or {}
    if settings.get("PARLEY_PUSH_ENABLED", "").lower() != "true":
        findings.append(f"{GATEWAY}: push notifications are off (PARLEY_PUSH_ENABLED is not true)")
    uri = re.fullmatch(r"mongodb://(?:[^@/]+@)?([\w.-]+)(?::\d+)?/([^/?]+)(\?.*)?", settings.get("PARLEY_MONGODB_URI", ""))
    if not uri:
        findings.append(f"{GATEWAY}: no MongoDB for push subscriptions and settings (PARLEY_MONGODB_URI with a database)")
    elif str(services.get(uri.group(1), {}).get("image", "")).split(":")[0] != MONGO_IMAGE:
        findings.append(f"{GATEWAY}: PARLEY_MONGODB_URI names {uri.group(1)}, not a MongoDB service of this set-up")
    elif uri.group(1) not in depends_on:
        findings.append(f"{GATEWAY}: does not depend on {uri.group(1)} (its MongoDB)")
    redis = settings.get("PARLEY_REDIS_HOST", "redis")
    if settings.get("PARLEY_GATEWAY_SHARED_STATE", "").lower() != "redis" \
            or str(services.get(redis, {}).get("image", "")).split(":")[0] != REDIS_IMAGE or redis not in depends_on:
        findings.append(f"{GATEWAY}: its replicas share no Redis (PARLEY_GATEWAY_SHARED_STATE redis, depending on a "
                        f"redis service): each would push every message, and push to devices open on another")
    keys_job = services.get(KEYS_JOB, {})
    for half in ("PRIVATE", "PUBLIC"):
        variable = f"PARLEY_PUSH_VAPID_{half}_KEY_FILE"
        file = settings.get(variable, "")
        volume = volume_holding(gateway, file) if file else None
        if not file:
            findings.append(f"{GATEWAY}: {variable} is unset (the VAPID key pair, made by the `{KEYS_JOB}` job)")
        elif volume is None or volume not in writable_volumes(keys_job):
            findings.append(f"{GATEWAY}: {variable}={file} is not on a volume the `{KEYS_JOB}` job writes")
        elif half == "PRIVATE":
            for name, service in services.items():
                if name not in (GATEWAY, KEYS_JOB) and any(source == volume for source, _, _ in mounts(service)):
                    findings.append(f"{name}: mounts {volume}, the gateway's VAPID private key")
    if settings.get(CONTACT) != SAMPLE_CONTACT:
        findings.append(f"{GATEWAY}: {CONTACT} is not the deployer's ({CONTACT}={settings.get(CONTACT) or '(unset)'} "
                        f"with {CONTACT}={SAMPLE_CONTACT} set)")


def main():
    compose_file = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "docker-compose.yml").resolve()
    findings = []
    check_contact_required(compose_file, findings)
    resolved = resolve(compose_file, **{CONTACT: SAMPLE_CONTACT})
    if resolved.returncode != 0:
        sys.exit(f"{compose_file.name} does not resolve:\n{resolved.stderr}")
    text = resolved.stdout
    services = (yaml.safe_load(text) or {}).get("services") or {}
    check_ports(services, findings)
    check_axon_server(services, findings)
    check_secrets(services, text, findings)
    check_edge(services, findings)
    check_scanning(services, findings)
    check_push(services, findings)
    for finding in findings:
        print(f"{compose_file.name}: {finding}")
    if findings:
        sys.exit(1)
    print(f"{compose_file.name}: only the edge is published, Axon Server access control on, no literal secret, "
          "media sandboxed, uploads scanned, push notifications wired")


if __name__ == "__main__":
    main()
