"""Local HTTP servers speaking each network's documented contract, with injectable faults.

Each server records what it accepted, so tests and the benchmark can count posts per account.
Faults for post-creating requests: "429" (rate limited, with the network's reset headers),
"5xx" (server error), "timeout" (the post is accepted, the answer comes too late), "auth".
"""

import email
import email.policy
import itertools
import json
import random
import re
import threading
import time
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

URL = re.compile(r"https?://\S+")


class NetworkServer:
    """One network's server on 127.0.0.1 with an in-memory store and a fault plan."""

    name = ""

    def __init__(self, token="valid-token", hang_seconds=3.0, reset_seconds=2):
        self.token = token
        self.hang_seconds = hang_seconds
        self.reset_seconds = reset_seconds
        self.posts = []  # every accepted post, in order
        self.lock = threading.Lock()
        self.faults = []  # consumed one per create request, before random faults
        self.fault_rates = {}
        self.requests = []
        self.ids = itertools.count(1000)
        self.random = random.Random(4)
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                server.handle(self, "GET")

            def do_POST(self):
                server.handle(self, "POST")

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()

    def inject(self, *faults):
        with self.lock:
            self.faults.extend(faults)

    def next_fault(self):
        with self.lock:
            if self.faults:
                return self.faults.pop(0)
            roll = self.random.random()
        for fault, rate in self.fault_rates.items():
            if roll < rate:
                return fault
            roll -= rate
        return None

    def accept(self, post):
        with self.lock:
            post = {"id": str(next(self.ids)), "received_at": time.time(), **post}
            self.posts.append(post)
            return post

    # request plumbing ------------------------------------------------------------------
    def handle(self, request, method):
        parsed = urlparse(request.path)
        path = parsed.path.rstrip("/") or "/"
        length = int(request.headers.get("Content-Length") or 0)
        raw = request.rfile.read(length) if length else b""
        with self.lock:
            self.requests.append((method, path))
        try:
            status, headers, body = self.route(method, path, parse_qs(parsed.query), request, raw)
        except Hang as hang:
            time.sleep(self.hang_seconds)
            status, headers, body = hang.response
        payload = body if isinstance(body, bytes) else json.dumps(body).encode()
        try:
            request.send_response(status)
            request.send_header(
                "Content-Type", "application/json" if not isinstance(body, bytes) else "text/plain"
            )
            request.send_header("Content-Length", str(len(payload)))
            for key, value in headers.items():
                request.send_header(key, value)
            request.end_headers()
            request.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up waiting: that is the point of a timeout fault

    def bearer_ok(self, request):
        return request.headers.get("Authorization") == f"Bearer {self.token}"

    def route(self, method, path, query, request, raw):
        raise NotImplementedError

    def create(self, request, post, respond, rate_limited, server_error, unauthorised):
        """Run the fault plan around accepting one post."""
        fault = self.next_fault()
        if fault == "429":
            return rate_limited()
        if fault == "5xx":
            return server_error()
        if fault == "auth" or not self.bearer_ok(request):
            return unauthorised()
        accepted = self.accept(post)
        if fault == "timeout":
            raise Hang(respond(accepted))
        return respond(accepted)


class Hang(Exception):
    def __init__(self, response):
        self.response = response


def _form(request, raw):
    kind = request.headers.get("Content-Type", "")
    if kind.startswith("multipart/form-data"):
        message = email.message_from_bytes(
            f"Content-Type: {kind}\r\n\r\n".encode() + raw, policy=email.policy.HTTP
        )
        fields, files = {}, {}
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            if part.get_filename():
                files[name] = part.get_payload(decode=True)
            else:
                fields.setdefault(name, []).append(part.get_content())
        return fields, files
    if kind.startswith("application/json"):
        return {
            key: value if isinstance(value, list) else [value]
            for key, value in json.loads(raw or b"{}").items()
        }, None
    return parse_qs(raw.decode(), keep_blank_values=True), None


def grapheme_count(text):
    import grapheme

    return grapheme.length(text)


class MastodonServer(NetworkServer):
    """Mastodon: /api/v2/instance limits, media with descriptions, statuses with Idempotency-Key."""

    name = "mastodon"

    def __init__(self, max_characters=500, url_weight=23, **kwargs):
        super().__init__(**kwargs)
        self.max_characters = max_characters
        self.url_weight = url_weight
        self.media = {}
        self.idempotency = {}

    def status_length(self, text):
        return grapheme_count(URL.sub("", text)) + self.url_weight * len(URL.findall(text))

    def route(self, method, path, query, request, raw):
        if method == "GET" and path in ("/api/v1/instance", "/api/v2/instance"):
            config = {
                "statuses": {
                    "max_characters": self.max_characters,
                    "max_media_attachments": 4,
                    "characters_reserved_per_url": self.url_weight,
                }
            }
            return (
                200,
                {},
                {
                    "domain": "127.0.0.1",
                    "title": "Test instance",
                    "version": "4.3.0",
                    "api_versions": {"mastodon": 2},
                    "configuration": config,
                },
            )
        if not self.bearer_ok(request) and self.token:
            return 401, {}, {"error": "The access token is invalid"}
        if method == "POST" and path in ("/api/v1/media", "/api/v2/media"):
            fields, form = _form(request, raw)
            media_id = str(next(self.ids))
            self.media[media_id] = {
                "description": (fields.get("description") or [""])[0],
                "size": len((form or {}).get("file", b"")),
            }
            return (
                200,
                {},
                {
                    "id": media_id,
                    "type": "image",
                    "url": f"{self.url}/media/{media_id}.jpg",
                    "preview_url": None,
                    "description": self.media[media_id]["description"],
                },
            )
        if method == "GET" and path.startswith("/api/v1/media/"):
            media_id = path.rsplit("/", 1)[1]
            if media_id not in self.media:
                return 404, {}, {"error": "Record not found"}
            return (
                200,
                {},
                {
                    "id": media_id,
                    "type": "image",
                    "url": f"{self.url}/media/{media_id}.jpg",
                    "description": self.media[media_id]["description"],
                },
            )
        if method == "POST" and path == "/api/v1/statuses":
            fields, _ = _form(request, raw)
            text = (fields.get("status") or [""])[0]
            key = request.headers.get("Idempotency-Key")
            with self.lock:
                if key and key in self.idempotency:
                    return 200, {}, self.idempotency[key]
            if self.status_length(text) > self.max_characters:
                return (
                    422,
                    {},
                    {
                        "error": "Validation failed: Text character limit of "
                        f"{self.max_characters} exceeded"
                    },
                )
            media_ids = fields.get("media_ids[]") or fields.get("media_ids") or []

            def respond(post):
                status = {
                    "id": post["id"],
                    "uri": f"{self.url}/users/newsdesk/statuses/{post['id']}",
                    "url": f"{self.url}/@newsdesk/{post['id']}",
                    "content": post["text"],
                    "created_at": datetime.now(UTC).isoformat(),
                    "visibility": "public",
                    "media_attachments": [{"id": m, **self.media.get(m, {})} for m in media_ids],
                }
                with self.lock:
                    if key:
                        self.idempotency[key] = status
                return 200, {}, status

            reset = (datetime.now(UTC) + timedelta(seconds=self.reset_seconds)).isoformat()
            return self.create(
                request,
                {"text": text, "media_ids": media_ids, "idempotency_key": key},
                respond,
                lambda: (
                    429,
                    {
                        "X-RateLimit-Limit": "300",
                        "X-RateLimit-Remaining": "0",
                        "X-RateLimit-Reset": reset,
                    },
                    {"error": "Too many requests"},
                ),
                lambda: (503, {}, {"error": "Service Unavailable"}),
                lambda: (401, {}, {"error": "The access token is invalid"}),
            )
        return 404, {}, {"error": "Record not found"}


class XServer(NetworkServer):
    """X API v2: POST /2/tweets, weighted 280 limit, duplicate-content 403, rate-limit headers."""

    name = "x"

    def route(self, method, path, query, request, raw):
        if method == "POST" and path == "/2/tweets":
            from campaigns.social.rendering import X_RULES

            text = json.loads(raw or b"{}").get("text", "")
            with self.lock:
                duplicate = any(post["text"] == text for post in self.posts)
            if duplicate and self.bearer_ok(request):
                return (
                    403,
                    {},
                    {
                        "detail": "You are not allowed to create a Tweet with duplicate content.",
                        "type": "about:blank",
                        "title": "Forbidden",
                        "status": 403,
                    },
                )
            if X_RULES.measure(text) > 280:
                return (
                    400,
                    {},
                    {
                        "errors": [{"message": "Your Tweet text is too long."}],
                        "title": "Invalid Request",
                        "detail": "Your Tweet text is too long.",
                        "type": "https://api.twitter.com/2/problems/invalid-request",
                    },
                )
            reset = str(int(time.time() + self.reset_seconds))
            return self.create(
                request,
                {"text": text},
                lambda post: (
                    201,
                    {},
                    {
                        "data": {
                            "id": post["id"],
                            "text": text,
                            "edit_history_tweet_ids": [post["id"]],
                        }
                    },
                ),
                lambda: (
                    429,
                    {
                        "x-rate-limit-limit": "100",
                        "x-rate-limit-remaining": "0",
                        "x-rate-limit-reset": reset,
                    },
                    {
                        "title": "Too Many Requests",
                        "detail": "Too Many Requests",
                        "type": "about:blank",
                        "status": 429,
                    },
                ),
                lambda: (
                    503,
                    {},
                    {
                        "title": "Service Unavailable",
                        "detail": "Service Unavailable",
                        "type": "about:blank",
                        "status": 503,
                    },
                ),
                lambda: (
                    401,
                    {},
                    {
                        "title": "Unauthorized",
                        "type": "about:blank",
                        "status": 401,
                        "detail": "Unauthorized",
                    },
                ),
            )
        return 404, {}, {"title": "Not Found Error", "status": 404, "detail": "Not found"}


def graph_error(message, code, kind="OAuthException", subcode=None, transient=False):
    error = {
        "message": message,
        "type": kind,
        "code": code,
        "fbtrace_id": "AbCdEf123",
        "is_transient": transient,
    }
    if subcode:
        error["error_subcode"] = subcode
    return {"error": error}


class FacebookServer(NetworkServer):
    """Graph API: POST/GET /{page-id}/feed, error objects with codes, BUC usage headers."""

    name = "facebook"

    def __init__(self, page_id="1234567890", **kwargs):
        super().__init__(**kwargs)
        self.page_id = page_id

    def route(self, method, path, query, request, raw):
        feed = f"/{self.page_id}/feed"
        if path != feed:
            return 404, {}, graph_error("Unknown path components", 2500)
        if method == "GET":
            if not self.bearer_ok(request):
                return (
                    400,
                    {},
                    graph_error(
                        "Error validating access token: Session has expired", 190, subcode=463
                    ),
                )
            with self.lock:
                data = [
                    {
                        "id": f"{self.page_id}_{p['id']}",
                        "message": p["message"],
                        "permalink_url": f"https://www.facebook.com/{self.page_id}/posts/{p['id']}",
                    }
                    for p in reversed(self.posts)
                ]
            return 200, {}, {"data": data[: int((query.get("limit") or ["25"])[0])]}
        fields, _ = _form(request, raw)
        message = (fields.get("message") or [""])[0]
        link = (fields.get("link") or [""])[0]
        usage = json.dumps(
            {
                self.page_id: [
                    {
                        "type": "pages",
                        "call_count": 100,
                        "total_cputime": 10,
                        "total_time": 10,
                        "estimated_time_to_regain_access": round(self.reset_seconds / 60),
                    }
                ]
            }
        )
        return self.create(
            request,
            {"message": message, "link": link},
            lambda post: (200, {}, {"id": f"{self.page_id}_{post['id']}"}),
            lambda: (
                400,
                {"X-Business-Use-Case-Usage": usage},
                graph_error(
                    "(#32) Page request limit reached", 32, kind="OAuthException", transient=True
                ),
            ),
            lambda: (
                500,
                {},
                graph_error(
                    "An unexpected error has occurred. Please retry your request later.",
                    2,
                    kind="OAuthException",
                    transient=True,
                ),
            ),
            lambda: (
                400,
                {},
                graph_error("Error validating access token: Session has expired", 190, subcode=463),
            ),
        )


class LinkedInServer(NetworkServer):
    """LinkedIn Posts API: versioned headers, 201 with x-restli-id, finder by author."""

    name = "linkedin"

    def route(self, method, path, query, request, raw):
        if path != "/rest/posts":
            return 404, {}, {"status": 404, "message": "Resource not found"}
        if not request.headers.get("LinkedIn-Version"):
            return (
                426,
                {},
                {"status": 426, "code": "VERSION_MISSING", "message": "A version must be present."},
            )
        if method == "GET":
            if not self.bearer_ok(request):
                return (
                    401,
                    {},
                    {
                        "status": 401,
                        "serviceErrorCode": 65600,
                        "code": "INVALID_ACCESS_TOKEN",
                        "message": "Invalid access token",
                    },
                )
            with self.lock:
                elements = [
                    {
                        "id": p["urn"],
                        "author": p["author"],
                        "commentary": p["commentary"],
                        "content": p["content"],
                    }
                    for p in reversed(self.posts)
                    if p["author"] == (query.get("author") or [""])[0]
                ]
            return 200, {}, {"elements": elements, "paging": {"start": 0, "count": len(elements)}}
        body = json.loads(raw or b"{}")
        commentary = body.get("commentary", "")
        if len(commentary) > 3000:
            return 422, {}, {"status": 422, "message": "commentary is too long"}
        if not body.get("author", "").startswith("urn:li:organization:"):
            return 422, {}, {"status": 422, "message": "/author :: invalid URN"}

        def respond(post):
            with self.lock:
                post["urn"] = f"urn:li:share:{post['id']}"
            return 201, {"x-restli-id": post["urn"]}, b""

        return self.create(
            request,
            {
                "author": body["author"],
                "commentary": commentary,
                "content": body.get("content", {}),
            },
            respond,
            lambda: (
                429,
                {"Retry-After": str(self.reset_seconds)},
                {
                    "status": 429,
                    "message": "Resource level throttle APPLICATION DAY limit reached.",
                },
            ),
            lambda: (504, {}, {"status": 504, "message": "Gateway timeout"}),
            lambda: (
                401,
                {},
                {
                    "status": 401,
                    "serviceErrorCode": 65600,
                    "code": "INVALID_ACCESS_TOKEN",
                    "message": "Invalid access token",
                },
            ),
        )


class WebhookServer(NetworkServer):
    """A Slack-style incoming webhook: POST JSON to a secret path, "ok" or "no_service"."""

    name = "webhook"

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.secret_path = "/services/T000/B000/secret"

    @property
    def hook_url(self):
        return self.url + self.secret_path

    def bearer_ok(self, request):
        return True

    def route(self, method, path, query, request, raw):
        if method != "POST" or path != self.secret_path:
            return 404, {}, b"no_service"
        return self.create(
            request,
            {
                "payload": json.loads(raw or b"{}"),
                "raw": raw,
                "signature": request.headers.get("X-Newsdesk-Signature"),
            },
            lambda post: (200, {}, b"ok"),
            lambda: (429, {"Retry-After": str(self.reset_seconds)}, b"rate_limited"),
            lambda: (500, {}, b"internal_error"),
            lambda: (403, {}, b"invalid_token"),
        )
