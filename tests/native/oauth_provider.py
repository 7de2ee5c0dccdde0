#!/usr/bin/python3
"""An OAuth 2.0 authorization server for Wirepad's tests, built on Debian's python3-oauthlib
(the grant logic, PKCE and error responses are oauthlib's, not ours). Listens on 127.0.0.1 on
an ephemeral port and prints "listening PORT".

Endpoints:
  GET  /authorize  authorization endpoint; the resource owner approves at once and is sent to
                   the redirect URI with ?code=...&state=... (or ?error=...)
  POST /token      token endpoint: client_credentials, authorization_code (PKCE S256
                   required), refresh_token
  GET  /resource   a protected resource: 200 "hello CLIENT scopes" with a valid bearer token

With --consent, GET /authorize first shows a consent page (a form with an "Approve" button,
id "approve", and "Deny", id "deny") that a browser test completes; its submit comes back to
/authorize with decision=approve (then as above) or decision=deny (access_denied, §4.1.2.1).

Clients: "confidential-app" with the secret "s3cret pass:1" (authenticates with HTTP Basic or
in the body), and "public-app" (no secret, PKCE only).
"""
import base64
import html
import json
import os
import sys
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

os.environ["OAUTHLIB_INSECURE_TRANSPORT"] = "1"  # plain http on loopback (RFC 8252 §8.3)
from oauthlib.oauth2 import FatalClientError, OAuth2Error, RequestValidator, Server  # noqa: E402

CLIENTS = {
    "confidential-app": {"secret": "s3cret pass:1",
                         "grants": {"client_credentials", "authorization_code", "refresh_token"}},
    "public-app": {"secret": None, "grants": {"authorization_code", "refresh_token"}},
}
SCOPES = {"read", "write"}
lock = threading.Lock()
codes = {}     # code -> {client_id, redirect_uri, scopes, challenge, method}
tokens = {}    # access token -> {client_id, scopes}
refresh = {}   # refresh token -> {client_id, scopes}


class Client:
    def __init__(self, client_id):
        self.client_id = client_id


def basic_credentials(request):
    auth = request.headers.get("Authorization", "")
    if not auth.startswith("Basic "):
        return None
    try:
        raw = base64.b64decode(auth[6:], validate=True).decode("utf-8")
    except Exception:
        return None
    user, _, password = raw.partition(":")
    # RFC 6749 §2.3.1: both were form-urlencoded before base64.
    return urllib.parse.unquote_plus(user), urllib.parse.unquote_plus(password)


class Validator(RequestValidator):
    def client_authentication_required(self, request, *args, **kwargs):
        if basic_credentials(request) is not None or request.client_secret:
            return True
        client = CLIENTS.get(request.client_id)
        return not (client and client["secret"] is None)

    def authenticate_client(self, request, *args, **kwargs):
        creds = basic_credentials(request)
        if creds is None:
            creds = (request.client_id, request.client_secret)
        client_id, secret = creds
        client = CLIENTS.get(client_id)
        if not client or client["secret"] is None or client["secret"] != secret:
            return False
        request.client = Client(client_id)
        request.client_id = client_id
        return True

    def authenticate_client_id(self, client_id, request, *args, **kwargs):
        client = CLIENTS.get(client_id)
        if not client or client["secret"] is not None:
            return False
        request.client = Client(client_id)
        return True

    def validate_client_id(self, client_id, request, *args, **kwargs):
        return client_id in CLIENTS

    def validate_redirect_uri(self, client_id, redirect_uri, request, *args, **kwargs):
        return redirect_uri.startswith("http://127.0.0.1:")  # loopback redirects (RFC 8252 §7.3)

    def get_default_redirect_uri(self, client_id, request, *args, **kwargs):
        return None

    def validate_response_type(self, client_id, response_type, client, request, *args, **kwargs):
        return response_type == "code"

    def validate_scopes(self, client_id, scopes, client, request, *args, **kwargs):
        return set(scopes) <= SCOPES

    def get_default_scopes(self, client_id, request, *args, **kwargs):
        return ["read"]

    def validate_grant_type(self, client_id, grant_type, client, request, *args, **kwargs):
        return grant_type in CLIENTS.get(client_id, {}).get("grants", set())

    def is_pkce_required(self, client_id, request):
        return True

    def save_authorization_code(self, client_id, code, request, *args, **kwargs):
        with lock:
            codes[code["code"]] = {"client_id": client_id, "redirect_uri": request.redirect_uri,
                                   "scopes": request.scopes, "challenge": request.code_challenge,
                                   "method": request.code_challenge_method}

    def validate_code(self, client_id, code, client, request, *args, **kwargs):
        with lock:
            entry = codes.get(code)
        if not entry or entry["client_id"] != client_id:
            return False
        request.scopes = entry["scopes"]
        request.user = "resource-owner"
        return True

    def get_code_challenge(self, code, request):
        with lock:
            entry = codes.get(code)
        return entry["challenge"] if entry else None

    def get_code_challenge_method(self, code, request):
        with lock:
            entry = codes.get(code)
        return entry["method"] if entry else None

    def confirm_redirect_uri(self, client_id, code, redirect_uri, client, request, *args, **kwargs):
        with lock:
            entry = codes.get(code)
        return bool(entry) and entry["redirect_uri"] == redirect_uri

    def invalidate_authorization_code(self, client_id, code, request, *args, **kwargs):
        with lock:
            codes.pop(code, None)

    def save_bearer_token(self, token, request, *args, **kwargs):
        client_id = request.client.client_id if request.client else request.client_id
        with lock:
            if request.grant_type == "refresh_token":  # rotated: the old refresh token is spent
                refresh.pop(request.refresh_token, None)
            tokens[token["access_token"]] = {"client_id": client_id, "scopes": token.get("scope", "").split()}
            if "refresh_token" in token:
                refresh[token["refresh_token"]] = {"client_id": client_id, "scopes": request.scopes}

    def validate_refresh_token(self, refresh_token, client, request, *args, **kwargs):
        with lock:
            entry = refresh.get(refresh_token)
        if not entry or entry["client_id"] != client.client_id:
            return False
        request.user = "resource-owner"
        return True

    def get_original_scopes(self, refresh_token, request, *args, **kwargs):
        with lock:
            return refresh[refresh_token]["scopes"]

    def rotate_refresh_token(self, request):
        return True

    def revoke_token(self, token, token_type_hint, request, *args, **kwargs):
        with lock:
            refresh.pop(token, None)

    def validate_bearer_token(self, token, scopes, request):
        with lock:
            entry = tokens.get(token)
        if not entry or not set(scopes) <= set(entry["scopes"]):
            return False
        request.client_id = entry["client_id"]
        request.scopes = entry["scopes"]
        return True


server = Server(Validator(), token_expires_in=3600)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def uri(self):
        return "http://%s%s" % (self.headers.get("Host", "127.0.0.1"), self.path)

    def reply(self, status, headers, body):
        data = body.encode() if isinstance(body, str) else (body or b"")
        self.send_response(status)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def consent_page(self):
        query = urllib.parse.parse_qsl(urllib.parse.urlsplit(self.path).query, keep_blank_values=True)
        fields = "".join('<input type="hidden" name="%s" value="%s">' % (html.escape(k), html.escape(v))
                         for k, v in query)
        client = html.escape(dict(query).get("client_id", "?"))
        scope = html.escape(dict(query).get("scope", ""))
        page = ("<!doctype html><html><head><meta charset=\"utf-8\"><title>Sign in: test authorization server</title>"
                "</head><body><h1>Allow %s?</h1><p>It asks for: <b>%s</b></p>"
                "<form method=\"get\" action=\"/authorize\">%s"
                "<button id=\"approve\" name=\"decision\" value=\"approve\">Approve</button> "
                "<button id=\"deny\" name=\"decision\" value=\"deny\">Deny</button></form></body></html>"
                % (client, scope, fields))
        self.reply(200, {"Content-Type": "text/html; charset=utf-8"}, page)

    def do_GET(self):
        path = urllib.parse.urlsplit(self.path).path
        headers = dict(self.headers)
        if path == "/authorize" and CONSENT:
            query = urllib.parse.parse_qsl(urllib.parse.urlsplit(self.path).query, keep_blank_values=True)
            decision = dict(query).get("decision")
            if decision is None:
                self.consent_page()
                return
            rest = [(k, v) for k, v in query if k != "decision"]
            self.path = "/authorize?" + urllib.parse.urlencode(rest)
            if decision != "approve":
                params = dict(rest)
                target = params.get("redirect_uri", "")
                sep = "&" if "?" in target else "?"
                self.reply(302, {"Location": target + sep + urllib.parse.urlencode(
                    {"error": "access_denied", "state": params.get("state", "")})}, "")
                return
        if path == "/authorize":
            try:
                scopes, credentials = server.validate_authorization_request(self.uri(), "GET", None, headers)
                h, body, status = server.create_authorization_response(self.uri(), "GET", None, headers,
                                                                       scopes, credentials)
            except FatalClientError as e:  # bad client or redirect_uri: never redirected (§4.1.2.1)
                self.reply(400, {"Content-Type": "text/plain"}, "authorization request refused: %s" % e.error)
                return
            except OAuth2Error as e:  # sent back to the client on its redirect URI (§4.1.2.1)
                self.reply(302, {"Location": e.in_uri(e.redirect_uri)}, "")
                return
            self.reply(status, h, body)
        elif path == "/resource":
            valid, request = server.verify_request(self.uri(), "GET", None, headers, scopes=["read"])
            if valid:
                self.reply(200, {"Content-Type": "text/plain"},
                           "hello %s %s" % (request.client_id, " ".join(request.scopes)))
            else:
                self.reply(401, {"WWW-Authenticate": 'Bearer error="invalid_token"'}, "")
        else:
            self.reply(404, {}, "")

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length).decode("utf-8")
        if urllib.parse.urlsplit(self.path).path != "/token":
            self.reply(404, {}, "")
            return
        h, out, status = server.create_token_response(self.uri(), "POST", body, dict(self.headers))
        self.reply(status, h, out)


CONSENT = "--consent" in sys.argv[1:]
httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print("listening %d" % httpd.server_address[1], flush=True)
httpd.serve_forever()
