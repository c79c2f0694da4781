"""The project's input errors: a whole file that cannot be used, and a single row that cannot."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class RowError:
    """One data row that was rejected. `row` is the 1-based data row number (the header is row 0)."""

    row: int
    field: str
    reason: str

    def __str__(self) -> str:
        where = f"第 {self.row} 行 row {self.row}" + (f", {self.field}" if self.field else "")
        return f"{where}：{self.reason}"


class InputError(Exception):
    """A file or argument that cannot be used at all (unreadable, missing columns, bad option)."""


class MissingColumnsError(InputError):
    """Required columns are absent; the message names them and the headers that would be accepted."""

    def __init__(self, missing: dict[str, tuple[str, ...]], source: str = ""):
        self.missing = missing
        names = "; ".join(
            f"{field} (any of: {', '.join(aliases)})" for field, aliases in missing.items()
        )
        prefix = f"{source}: " if source else ""
        super().__init__(f"{prefix}缺少必填列 missing required column(s): {names}")
