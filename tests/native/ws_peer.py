#!/usr/bin/python3
"""A WebSocket server on python3-websockets (Debian's package) for `wirepad ws` tests.

Prints "listening PORT" once it accepts. Each path is one behaviour:
  /echo          sends every message back as it came (text as text, binary as binary)
  /fragments     sends one text message in three fragments, then echoes
  /ping          pings with "srv-ping", waits for the pong, says "pong arrived", then echoes
  /close/CODE    after the first message, closes with CODE and the reason "bye from server"
  /bad-utf8      sends a text frame whose payload is not UTF-8 (c3 28)
  /bad-opcode    sends a frame with the reserved opcode 0x3
  /masked        sends a masked text frame (servers must not mask, RFC 6455 §5.1)
  /drop          drops the TCP connection without a close frame
  /headers       sends the request's headers back as one text message, "Name: value" lines
  /bad-deflate   sends a compressed-flagged (RSV1) frame zlib cannot inflate
  /bad-close     closes with a reason that is not UTF-8
  /big           sends a 100,000-byte text message
  /big-fragments the same in ten 10,000-byte fragments
  /mib           sends a 1 MiB text message of 'x'
  /forbidden     answers the handshake with 403 Forbidden (no upgrade)
  /report-close  echoes; when the connection ends, prints "client close CODE" (or "client close
                 none" when no close frame came): did the client's close frame arrive?
  /report-close/CODE  after the first message closes with CODE, then prints the same line
  /report-close-bad   sends the reserved opcode 0x3, then prints the same line
Options: --no-compression (refuse permessage-deflate), --cert/--key (wss), --subprotocol P.
Invalid frames go straight to the transport: websockets itself would never send them.
"""
import argparse
import asyncio
import http
import ssl
import sys

import websockets


async def echo(ws):
    async for message in ws:
        await ws.send(message)


async def handler(ws, path=None):
    try:
        await behave(ws, path or ws.path)
    except websockets.ConnectionClosed:
        pass  # the client closed, or failed the connection on purpose: what the test is about


def report_close(ws):
    rcvd = ws.close_rcvd
    print(f"client close {rcvd.code if rcvd else 'none'}", flush=True)


async def behave(ws, path):
    raw = ws.transport.write
    if path.startswith("/report-close"):
        try:
            if path == "/report-close":
                await echo(ws)
            elif path == "/report-close-bad":
                raw(b"\x83\x00")
                await ws.wait_closed()
            else:
                await ws.recv()
                await ws.close(int(path[len("/report-close/"):]), "bye from server")
            await ws.wait_closed()
        finally:
            report_close(ws)
    elif path == "/echo":
        await echo(ws)
    elif path == "/fragments":
        await ws.send(["frag", "mented ", "message"])
        await echo(ws)
    elif path == "/ping":
        waiter = await ws.ping(b"srv-ping")
        await asyncio.wait_for(waiter, 5)
        await ws.send("pong arrived")
        await echo(ws)
    elif path.startswith("/close/"):
        await ws.recv()
        await ws.close(int(path[len("/close/"):]), "bye from server")
    elif path == "/bad-utf8":
        raw(b"\x81\x02\xc3\x28")
        await ws.wait_closed()
    elif path == "/bad-opcode":
        raw(b"\x83\x00")
        await ws.wait_closed()
    elif path == "/masked":
        raw(b"\x81\x82\x01\x02\x03\x04" + bytes([ord("h") ^ 1, ord("i") ^ 2]))
        await ws.wait_closed()
    elif path == "/bad-deflate":
        raw(b"\xc1\x04\xff\xff\xff\xff")
        await ws.wait_closed()
    elif path == "/bad-close":
        raw(b"\x88\x04\x03\xe8\xc3\x28")
        await ws.wait_closed()
    elif path == "/big":
        await ws.send("x" * 100000)
        await echo(ws)
    elif path == "/mib":
        await ws.send("x" * (1 << 20))
        await echo(ws)
    elif path == "/big-fragments":
        await ws.send(["x" * 10000] * 10)
        await echo(ws)
    elif path == "/drop":
        await ws.recv()
        ws.transport.abort()
    elif path == "/headers":
        await ws.send("\n".join(f"{k}: {v}" for k, v in ws.request_headers.raw_items()))
        await echo(ws)
    else:
        await ws.close(4404, "no such path")


async def refuse(path, headers):
    if path == "/forbidden":
        return http.HTTPStatus.FORBIDDEN, [("Content-Type", "text/plain")], b"nope\n"
    return None


async def main():
    p = argparse.ArgumentParser()
    p.add_argument("--no-compression", action="store_true")
    p.add_argument("--cert")
    p.add_argument("--key")
    p.add_argument("--subprotocol", action="append", default=[])
    a = p.parse_args()
    context = None
    if a.cert:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(a.cert, a.key)
    async with websockets.serve(
        handler, "127.0.0.1", 0, ssl=context,
        compression=None if a.no_compression else "deflate",
        subprotocols=a.subprotocol or None, process_request=refuse,
    ) as server:
        port = server.sockets[0].getsockname()[1]
        print(f"listening {port}", flush=True)
        await asyncio.Future()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        sys.exit(0)
