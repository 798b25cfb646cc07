"""``zhengbing serve``: the terminal UI in a browser, for this computer or the office network.

Textual and the web server are imported only when the command runs.
"""

from __future__ import annotations

import argparse
import ipaddress
import os
import secrets
import shlex
import socket
import sys
from pathlib import Path

from zhengbing.errors import InputError
from zhengbing.workspace import Workspace

TOKEN_FILE = "serve-token.sha256"  # under the workspace's .zhengbing/
SERVED_ENV = "ZHENGBING_SERVED"  # set for the app processes the server starts

DESCRIPTION = """在浏览器中使用与 zhengbing tui 相同的界面（编辑、检索、体检、导出并下载 Word）。
默认只在本机提供（127.0.0.1，自动选择空闲端口），启动后显示网址。
要让同一局域网的同事使用，用 --host 绑定本机的局域网地址（或 0.0.0.0）；这需要访问令牌：
先运行一次 zhengbing serve --host 地址 --new-token，令牌只显示这一次，保存在工作区中，
此后每次连接都要用带令牌的网址。页面需要的全部文件都由本机提供，不需要互联网。"""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "serve",
        help="在浏览器中打开界面（本机或局域网）",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    from zhengbing.commands.tui import add_target_arguments

    add_target_arguments(parser)
    parser.add_argument(
        "--host", default="127.0.0.1", metavar="地址", help="绑定的地址（默认 127.0.0.1，仅本机）"
    )
    parser.add_argument(
        "--port", type=int, default=0, metavar="端口", help="端口（默认自动选择空闲端口）"
    )
    parser.add_argument(
        "--new-token",
        action="store_true",
        help="生成新的访问令牌（只显示一次，旧令牌随即失效）",
    )
    parser.set_defaults(func=run)


def is_loopback(host: str) -> bool:
    """Whether *host* is reachable from this computer only."""
    if host in ("localhost", "localhost."):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def token_path(workspace: Workspace) -> Path:
    return workspace.root / ".zhengbing" / TOKEN_FILE


def stored_token_digest(workspace: Workspace | None) -> str | None:
    """The digest of the workspace's access token, or None when it has none."""
    if workspace is None:
        return None
    path = token_path(workspace)
    try:
        text = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    if len(text) != 64 or any(c not in "0123456789abcdef" for c in text):
        raise InputError(
            f"{path}：访问令牌文件已损坏。",
            hint="请运行 zhengbing serve --new-token 重新生成令牌。",
        )
    return text


def new_token(workspace: Workspace) -> str:
    """Make a new access token, store its digest in the workspace and return the token."""
    from zhengbing.textio import atomic_write_text
    from zhengbing.tui.served import token_digest

    token = secrets.token_urlsafe(24)
    path = token_path(workspace)
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(path, token_digest(token) + "\n", force=True, backup=False)
    try:
        os.chmod(path, 0o600)
    except OSError:
        pass
    return token


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on *host*:*port* (port 0: a free one), with a Chinese error."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror:
        raise InputError(
            f"无法识别的地址：{host}", hint="请写成 127.0.0.1、0.0.0.0 或本机的局域网 IP 地址。"
        ) from None
    family, kind, proto, _name, address = infos[0]
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
        sock.listen(64)
    except OSError as exc:
        sock.close()
        raise InputError(
            f"无法在 {host}:{port} 上提供服务：{exc.strerror or exc}",
            hint="端口可能已被占用，请换一个 --port，或省略 --port 自动选择。",
        ) from None
    sock.setblocking(False)
    return sock


def app_command(target: Path | None) -> str:
    """The shell command each browser session runs: ``zhengbing tui`` for the same target."""
    argv = [sys.executable, "-m", "zhengbing", "tui"]
    if target is not None:
        argv.append(str(target))
    if os.name == "nt":
        import subprocess

        return subprocess.list2cmdline(argv)
    return shlex.join(argv)


def run(args: argparse.Namespace) -> int:
    from zhengbing.commands.tui import resolve_target

    target = args.target or args.workspace
    workspace, offer, open_path = resolve_target(target)
    ws = workspace if isinstance(workspace, Workspace) else None
    host = str(args.host).strip()
    if not 0 <= args.port <= 65535:
        raise InputError(f"端口 {args.port} 无效。", hint="端口应在 1–65535 之间，或省略。")

    token: str | None = None
    if args.new_token:
        if ws is None:
            raise InputError(
                "访问令牌保存在工作区中，但这里没有工作区。",
                hint="请在工作区文件夹中运行，或先用 zhengbing init 创建工作区。",
            )
        token = new_token(ws)
    digest = stored_token_digest(ws)
    if not is_loopback(host) and digest is None:
        raise InputError(
            f"绑定 {host} 会让局域网中的其他电脑访问，需要访问令牌。",
            hint=(
                f"请运行 zhengbing serve --host {host} --new-token 生成令牌"
                "（只显示一次，请妥善转交同事）；只在本机使用时省略 --host。"
            ),
        )

    # a token guards every address; on this computer alone only when one was just made
    required = digest if (not is_loopback(host) or token is not None) else None
    sock = bind(host, args.port)
    port = sock.getsockname()[1]
    shown_host = host if host not in ("0.0.0.0", "::") else socket.gethostname()
    if ":" in shown_host:
        shown_host = f"[{shown_host}]"
    url = f"http://{shown_host}:{port}/"

    def announce() -> None:
        lines = ["征兵文稿工具箱已在浏览器中提供：", ""]
        if token is not None:
            lines.append(f"  {url}?token={token}")
            lines += ["", "访问令牌只显示这一次，请复制上面的完整网址转交同事。"]
        elif required is not None:
            lines.append(f"  {url}?token=（访问令牌）")
            lines += ["", "忘记令牌时，用 --new-token 重新生成（旧令牌随即失效）。"]
        else:
            lines.append(f"  {url}")
        lines += ["", "按 Ctrl+C 停止服务。"]
        print("\n".join(lines), flush=True)

    from zhengbing.tui.served import OfficeServer

    # each browser session runs `zhengbing tui` for the same workspace (or draft)
    subject = open_path or (ws.root if ws is not None else offer)
    os.environ[SERVED_ENV] = "1"
    server = OfficeServer(
        app_command(subject),
        sock=sock,
        title="征兵文稿工具箱",
        token_sha256=required,
        announce=announce,
    )
    server.serve()
    return 0
