"""The terminal UI served to a browser (``zhengbing serve``), built on textual-serve.

Every browser connection starts its own ``zhengbing tui`` process with Textual's web driver;
textual-serve relays the screen and the keys over a websocket. This module adds what an
office network needs on top of it:

* a page of our own (Chinese, no font or script from the internet: everything the page loads
  is served by this process);
* an access token, checked on every request (the page, its assets, the websocket and
  downloads) when one is set; the first request carries it in the address (``?token=``) and
  the page keeps it in a same-site cookie for the requests that follow;
* websocket connections only from the page itself (the ``Origin`` header must name this
  server), so that another web site open in the same browser cannot drive the editor;
* downloads (the exported .docx) under their Chinese file names.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import socket
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import aiohttp_jinja2
from aiohttp import web
from textual_serve.server import Server

TEMPLATES = Path(__file__).resolve().parent / "templates"
TOKEN_COOKIE = "zhengbing_token"
FORBIDDEN = (
    "需要访问令牌。请使用启动 zhengbing serve 时显示的完整网址（含 ?token=…），"
    "或向管理这台电脑的同事索取。"
)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def token_digest(token: str) -> str:
    """What is stored in the workspace instead of the token itself."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class OfficeServer(Server):
    """textual-serve's server with a token, an origin check and a page without CDN assets."""

    def __init__(
        self,
        command: str,
        *,
        sock: socket.socket,
        title: str,
        token_sha256: str | None,
        announce: Callable[[], None] | None = None,
    ) -> None:
        host, port = sock.getsockname()[:2]
        super().__init__(command, host=host, port=port, title=title, templates_path=TEMPLATES)
        self.sock = sock
        self.token_sha256 = token_sha256
        self._announce = announce

    # ---- requests

    def _token_ok(self, request: web.Request) -> bool:
        if self.token_sha256 is None:
            return True
        given = request.query.get("token") or request.cookies.get(TOKEN_COOKIE) or ""
        return bool(given) and hmac.compare_digest(token_digest(given), self.token_sha256)

    @web.middleware
    async def guard(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        if not self._token_ok(request):
            raise web.HTTPForbidden(text=FORBIDDEN, content_type="text/plain")
        if request.path == "/ws":
            origin = request.headers.get("Origin")
            if origin is not None and urlsplit(origin).netloc != request.host:
                raise web.HTTPForbidden(text="只接受本页面发起的连接。", content_type="text/plain")
        response = await handler(request)
        given = request.query.get("token")
        if given and self.token_sha256 is not None and not response.prepared:
            response.set_cookie(TOKEN_COOKIE, given, httponly=True, samesite="Strict", path="/")
        return response

    async def _make_app(self) -> web.Application:
        app = await super()._make_app()
        app.middlewares.append(self.guard)
        return app

    @aiohttp_jinja2.template("app_index.html")
    async def handle_index(self, request: web.Request) -> dict[str, Any]:
        # addresses as the browser reached us (the bound address may be 0.0.0.0)
        try:
            font_size = int(request.query.get("fontsize", "16"))
        except ValueError:
            font_size = 16
        scheme = "wss" if request.secure else "ws"
        return {
            "font_size": font_size,
            "app_websocket_url": f"{scheme}://{request.host}/ws",
            "config": {"static": {"url": "/static/"}},
            "application": {"name": self.title},
        }

    async def handle_download(self, request: web.Request) -> web.StreamResponse:
        key = request.match_info["key"]
        try:
            meta = await self.download_manager.get_download_metadata(key)
        except KeyError:
            raise web.HTTPNotFound(text="下载已失效，请重新导出。") from None
        response = web.StreamResponse()
        content_type = meta.mime_type
        if meta.encoding:
            content_type += f"; charset={meta.encoding}"
        response.headers["Content-Type"] = content_type
        disposition = "inline" if meta.open_method == "browser" else "attachment"
        # RFC 6266: a plain fallback name and the real (Chinese) one
        response.headers["Content-Disposition"] = (
            f'{disposition}; filename="download{Path(meta.file_name).suffix}"; '
            f"filename*=UTF-8''{quote(meta.file_name)}"
        )
        await response.prepare(request)
        async for chunk in self.download_manager.download(key):
            await response.write(chunk)
        await response.write_eof()
        return response

    async def on_startup(self, app: web.Application) -> None:
        if self._announce is not None:
            self._announce()

    # ---- running

    def serve(self, debug: bool = False) -> None:
        """Serve until Ctrl+C or SIGTERM (the browser sessions are ended with the server)."""
        import logging
        import signal

        self.debug = debug
        logging.basicConfig(level=logging.WARNING, format="%(message)s")
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        for sig in (signal.SIGINT, signal.SIGTERM):
            try:
                loop.add_signal_handler(sig, self.request_exit)
            except (NotImplementedError, RuntimeError):
                pass
        web.run_app(
            self._make_app(),
            sock=self.sock,
            handle_signals=False,
            loop=loop,
            print=lambda *_args: None,
            access_log=None,
        )
