"""A real HTTP server on 127.0.0.1 serving the pages a test writes: what the web importer
fetches in tests (no test reaches the internet).

    site.page("/news/a", html)                       # 200, text/html; charset=utf-8
    site.page("/feed.xml", rss, content_type="application/rss+xml")
    site.page("/flaky", html, statuses=[500, 200])   # a 500, then 200 from the second request
    site.redirect("/old", "/news/a")
    site.url("/news/a") -> "http://127.0.0.1:PORT/news/a"
    site.requests -> [("GET", "/news/a", headers), ...]

Paths without a page answer 404; robots.txt is a page like any other (none: 404, all allowed).
"""

from __future__ import annotations

import gzip
import threading
import time
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Served:
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    statuses: list[int] = field(default_factory=lambda: [200])
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before the answer
    gzip: bool = False
    etag: str = ""  # answers 304 to a request that sends it back in If-None-Match
    hits: int = 0


class LocalSite:
    def __init__(self) -> None:
        self.pages: dict[str, Served] = {}
        self.requests: list[tuple[str, str, dict[str, str]]] = []
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def port(self) -> int:
        return self.server.server_address[1]

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def page(self, path: str, body: str | bytes, **options) -> str:
        data = body.encode() if isinstance(body, str) else body
        self.pages[path] = Served(data, **options)
        return self.url(path)

    def redirect(self, path: str, to: str, status: int = 302) -> str:
        self.pages[path] = Served(b"", statuses=[status], headers={"Location": to})
        return self.url(path)

    def hits(self, path: str) -> int:
        return sum(1 for _, requested, _ in self.requests if requested == path)

    def start(self) -> LocalSite:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802 (the name http.server calls)
                with site.lock:
                    site.requests.append(("GET", self.path, dict(self.headers)))
                    served = site.pages.get(self.path)
                    if served is not None:
                        status = served.statuses[min(served.hits, len(served.statuses) - 1)]
                        served.hits += 1
                if served is None:
                    self._answer(404, b"<html><body><p>Not here.</p></body></html>", {})
                    return
                if served.delay:
                    time.sleep(served.delay)
                if served.etag and self.headers.get("If-None-Match") == served.etag:
                    self._answer(304, b"", {"ETag": served.etag})
                    return
                headers = {"Content-Type": served.content_type, **served.headers}
                if served.etag:
                    headers["ETag"] = served.etag
                body = served.body if status < 300 or status >= 400 else b""
                if served.gzip:
                    body = gzip.compress(body)
                    headers["Content-Encoding"] = "gzip"
                self._answer(status, body, headers)

            def _answer(self, status: int, body: bytes, headers: dict[str, str]) -> None:
                self.send_response(status)
                headers.setdefault("Content-Type", "text/html; charset=utf-8")
                headers.setdefault("Date", formatdate(usegmt=True))
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                try:
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the fetcher gave up (too big, too slow)

            def log_message(self, format: str, *args: object) -> None:
                pass

        return Handler
