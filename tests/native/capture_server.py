#!/usr/bin/python3
"""A loopback server that records the exact bytes of each HTTP request it gets (the head and a
Content-Length body) and answers 200. Prints "listening PORT" once ready, then one line
"request HEX" per request, so a test can compare what two clients (curl, wirepad) sent.

With --digest it challenges: a request without "Authorization: Digest" is answered 401 with a
fixed Digest challenge (MD5, qop=auth), so a client's probe and its answer are both recorded
(e.g. curl and wirepad sending through it as their proxy, with -U)."""
import socket, sys

DIGEST = "--digest" in sys.argv[1:]
CHALLENGE = b'WWW-Authenticate: Digest realm="capture", qop="auth", nonce="c4pture", algorithm=MD5\r\n'

server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(("127.0.0.1", 0))
server.listen(16)
print("listening", server.getsockname()[1], flush=True)

def read_request(conn):
    conn.settimeout(10)
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return data
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
        if name.strip().lower() == b"expect" and b"100-continue" in value.lower():
            conn.sendall(b"HTTP/1.1 100 Continue\r\n\r\n")
    while len(body) < length:
        chunk = conn.recv(65536)
        if not chunk:
            break
        body += chunk
    return head + b"\r\n\r\n" + body

while True:
    conn, _ = server.accept()
    try:
        request = read_request(conn)
        head = request.partition(b"\r\n\r\n")[0].lower()
        if DIGEST and b"\r\nauthorization: digest " not in head:
            conn.sendall(b"HTTP/1.1 401 Unauthorized\r\n" + CHALLENGE + b"Content-Length: 0\r\nConnection: close\r\n\r\n")
        else:
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 3\r\nConnection: close\r\n\r\nok\n")
        print("request", request.hex(), flush=True)
    except OSError as error:
        print("error", error, flush=True)
    finally:
        conn.close()
