"""User-facing errors and the documented exit codes of the `zhengbing` command.

Every error a user can cause (bad input file, wrong encoding, missing column, output that
already exists, ...) is raised as :class:`UserError` with a Chinese message that names the
file, line or cell and says what to do. The CLI prints the message and exits with the code;
it never shows a traceback for a user error.
"""

from __future__ import annotations

# Documented exit codes (README "退出码").
EXIT_OK = 0
EXIT_FINDINGS = 1  # `check` found errors in a draft
EXIT_INPUT = 2  # bad input: unreadable/invalid file, bad option, unknown id
EXIT_OUTPUT = 3  # output refused: exists without --force, folder missing or not writable
EXIT_BUSY = 4  # another process holds the workspace/index lock
EXIT_INTERNAL = 70  # a bug: please report it


class UserError(Exception):
    """An error caused by the user's input, reported as one Chinese message."""

    exit_code: int = EXIT_INPUT

    def __init__(
        self, message: str, *, hint: str | None = None, exit_code: int | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        if exit_code is not None:
            self.exit_code = exit_code

    def __str__(self) -> str:
        if self.hint:
            return f"{self.message}\n提示：{self.hint}"
        return self.message


class InputError(UserError):
    exit_code = EXIT_INPUT


class OutputError(UserError):
    exit_code = EXIT_OUTPUT


class BusyError(UserError):
    exit_code = EXIT_BUSY
