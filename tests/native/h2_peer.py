#!/usr/bin/python3
"""HTTP/2 peers for tests/native/h2_peer_test.cpp (Debian's python3-hypercorn and python3-hpack).

  h2_peer.py echo PORT [CERT KEY]   hypercorn (h2c with prior knowledge, or h2 over TLS with
                                    ALPN) serving /echo (the request as JSON) and /bytes/N
  h2_peer.py chaos MODE             a raw-socket server that breaks HTTP/2 on purpose, once

Both print "listening PORT" when ready. Chaos modes, each after reading the client's preface:
  bad-settings        a SETTINGS frame of 5 bytes (FRAME_SIZE_ERROR, RFC 9113 §6.5)
  rst                 RST_STREAM REFUSED_STREAM on stream 1
  goaway-unprocessed  GOAWAY NO_ERROR with last stream 0: the request was not processed
  goaway-mid-stream   the head and part of the body, then GOAWAY INTERNAL_ERROR and a close
  upper-header        a response field with an upper-case name (RFC 9113 §8.2.1)
  huge-table          an HPACK table size update to 1 MiB, over the 4096 the client allows
  window-overflow     WINDOW_UPDATE that pushes the connection window past 2^31-1
  close-mid-stream    the head and part of the body, then a close without GOAWAY
"""
import asyncio
import hashlib
import json
import socket
import struct
import sys


def frame(kind, flags, stream, payload=b""):
    return struct.pack(">I", len(payload))[1:] + bytes([kind, flags]) + struct.pack(">I", stream) + payload


DATA, HEADERS, RST_STREAM, SETTINGS, GOAWAY, WINDOW_UPDATE = 0, 1, 3, 4, 7, 8
END_STREAM, END_HEADERS, ACK = 1, 4, 1


def literal(name, value):
    """An HPACK literal field without indexing and with a new name, no Huffman (RFC 7541 §6.2.2)."""
    assert len(name) < 127 and len(value) < 127
    return b"\x00" + bytes([len(name)]) + name + bytes([len(value)]) + value


STATUS_200 = b"\x88"  # the static table's :status 200 (RFC 7541 Appendix A, index 8)


def read_exactly(conn, n):
    data = b""
    while len(data) < n:
        more = conn.recv(n - len(data))
        if not more:
            raise ConnectionError("the client closed")
        data += more
    return data


def read_request(conn):
    """The preface, then frames until the request's HEADERS (with END_HEADERS) arrived."""
    read_exactly(conn, 24)
    while True:
        head = read_exactly(conn, 9)
        length = int.from_bytes(head[:3], "big")
        read_exactly(conn, length)
        if head[3] == HEADERS and head[4] & END_HEADERS:
            return


def chaos(mode):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    print("listening", listener.getsockname()[1], flush=True)
    conn, _ = listener.accept()
    try:
        read_request(conn)
        if mode == "bad-settings":
            conn.sendall(frame(SETTINGS, 0, 0, b"\x00\x03\x00\x00\x00"))
        elif mode == "rst":
            conn.sendall(frame(SETTINGS, 0, 0) + frame(RST_STREAM, 0, 1, struct.pack(">I", 7)))
        elif mode == "goaway-unprocessed":
            conn.sendall(frame(SETTINGS, 0, 0) + frame(GOAWAY, 0, 0, struct.pack(">II", 0, 0) + b"going away"))
        elif mode in ("goaway-mid-stream", "close-mid-stream"):
            head = STATUS_200 + literal(b"content-length", b"100")
            out = frame(SETTINGS, 0, 0) + frame(HEADERS, END_HEADERS, 1, head) + frame(DATA, 0, 1, b"x" * 40)
            if mode == "goaway-mid-stream":
                out += frame(GOAWAY, 0, 0, struct.pack(">II", 1, 2) + b"maintenance")
            conn.sendall(out)
        elif mode == "upper-header":
            head = STATUS_200 + literal(b"X-Upper", b"1")
            conn.sendall(frame(SETTINGS, 0, 0) + frame(HEADERS, END_HEADERS | END_STREAM, 1, head))
        elif mode == "huge-table":
            # Dynamic table size update (RFC 7541 §6.3): 001xxxxx with 1 MiB as a 5-bit prefix integer.
            size, update = 1 << 20, bytearray([0x3F])
            rest = size - 31
            while rest >= 128:
                update.append((rest & 0x7F) | 0x80)
                rest >>= 7
            update.append(rest)
            conn.sendall(frame(SETTINGS, 0, 0) + frame(HEADERS, END_HEADERS | END_STREAM, 1, bytes(update) + STATUS_200))
        elif mode == "window-overflow":
            conn.sendall(frame(SETTINGS, 0, 0) + frame(WINDOW_UPDATE, 0, 0, struct.pack(">I", 0x7FFFFFFF)))
        else:
            raise SystemExit("unknown mode " + mode)
        # Let the client answer (a GOAWAY), then go.
        conn.settimeout(3)
        try:
            while conn.recv(65536):
                pass
        except (socket.timeout, ConnectionError):
            pass
    finally:
        conn.close()


async def app(scope, receive, send):
    if scope["type"] != "http":
        return
    body = b""
    while True:
        message = await receive()
        body += message.get("body", b"")
        if not message.get("more_body"):
            break
    path = scope["path"]
    if path.startswith("/bytes/"):
        n = int(path[len("/bytes/"):])
        payload = bytes(i % 251 for i in range(n))
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", b"application/octet-stream"), (b"content-length", str(n).encode())]})
        await send({"type": "http.response.body", "body": payload})
        return
    answer = json.dumps({
        "http_version": scope["http_version"],
        "method": scope["method"],
        "path": scope["path"],
        "query": scope["query_string"].decode(),
        "headers": [[k.decode(), v.decode()] for k, v in scope["headers"]],
        "body_size": len(body),
        "body_sha256": hashlib.sha256(body).hexdigest(),
    }).encode()
    await send({"type": "http.response.start", "status": 201,
                "headers": [(b"content-type", b"application/json"), (b"x-echo", b"yes")]})
    await send({"type": "http.response.body", "body": answer})


def echo(port, cert=None, key=None):
    from hypercorn.asyncio import serve
    from hypercorn.config import Config
    config = Config()
    config.bind = ["127.0.0.1:%d" % port]
    config.loglevel = "WARNING"
    if cert:
        config.certfile, config.keyfile = cert, key
        config.alpn_protocols = ["h2", "http/1.1"]

    async def main():
        server = asyncio.ensure_future(serve(app, config))
        # hypercorn prints nothing we can wait for: poll the port, then say we listen.
        for _ in range(200):
            try:
                _, writer = await asyncio.open_connection("127.0.0.1", port)
                writer.close()
                break
            except OSError:
                await asyncio.sleep(0.05)
        print("listening", port, flush=True)
        await server

    asyncio.run(main())


if __name__ == "__main__":
    if sys.argv[1] == "chaos":
        chaos(sys.argv[2])
    else:
        echo(int(sys.argv[2]), *sys.argv[3:5])
