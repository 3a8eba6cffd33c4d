#!/usr/bin/env python3
"""Test of the edge (deploy/nginx/parley.conf.template) with a real nginx on the loopback interface, in front of stub
upstreams that answer with the headers their real counterparts send (MinIO for the bucket, a Parley service for
the rest). Run by .ci/run; needs nginx (Debian's).

Checks that the bucket path (presigned media URLs) reaches MinIO with path, query and Host unchanged and comes back
with exactly `Content-Security-Policy: sandbox` and `X-Content-Type-Options: nosniff`, on errors too; that CDN links
(/media-cdn/, signed as the media service signs them) are checked by secure_link (forged: 403, expired: 410), reach
the media service once and are answered from the cache after (X-Cache-Status), sandboxed too; and that every other
path reaches its service and passes the service's own headers through untouched.

Debian's nginx (1.22) predates `server ... resolve` in upstreams (1.27.3): the test points each upstream at its stub's
address instead, the only change made to the template besides the bucket name and the listening address.
"""
import base64
import hashlib
import http.client
import json
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

TEMPLATE = Path(__file__).resolve().parent / "nginx" / "parley.conf.template"
BUCKET = "parley-media"
CDN_SECRET = "test-edge-secret-0123456789abcdefghijklmnop"
# what MinIO sends along with an object (its own security headers included)
MINIO_HEADERS = {"Content-Type": "text/html", "Content-Security-Policy": "block-all-mixed-content",
                 "X-Content-Type-Options": "nosniff", "Server": "MinIO"}
# what a Parley service sends (e.g. the web client's page)
APP_HEADERS = {"Content-Type": "text/html", "Content-Security-Policy": "default-src 'self'; frame-ancestors 'none'",
               "X-Content-Type-Options": "nosniff", "Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}
# what the media service sends with a CDN link's bytes (io.parley.media.download.CdnOriginController)
CDN_ORIGIN_HEADERS = {"Content-Type": "image/png", "Cache-Control": "public, max-age=31536000, immutable",
                      "Content-Security-Policy": "sandbox", "X-Content-Type-Options": "nosniff"}
UPSTREAMS = {"command_side": APP_HEADERS, "query_side": APP_HEADERS, "media": APP_HEADERS,
             "realtime_gateway": APP_HEADERS, "object_storage": MINIO_HEADERS}


def stub(name, headers):
    """an upstream that tells who it is and echoes the request it got (and counts them)"""

    class Handler(BaseHTTPRequestHandler):
        def answer(self):
            Handler.hits.append(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            self.rfile.read(length)
            # a presigned URL whose signature does not match: MinIO answers 403 (the headers must be there too)
            status = 403 if "bad-signature" in self.path else 200
            body = json.dumps({"upstream": name, "method": self.command, "path": self.path,
                               "host": self.headers.get("Host"),
                               "request_id": self.headers.get("X-Request-Id")}).encode()
            self.send_response(status)
            for key, value in (CDN_ORIGIN_HEADERS if self.path.startswith("/media-cdn/") else headers).items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_PUT = do_POST = do_DELETE = answer
        hits = []

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.hits = Handler.hits
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_nginx(directory, ports):
    conf = TEMPLATE.read_text().replace("${PARLEY_S3_BUCKET}", BUCKET).replace("${PARLEY_CDN_SECRET}", CDN_SECRET)
    conf = conf.replace("/var/cache/nginx/parley-media", str(directory / "cache"))
    conf = re.sub(r"listen 80;", f"listen 127.0.0.1:{ports['edge']};", conf)
    conf = conf.replace("/var/log/nginx/access.log", str(directory / "access.log"))
    for upstream, port in ports.items():
        conf = re.sub(rf"(upstream {upstream} \{{[^}}]*?server )[\w.-]+:\d+ resolve;", rf"\g<1>127.0.0.1:{port};", conf)
    if "resolve;" in conf:
        raise SystemExit("test-edge: an upstream of the template was not pointed at its stub")
    (directory / "parley.conf").write_text(conf)
    temp = directory / "tmp"
    temp.mkdir()
    # the cache is written by nginx's workers, which run as nobody when the test runs as root
    (directory / "cache").mkdir()
    directory.chmod(0o755)
    (directory / "cache").chmod(0o777)
    (directory / "nginx.conf").write_text(f"""
daemon off;
worker_processes 1;
error_log {directory}/error.log;
pid {directory}/nginx.pid;
events {{}}
http {{
    access_log off;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    include {directory}/parley.conf;
}}
""")
    nginx = subprocess.Popen(["nginx", "-p", str(directory), "-c", str(directory / "nginx.conf")],
                             stderr=subprocess.PIPE, text=True)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", ports["edge"]), timeout=0.1).close()
            return nginx
        except OSError:
            if nginx.poll() is not None:
                raise SystemExit(f"test-edge: nginx did not start: {nginx.stderr.read()}")
            time.sleep(0.1)
    raise SystemExit("test-edge: nginx did not listen")


def request(port, method, path, host="parley.example:8080", body=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request(method, path, body=body, headers={"Host": host})
    response = connection.getresponse()
    payload = response.read()
    connection.close()
    return response, json.loads(payload) if payload.startswith(b"{") else {}


def cdn_link(path, expires):
    """a CDN link as the media service signs it (io.parley.media.cdn.CdnLinks)"""
    digest = hashlib.md5(f"{expires}{path} {CDN_SECRET}".encode()).digest()
    return f"{path}?expires={expires}&md5={base64.urlsafe_b64encode(digest).decode().rstrip('=')}"


def main():
    failures = []

    def expect(what, condition):
        if not condition:
            failures.append(what)

    stubs = {name: stub(name, headers) for name, headers in UPSTREAMS.items()}
    ports = {name: server.server_address[1] for name, server in stubs.items()}
    ports["edge"] = free_port()
    directory = Path(tempfile.mkdtemp(prefix="parley-edge-"))
    nginx = start_nginx(directory, ports)
    try:
        # presigned media URLs: download, upload, a rejected signature
        for method, path, body in (
                ("GET", f"/{BUCKET}/uploads/abc?X-Amz-Signature=0f1e&X-Amz-Expires=900", None),
                ("PUT", f"/{BUCKET}/uploads/abc?partNumber=1&uploadId=u1&X-Amz-Signature=0f1e", b"<html>x</html>"),
                ("GET", f"/{BUCKET}/uploads/abc?X-Amz-Signature=bad-signature", None)):
            response, echo = request(ports["edge"], method, path, host="chat.example.org:8443", body=body)
            label = f"{method} {path.split('?')[0]} ({response.status})"
            expect(f"{label}: reaches MinIO", echo.get("upstream") == "object_storage")
            expect(f"{label}: path and query unchanged, got {echo.get('path')}", echo.get("path") == path)
            expect(f"{label}: Host unchanged, got {echo.get('host')}", echo.get("host") == "chat.example.org:8443")
            expect(f"{label}: Content-Security-Policy is exactly 'sandbox', got "
                   f"{response.headers.get_all('Content-Security-Policy')}",
                   response.headers.get_all("Content-Security-Policy") == ["sandbox"])
            expect(f"{label}: X-Content-Type-Options is exactly 'nosniff', got "
                   f"{response.headers.get_all('X-Content-Type-Options')}",
                   response.headers.get_all("X-Content-Type-Options") == ["nosniff"])
        # CDN links: checked at the edge, the media service asked once, then the cache
        path = "/media-cdn/m-1"
        link = cdn_link(path, int(time.time()) + 3600)
        answers = [request(ports["edge"], "GET", link) for _ in range(2)]
        origin_hits = [hit for hit in stubs["media"].hits if hit.startswith(path)]
        expect(f"a CDN link reaches the media service once, got {origin_hits}", origin_hits == [link])
        expect(f"the first answer is a miss, the second from the cache, got "
               f"{[response.headers.get('X-Cache-Status') for response, _ in answers]}",
               [response.headers.get("X-Cache-Status") for response, _ in answers] == ["MISS", "HIT"])
        for response, echo in answers:
            expect(f"a CDN link: 200 from the media service, got {response.status} {echo}",
                   response.status == 200 and echo.get("upstream") == "media")
            expect(f"a CDN link: sandboxed, got {response.headers.get_all('Content-Security-Policy')} "
                   f"{response.headers.get_all('X-Content-Type-Options')}",
                   response.headers.get_all("Content-Security-Policy") == ["sandbox"]
                   and response.headers.get_all("X-Content-Type-Options") == ["nosniff"])
        other = cdn_link("/media-cdn/m-2", int(time.time()) + 3600)
        for label, bad, status in (("tampered", link.replace("m-1", "m-2"), 403),
                                   ("signed for another expiry", other.replace("expires=", "expires=1"), 403),
                                   ("unsigned", path, 403),
                                   ("expired", cdn_link(path, int(time.time()) - 1), 410)):
            response, _ = request(ports["edge"], "GET", bad)
            expect(f"a CDN link {label}: {status}, got {response.status}", response.status == status)
        expect("refused CDN links never reach the media service",
               [hit for hit in stubs["media"].hits if hit.startswith("/media-cdn/")] == [link])
        # everything else: the service's own headers, untouched
        for method, path, upstream in (("GET", "/", "realtime_gateway"),
                                       ("GET", "/api/v1/conversations", "query_side"),
                                       ("POST", "/api/v1/conversations", "command_side"),
                                       ("POST", "/api/v1/auth/login", "command_side"),
                                       ("POST", "/api/v1/media/uploads", "media")):
            response, echo = request(ports["edge"], method, path, body=b"{}" if method == "POST" else None)
            label = f"{method} {path}"
            expect(f"{label}: reaches {upstream}, got {echo.get('upstream')}", echo.get("upstream") == upstream)
            for header, value in APP_HEADERS.items():
                expect(f"{label}: {header} passed through, got {response.headers.get_all(header)}",
                       response.headers.get_all(header) == [value])
        # the access log: a JSON line per request with the id the service got, never a query (signatures, tokens)
        response, echo = request(ports["edge"], "GET", "/ws?access_token=secret-token")
        expect(f"the edge passes a request id on, got {echo.get('request_id')}",
               re.fullmatch(r"[0-9a-f]{32}", echo.get("request_id") or "") is not None)
        logged = False
        for _ in range(50):  # nginx writes the line once the answer is out
            lines = [json.loads(line) for line in (directory / "access.log").read_text().splitlines()]
            logged = any(line["http"]["request"]["id"] == echo.get("request_id") and line["url"]["path"] == "/ws"
                         for line in lines)
            if logged:
                break
            time.sleep(0.1)
        expect("the access log has the request's id and path", logged)
        expect("the access log holds no query: no signature, no token",
               not any(secret in (directory / "access.log").read_text() for secret in ("X-Amz", "secret-token")))
    finally:
        nginx.terminate()
        nginx.wait(10)
        for server in stubs.values():
            server.shutdown()
        shutil.rmtree(directory, ignore_errors=True)
    for failure in failures:
        print(f"test-edge: {failure}")
    if failures:
        sys.exit(1)
    print("test-edge: media URLs sandboxed with path and Host unchanged; CDN links checked and cached; the services' "
          "headers pass through; "
          "request ids passed on and logged, queries never")


if __name__ == "__main__":
    main()
