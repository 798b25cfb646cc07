"""Small helpers for printing Chinese messages from commands."""

from __future__ import annotations

import sys


def info(message: str) -> None:
    print(message, file=sys.stderr)


def warn(message: str) -> None:
    print(f"警告：{message}", file=sys.stderr)


def error(message: str) -> None:
    print(f"错误：{message}", file=sys.stderr)
