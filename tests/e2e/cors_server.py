"""A small HTTP server for the fetch() fallback test (tests/e2e/fetch_fallback_browser.mjs).

Serves DIR as static files (the web build, so the page is served from a static host, not by
`wirepad serve`) on one port, and answers on the same port:
  /api/cors      200 with Access-Control-Allow-Origin: * , an exposed X-Exposed and a hidden X-Hidden
  /api/nocors    200 with no CORS headers (the browser refuses it to a cross-origin page)
  /api/echo      PUT: a preflight is answered, the body is echoed back with CORS
usage: /usr/bin/python3 cors_server.py DIR PORT   (prints "listening PORT" when ready)
"""
import functools
import http.server
import sys


class Handler(http.server.SimpleHTTPRequestHandler):
    def cors(self):
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Access-Control-Expose-Headers", "X-Exposed")

    def answer(self, body, cors, status=200):
        self.send_response(status)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Exposed", "shown")
        self.send_header("X-Hidden", "hidden")
        if cors:
            self.cors()
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        if self.path == "/api/cors":
            return self.answer(b"cors ok\n", True)
        if self.path == "/api/nocors":
            return self.answer(b"no cors\n", False)
        return super().do_GET()

    def do_OPTIONS(self):
        self.send_response(204)
        self.cors()
        self.send_header("Access-Control-Allow-Methods", "PUT")
        self.send_header("Access-Control-Allow-Headers", "Content-Type, X-Trace")
        self.end_headers()

    def do_PUT(self):
        n = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(n)
        trace = self.headers.get("X-Trace", "")
        return self.answer(b"put " + body + b" trace=" + trace.encode() + b"\n", True)

    def log_message(self, *args):
        pass


def main():
    directory, port = sys.argv[1], int(sys.argv[2])
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(Handler, directory=directory))
    print("listening", port, flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
