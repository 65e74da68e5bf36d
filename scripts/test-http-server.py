#!/usr/bin/env python3
"""A loopback HTTP server with one route per fault mode, for the `lockstep pull` tests.

Usage: test-http-server.py FIXTURES_DIR

Binds 127.0.0.1 on a free port, prints the port on its first stdout line, and serves until standard
input closes (the test process exits or closes the pipe) or it is killed. Python standard library only.

Routes (every request is counted per path, without the query string):
  /pages/<name>.html[?delay=S]  a fixture page with ETag and Last-Modified; 304 on a matching
                                If-None-Match or a not-older If-Modified-Since; `delay` waits first
  /status/<code>                that status with a small text body
  /flaky/<n>/<name>.html        500 for the first n requests to this path, then the page
  /throttle/<name>.html         429 with Retry-After: 1 on the first request, then the page
  /redirect/<n>                 302 to /redirect/<n-1>; /redirect/0 serves pages/en.html
  /redirect-evil                302 to http://evil.example/page
  /redirect-ftp                 302 to ftp://127.0.0.1/page
  /redirect-relative            302 to a relative Location (pages/en.html)
  /loop/a, /loop/b              302 to each other
  /huge                         text/html, 20 MB sent in chunks (chunked encoding, no length)
  /huge-declared                text/html with Content-Length of 20 MB (body streamed)
  /truncated                    Content-Length 10000, then about 950 bytes and a closed connection
  /slow                         waits 5 s before answering
  /json                         Content-Type: application/json
  /latin1                       text/html; charset=iso-8859-1, a Latin-1 page saying "Työ"
  /__count?path=P               how many requests P has had, as plain text
  /__last?path=P                the request headers of P's last request, as JSON
  /__stats                      {"maxInFlight": n} for /pages/ requests since the last /__reset
  /__reset                      clears the counters and statistics
"""

import hashlib
import json
import os
import socketserver
import sys
import threading
import time
from email.utils import parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import parse_qs, urlsplit

FIXTURES = sys.argv[1] if len(sys.argv) > 1 else "."
LAST_MODIFIED = "Wed, 10 Apr 2024 08:00:00 GMT"
LOCK = threading.Lock()
COUNTS = {}
LAST_HEADERS = {}
STATS = {"inFlight": 0, "maxInFlight": 0}


def fixture(name):
    path = os.path.join(FIXTURES, os.path.basename(name))
    with open(path, "rb") as handle:
        return handle.read()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "lockstep-test/1"

    def log_message(self, format, *args):  # noqa: A002 - silence the default access log
        pass

    # Helpers

    def send_body(self, status, body, content_type="text/html; charset=utf-8", headers=None):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def redirect(self, location, status=302):
        self.send_response(status)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def serve_page(self, name, conditional=True):
        try:
            body = fixture(name)
        except OSError:
            self.send_body(404, b"no such fixture\n", "text/plain")
            return
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        if conditional:
            if_none_match = self.headers.get("If-None-Match")
            if_modified_since = self.headers.get("If-Modified-Since")
            not_modified = False
            if if_none_match is not None:
                tags = [tag.strip() for tag in if_none_match.split(",")]
                not_modified = etag in tags or if_none_match == "*"
            elif if_modified_since is not None:
                try:
                    since = parsedate_to_datetime(if_modified_since)
                    not_modified = since >= parsedate_to_datetime(LAST_MODIFIED)
                except (TypeError, ValueError):
                    not_modified = False
            if not_modified:
                self.send_response(304)
                self.send_header("ETag", etag)
                self.send_header("Last-Modified", LAST_MODIFIED)
                self.end_headers()
                return
        self.send_body(200, body, headers={"ETag": etag, "Last-Modified": LAST_MODIFIED})

    # Routing

    def do_GET(self):  # noqa: N802 - the http.server naming
        parts = urlsplit(self.path)
        path = parts.path
        query = parse_qs(parts.query)
        with LOCK:
            count = COUNTS.get(path, 0) + 1
            COUNTS[path] = count
            LAST_HEADERS[path] = {key: value for key, value in self.headers.items()}
        segments = [segment for segment in path.split("/") if segment]
        try:
            self.route(path, segments, query, count)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def route(self, path, segments, query, count):
        if path == "/__count":
            target = query.get("path", [""])[0]
            with LOCK:
                value = COUNTS.get(target, 0)
            self.send_body(200, f"{value}\n".encode(), "text/plain")
        elif path == "/__last":
            target = query.get("path", [""])[0]
            with LOCK:
                value = LAST_HEADERS.get(target, {})
            self.send_body(200, json.dumps(value).encode(), "application/json")
        elif path == "/__stats":
            with LOCK:
                value = {"maxInFlight": STATS["maxInFlight"]}
            self.send_body(200, json.dumps(value).encode(), "application/json")
        elif path == "/__reset":
            with LOCK:
                COUNTS.clear()
                LAST_HEADERS.clear()
                STATS["inFlight"] = 0
                STATS["maxInFlight"] = 0
            self.send_body(200, b"ok\n", "text/plain")
        elif len(segments) == 2 and segments[0] == "pages":
            with LOCK:
                STATS["inFlight"] += 1
                STATS["maxInFlight"] = max(STATS["maxInFlight"], STATS["inFlight"])
            try:
                delay = float(query.get("delay", ["0"])[0])
                if delay > 0:
                    time.sleep(delay)
                self.serve_page(segments[1])
            finally:
                with LOCK:
                    STATS["inFlight"] -= 1
        elif len(segments) == 2 and segments[0] == "status":
            code = int(segments[1])
            self.send_body(code, f"status {code}\n".encode(), "text/plain")
        elif len(segments) == 3 and segments[0] == "flaky":
            if count <= int(segments[1]):
                self.send_body(500, b"internal error\n", "text/plain")
            else:
                self.serve_page(segments[2], conditional=False)
        elif len(segments) == 2 and segments[0] == "throttle":
            if count == 1:
                self.send_body(429, b"slow down\n", "text/plain", {"Retry-After": "1"})
            else:
                self.serve_page(segments[1], conditional=False)
        elif len(segments) == 2 and segments[0] == "redirect":
            remaining = int(segments[1])
            if remaining <= 0:
                self.serve_page("en.html", conditional=False)
            else:
                self.redirect(f"/redirect/{remaining - 1}")
        elif path == "/redirect-evil":
            self.redirect("http://evil.example/page")
        elif path == "/redirect-ftp":
            self.redirect("ftp://127.0.0.1/page")
        elif path == "/redirect-relative":
            self.redirect("pages/en.html", status=301)
        elif len(segments) == 2 and segments[0] == "loop":
            self.redirect("/loop/b" if segments[1] == "a" else "/loop/a")
        elif path == "/huge":
            self.send_huge(chunked=True)
        elif path == "/huge-declared":
            self.send_huge(chunked=False)
        elif path == "/truncated":
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", "10000")
            self.end_headers()
            self.wfile.write(b"<!DOCTYPE html><html><body><main id=\"main\"><h1>Cut</h1><p>" + b"x" * 900)
            self.wfile.flush()
            self.close_connection = True
        elif path == "/slow":
            time.sleep(5)
            self.serve_page("en.html", conditional=False)
        elif path == "/json":
            self.send_body(200, b'{"page": "not html"}\n', "application/json")
        elif path == "/latin1":
            self.send_body(200, fixture("latin1.html"), "text/html; charset=iso-8859-1")
        else:
            self.send_body(404, b"not found\n", "text/plain")

    def send_huge(self, chunked):
        total = 20 * 1024 * 1024
        chunk = b"<p>" + b"x" * (64 * 1024 - 8) + b"</p>\n"
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        if chunked:
            self.send_header("Transfer-Encoding", "chunked")
        else:
            self.send_header("Content-Length", str(total))
        self.end_headers()
        sent = 0
        while sent < total:
            piece = chunk[: total - sent]
            if chunked:
                self.wfile.write(f"{len(piece):x}\r\n".encode() + piece + b"\r\n")
            else:
                self.wfile.write(piece)
            sent += len(piece)
        if chunked:
            self.wfile.write(b"0\r\n\r\n")


class Server(socketserver.ThreadingMixIn, HTTPServer):
    daemon_threads = True
    allow_reuse_address = True


def main():
    server = Server(("127.0.0.1", 0), Handler)
    print(server.server_address[1], flush=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    # Serve until standard input closes: the test process went away or closed the pipe.
    while sys.stdin.buffer.read(4096):
        pass
    os._exit(0)


if __name__ == "__main__":
    main()
