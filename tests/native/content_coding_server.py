#!/usr/bin/python3
"""A loopback HTTP server for the content-coding tests: serves one text under each coding with
Python's own encoders (gzip, zlib), Debian's python3-brotli and Debian's zstd command (the
reference encoder). Prints "listening PORT" once ready. Paths: /gzip /x-gzip /deflate
/rawdeflate /br /gzip-br /zstd /gzip-zstd /zstd-twoframes /gzip-chunked /zstd-chunked
/gzip-truncated /zstd-truncated, and /negotiate, which encodes with gzip only when the
request's Accept-Encoding offers it and echoes the header it got in X-Accept-Encoding."""
import gzip, http.server, subprocess, sys, zlib
import brotli

TEXT = b"".join(b"line %d: the quick brown fox jumps over the lazy dog\n" % i for i in range(2000))

def raw_deflate(data):
    c = zlib.compressobj(6, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush()

def zstd(data):
    return subprocess.run(["zstd", "-q", "-c"], input=data, stdout=subprocess.PIPE, check=True).stdout

ZSTD_TEXT = zstd(TEXT)

ROUTES = {
    "/gzip": ("gzip", lambda: gzip.compress(TEXT)),
    "/x-gzip": ("x-gzip", lambda: gzip.compress(TEXT)),
    "/deflate": ("deflate", lambda: zlib.compress(TEXT)),
    "/rawdeflate": ("deflate", lambda: raw_deflate(TEXT)),
    "/br": ("br", lambda: brotli.compress(TEXT)),
    "/gzip-br": ("gzip, br", lambda: brotli.compress(gzip.compress(TEXT))),
    "/zstd": ("zstd", lambda: ZSTD_TEXT),
    "/gzip-zstd": ("gzip, zstd", lambda: zstd(gzip.compress(TEXT))),
    "/zstd-twoframes": ("zstd", lambda: zstd(TEXT[:5000]) + zstd(TEXT[5000:])),
    "/zstd-truncated": ("zstd", lambda: ZSTD_TEXT[:len(ZSTD_TEXT) // 2]),
    # Framed correctly (Content-Length), but the gzip stream stops halfway.
    "/gzip-truncated": ("gzip", lambda: gzip.compress(TEXT)[:len(gzip.compress(TEXT)) // 2]),
}

class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_GET(self):
        if self.path in ("/gzip-chunked", "/zstd-chunked"):
            coding = self.path[1:self.path.index("-")]
            body = gzip.compress(TEXT) if coding == "gzip" else ZSTD_TEXT
            self.send_response(200)
            self.send_header("Content-Encoding", coding)
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for at in range(0, len(body), 1000):
                part = body[at:at + 1000]
                self.wfile.write(b"%x\r\n" % len(part) + part + b"\r\n")
            self.wfile.write(b"0\r\n\r\n")
            return
        accept = self.headers.get("Accept-Encoding", "")
        if self.path == "/negotiate":
            coding, body = ("gzip", gzip.compress(TEXT)) if "gzip" in accept else (None, TEXT)
        elif self.path in ROUTES:
            coding, make = ROUTES[self.path]
            body = make()
        else:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        if coding:
            self.send_header("Content-Encoding", coding)
        self.send_header("X-Accept-Encoding", accept)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print("listening", server.server_address[1], flush=True)
server.serve_forever()
