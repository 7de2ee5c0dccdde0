#!/usr/bin/python3
"""A Digest challenger for comparing Wirepad's Authorization header with curl's: answers a
request without Authorization with 401 and a fixed challenge chosen by the path, and a request
with one with 200 and that header's value as the body (so the client's exact bytes can be read
back). Listens on 127.0.0.1 on an ephemeral port and prints "listening PORT".

A POST is answered the same way; its 401 says in X-Body-Length how many body bytes came
without credentials, and its 200 body is the header, a line feed, and the request body it came
with (so a test sees the body went out with the credentials, not before).

Paths: /md5, /md5-sess, /sha256, /sha256-sess, /sha256-userhash, /md5-noqop, /md5-noalg
"""
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

CHALLENGES = {
    "/md5": 'Digest realm="wirepad@example.org", qop="auth", algorithm=MD5, nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41"',
    "/md5-sess": 'Digest realm="wirepad@example.org", qop="auth", algorithm=MD5-sess, nonce="7ypf/xlj9XXwfDPEoM4URrv", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"',
    "/sha256": 'Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=SHA-256, nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"',
    "/sha256-sess": 'Digest realm="wirepad", qop="auth", algorithm=SHA-256-sess, nonce="a1b2c3d4e5f6"',
    "/sha256-userhash": 'Digest realm="api@example.org", qop="auth", algorithm=SHA-256, nonce="5TsQWLVdgBdmrQ0XsxbDODV+57QdFR34I9HAbC/RVvkK", opaque="HRPCssKJSGjCrkzDg8OhwpzCiGPChXYjwrI2QmXDnsOS", charset=UTF-8, userhash=true',
    "/md5-noqop": 'Digest realm="old-server", nonce="0123456789abcdef"',
    "/md5-noalg": 'Digest realm="wirepad", qop="auth", nonce="n0alg"',
}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_GET(self):
        self.answer(b"", None)

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        self.answer(b"\n" + body, len(body))

    def answer(self, tail, received):
        path = self.path.split("?")[0]
        auth = self.headers.get("Authorization")
        if auth is None:
            body = b"challenge\n"
            self.send_response(401)
            self.send_header("WWW-Authenticate", CHALLENGES.get(path, CHALLENGES["/md5"]))
            if received is not None:
                self.send_header("X-Body-Length", str(received))  # what came before the challenge
        else:
            body = auth.encode("latin-1") + tail
            self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print("listening %d" % httpd.server_address[1], flush=True)
httpd.serve_forever()
