#!/usr/bin/python3
"""A Server-Sent Events server on Python's http.server (the standard library) for SSE tests.

Not Wirepad's lab: a third party's idea of an event stream, answered as HTTP/1.0 (the body ends
when the connection closes), written in pieces with pauses so the client sees them as
separate reads. Prints "listening PORT" once it accepts. Each path is one behaviour:
  /odd         one stream mixing CR, LF and CRLF line ends, a BOM, comments, ids (one with a
               NUL, which a client must ignore), retry lines, multi-line data, split mid-line,
               between a CR and its LF, and inside a UTF-8 character; ends with an
               unfinished event that must not be dispatched
  /forever     an event every 100 ms until the client leaves (ids count up)
  /reconnect   answers Last-Event-ID: the first connection (none sent) gets retry: 150 and
               ids 1 and 2, then the server closes; a later one gets one event whose data is
               the Last-Event-ID it received, id 3, then the server closes
  /html        200 text/html: not an event stream
"""
import socketserver
import sys
import time
from http.server import BaseHTTPRequestHandler, HTTPServer

# The /odd stream as the pieces it is written in: each piece is flushed, then a pause.
ODD_PIECES = [
    b"\xef\xbb",                                  # a BOM cut in two
    b"\xbf: a comment first\r\n",
    b"\r\n",                                      # a blank line after a comment: nothing fires
    b"event: greeting\rdata: hel",                # CR line end; data cut mid-word
    b"lo\r",                                      # CR at the end of a piece ...
    b"\ndata: world\n\n",                         # ... and its LF in the next: one line end
    b"id: 7\r\ndata: caf\xc3",                    # a UTF-8 character cut in two
    b"\xa9\r\n\r\n",
    b"id: bad\x00id\ndata: keeps id 7\n\n",       # an id with NUL is ignored
    b"retry: 2500\nretry: soon\ndata:no space\r\n\r",  # a bad retry is ignored; CR CR ends it
    b"data: {\"json\": [1, 2, 3]}\r\n",
    b"\r\n",
    b"event: last\ndata: never dispatched\n",     # the stream ends before the blank line
]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"

    def log_message(self, *args):
        pass

    def head(self, content_type="text/event-stream"):
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        self.wfile.flush()

    def piece(self, data, pause=0.03):
        self.wfile.write(data)
        self.wfile.flush()
        time.sleep(pause)

    def do_GET(self):
        try:
            if self.path == "/odd":
                self.head()
                for p in ODD_PIECES:
                    self.piece(p)
            elif self.path == "/forever":
                self.head()
                n = 1
                while True:
                    self.piece(b"id: %d\ndata: tick %d\n\n" % (n, n), 0.1)
                    n += 1
            elif self.path == "/reconnect":
                self.head()
                last = self.headers.get("Last-Event-ID")
                if last is None:
                    self.piece(b"retry: 150\n\nid: 1\ndata: one\n\nid: 2\ndata: two\n\n")
                else:
                    self.piece(b"id: 3\ndata: you sent Last-Event-ID " + last.encode() + b"\n\n")
            elif self.path == "/html":
                self.head("text/html")
                self.piece(b"<p>data: not an event</p>\n\n")
            else:
                self.send_error(404)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client left: what /forever is for


class Server(socketserver.ThreadingMixIn, HTTPServer):
    daemon_threads = True


def main():
    server = Server(("127.0.0.1", 0), Handler)
    print("listening", server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
