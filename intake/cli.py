"""How every command line (`python -m routing|recruitment|store|places`) reports a user error:
one line on stderr, `错误：<message>`, and exit code 2. Decided here once so all four agree."""

from __future__ import annotations

import sys

EXIT_USER_ERROR = 2
PREFIX = "错误："


def one_line(error: BaseException | str) -> str:
    """The error's message on one line; an OSError as `<file>: <reason in Chinese>` rather than
    `[Errno 2] No such file or directory: ...`."""
    if isinstance(error, OSError) and error.filename and error.strerror:
        return f"{error.filename}: {_os_reason(error)}"
    text = " ".join(str(error).split())
    return text or type(error).__name__


def fail(error: BaseException | str) -> int:
    """Print `错误：<message>` as one line on stderr; return the exit code for a user error."""
    print(PREFIX + one_line(error), file=sys.stderr)
    return EXIT_USER_ERROR


def _os_reason(error: OSError) -> str:
    if isinstance(error, FileNotFoundError):
        return "找不到文件"
    if isinstance(error, IsADirectoryError):
        return "是目录，不是文件"
    if isinstance(error, PermissionError):
        return "没有权限"
    return error.strerror or str(error)
