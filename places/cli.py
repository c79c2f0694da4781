"""`python -m places resolve [FILE]`: one address per line in (stdin without FILE), one JSON object per
line out, in order. An answer is {"text","code","name","province","prefecture","county","level","lat",
"lon"}; a refusal is {"text","error","candidates"}. Refusals are output, so the exit code is 0 when it
ran; an unreadable file is exit 2 with a one-line error.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
from collections.abc import Iterable, Sequence

from intake.cli import fail
from places.gazetteer import Gazetteer
from places.model import Division, PlaceError


def answer(gazetteer: Gazetteer, text: str) -> dict[str, object]:
    try:
        division = gazetteer.resolve(text)
    except PlaceError as error:
        return {"text": text, "error": str(error), "candidates": list(error.candidates)}
    return {"text": text, **fields(division)}


def fields(division: Division) -> dict[str, object]:
    return {
        "code": division.code,
        "name": division.full_name,
        "province": division.province,
        "prefecture": division.prefecture,
        "county": division.county,
        "level": division.level,
        "lat": division.lat,
        "lon": division.lon,
    }


def resolve_lines(lines: Iterable[str], out: io.TextIOBase) -> None:
    gazetteer = Gazetteer.default()
    for line in lines:
        text = line.rstrip("\r\n")
        out.write(json.dumps(answer(gazetteer, text), ensure_ascii=False) + "\n")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m places", description="地址解析 Resolve places")
    verbs = parser.add_subparsers(dest="verb", required=True)
    verb = verbs.add_parser("resolve", help="每行一个地址，输出每行一个 JSON")
    verb.add_argument("file", nargs="?", help="文本文件（UTF-8）；不给则读标准输入")
    args = parser.parse_args(argv)
    out = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="\n", line_buffering=True)
    try:
        if args.file:
            with open(args.file, encoding="utf-8-sig") as f:
                resolve_lines(f, out)
        else:
            stdin = io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8-sig")
            resolve_lines(stdin, out)
    except (OSError, UnicodeDecodeError) as error:
        return fail(f"无法读取输入：{_reason(error)}")
    finally:
        out.detach()
    return 0


def _reason(error: Exception) -> str:
    if isinstance(error, UnicodeDecodeError):
        return "文件不是 UTF-8 编码的文本"
    if isinstance(error, FileNotFoundError):
        return f"找不到文件 {error.filename}"
    if isinstance(error, IsADirectoryError):
        return f"{error.filename} 是目录，不是文件"
    if isinstance(error, PermissionError):
        return f"没有权限读取 {error.filename}"
    return str(error)
