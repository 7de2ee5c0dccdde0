#!/usr/bin/env python3
"""tests/e2e: a loopback HTTP server (Python's http.server) for the HAR record/replay test.

GET /page serves a page whose script sends a GET and a POST with fetch; every request except
/__log is recorded as it arrived (request line, headers in order, body), and GET /__log
returns the records as JSON. Prints "listening PORT" once ready.
"""
import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PAGE = b"""<!doctype html><meta charset="utf-8"><title>loading</title>
<script>
(async () => {
  const got = await fetch('/api/items?x=1&y=two%20words', { headers: { 'X-Wirepad-Test': 'get' } });
  await got.text();
  const posted = await fetch('/api/items', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Wirepad-Test': 'post' },
    body: JSON.stringify({ name: 'ada', note: 'caf\\u00e9 & tea' }),
  });
  await posted.text();
  document.title = 'done';
})();
</script>"""

records = []


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def handle_any(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        if self.path == "/__log":
            self.answer(200, "application/json", json.dumps(records).encode())
            return
        records.append({
            "request_line": self.requestline,
            "headers": [[k, v] for k, v in self.headers.items()],
            "body": body.decode("utf-8", "replace"),
        })
        if self.path == "/page":
            self.answer(200, "text/html; charset=utf-8", PAGE)
        elif self.path.startswith("/api/"):
            self.answer(200, "application/json", b'{"ok": true}')
        else:
            self.answer(404, "text/plain", b"not found\n")

    def answer(self, status, content_type, body):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    do_GET = handle_any
    do_POST = handle_any


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print("listening", server.server_address[1], flush=True)
try:
    server.serve_forever()
except KeyboardInterrupt:
    sys.exit(0)
