#!/usr/bin/python3
"""A loopback HTTP server with the endpoints the peers' own example files call
(tests/data/peers/README.md): the Hurl integration tests' /assert-json, /assert-header,
/captures* and /form-params (answers as those tests' Flask routes give them), Bruno's testbench
echo routes (/api/echo/json, /api/echo/text, /api/echo/custom) and /echo (the request body back
with its Content-Type). Prints "listening PORT" once ready (port 0: an ephemeral one)."""
import json, sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit, parse_qsl

ASSERT_JSON = """{
  "count": 5,
  "success": false,
  "errors": [{"id":"error1"},{"id":"error2"}],
  "failures": [{"id":"failure1"}],
  "warnings": [],
  "message": "Bob says \\"Hello\\"",
  "duration": 1.5,
  "tags": ["test"],
  "nullable": null,
  "profile-id": "123abc",
  "dates": [
    "2022-10-31T09:00:00.594Z",
    "2024-03-20T11:23:56.773+02:00"
  ],
  "uuid": "01cc0f54-8885-4a1d-9121-ae5d316a33c5",
  "empty": {}
}"""

JSON_ROUTES = {
    "/assert-json": ASSERT_JSON,
    "/assert-json/list": '[\n  { "id": 1, "name": "Bob"},\n  { "id": 2, "name": "Bill"}\n]',
    "/assert-json/filter": json.dumps({"fruit": [
        {"name": "apple", "price": {"US": 100, "UN": 110}, "countries": ["China", "New Zealand"]},
        {"name": "grape", "price": {"US": 200, "UN": 150}, "countries": ["France", "Italy"]},
        {"name": "orange", "countries": ["Spain"]},
        {"name": "kiwi", "countries": ["New Zealand", "Italy"]}]}),
    "/assert-json/filter-by-name": json.dumps({"main": {"items": [
        {"id": 1, "name": "car"}, {"id": 2, "name": "bike", "items": [{"id": 4, "name": "wheel"}]},
        {"id": 3, "name": "plane"}]}, "more": {"items": [{"id": 5, "name": "scooter"}]}}),
    "/assert-json/big-number": '{\n  "big_integer": 1000000000000000000000\n}',
    "/assert-json/list-in-list": '{"list": [1, 2, 3], "list_in_list": [[1, 2, 3]]}',
    "/captures-json": '{"a_null":null,"an_object":{"id": "123"},"a_list":[1,2,3],"an_integer":1,'
                      '"a_big_integer":10000000000000000365,"a_float":1.1,"a_bool":true,"a_string":"hello",'
                      '"a_date_like_string":"2012-04-23T18:25:43.511Z"}',
}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def answer(self, status, body=b"", headers=()):
        if isinstance(body, str):
            body = body.encode()
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def body(self):
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def do_GET(self):
        url = urlsplit(self.path)
        path, query = url.path, dict(parse_qsl(url.query, keep_blank_values=True))
        if path in JSON_ROUTES:
            return self.answer(200, JSON_ROUTES[path], [("Content-Type", "application/json")])
        if path == "/assert-json/index":
            return self.answer(200, "1", [("Content-Type", "text/html; charset=utf-8")])
        if path == "/assert-header":
            return self.answer(200, "", [
                ("Content-Type", "text/html; charset=utf-8"), ("Header1", "value1"),
                ("ETag", '"33a64df551425fcc55e4d42a148795d9f25f89d4"'), ("Expires", "Wed, 21 Oct 2015 07:28:00 GMT"),
                ("Set-Cookie", "cookie1=value1; Path=/"), ("Set-Cookie", "cookie2=value2; Path=/"),
                ("Set-Cookie", "cookie3=value3; Path=/"), ("X-Fruit", "Banana"), ("X-Fruit", "Lemon"),
                ("X-Fruit", "Grape"), ("X-Fruit", "Strawberry")])
        locations = {"/assert-header-location-http": "http://localhost:8000",
                     "/assert-header-location-custom-scheme": "market://details?id=com.example.package",
                     "/assert-header-location-xxx": "xxx"}
        if path in locations:
            return self.answer(302, "", [("Location", locations[path])])
        if path == "/captures":
            return self.answer(200, "Hello world!", [("Header1", "value1"), ("Header2", "Hello Bob!")])
        if path == "/captures-check":
            ok = query.get("param1") == "value1" and query.get("param2") == "Bob"
            return self.answer(200 if ok else 500, "" if ok else "param1/param2: %r" % query)
        if path == "/captures-xml":
            return self.answer(200, "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>title</title></head><body>"
                                    "<p>Lorem ipsum dolor sit amet</p><p>Sed ut perspiciatis unde omnis</p></body></html>",
                               [("Content-Type", "text/html; charset=utf-8")])
        if path == "/captures-cookie":
            return self.answer(200, "", [("Set-Cookie", "foo=value1; Domain=localhost; Expires=Thu, 13 Jan 2078 22:23:01 GMT; "
                                                        "Max-Age=2592000; HttpOnly; Path=/bar")])
        return self.answer(404, "no route " + path)

    def do_POST(self):
        path = urlsplit(self.path).path
        body = self.body()
        kind = self.headers.get("Content-Type") or "application/octet-stream"
        if path == "/form-params":
            got = parse_qsl(body.decode(), keep_blank_values=True)
            want = [("param1", "value1"), ("param2", ""), ("param3", "a=b"), ("param4", "a%3db"), ("values[0]", "0"), ("values[1]", "1")]
            return self.answer(200 if got == want else 500, "" if got == want else "form: %r" % got)
        if path in ("/api/echo/json", "/echo"):
            return self.answer(200, body, [("Content-Type", kind if path == "/echo" else "application/json")])
        if path == "/api/echo/text":
            return self.answer(200, body, [("Content-Type", "text/plain")])
        if path == "/api/echo/custom":
            spec = json.loads(body)
            content = json.dumps(spec.get("contentJSON")) if "contentJSON" in spec else spec.get("content", "")
            return self.answer(200, content, [("Content-Type", spec.get("type", "text/plain"))])
        return self.answer(404, "no route " + path)


server = ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1]) if len(sys.argv) > 1 else 0), Handler)
print("listening", server.server_address[1], flush=True)
server.serve_forever()
