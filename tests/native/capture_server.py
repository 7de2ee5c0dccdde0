#!/usr/bin/python3
"""A loopback server that records the exact bytes of each HTTP request it gets (the head and a
Content-Length body) and answers 200. Prints "listening PORT" once ready, then one line
"request HEX" per request, so a test can compare what two clients (curl, wirepad) sent."""
import socket, sys

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
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 3\r\nConnection: close\r\n\r\nok\n")
        print("request", request.hex(), flush=True)
    except OSError as error:
        print("error", error, flush=True)
    finally:
        conn.close()
