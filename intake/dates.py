"""Dates as people and job boards write them, read one way for both halves: a roster's ready date
(`最早出发`) and a posting's date are the same grammar.

`2020-02-18`, `2020/2/18`, `2020.2.18`, `20200218`, `2020年2月18日`, `2020-02-18 10:30:00`, and
a board's `发布于09-03` or `09-03发布`; a date without a year (`2月18日`, `02-18`) takes the year
it is read against. Full-width digits and whitespace do not matter.

>>> parse_date("2020年2月18日", 2021), parse_date("０２－１８", 2020)
(datetime.date(2020, 2, 18), datetime.date(2020, 2, 18))
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

DATE_PATTERN = (
    r"^(?:发布于|更新于|发布时间:?)?"
    r"(?:(?P<year>[0-9]{4})(?:[-/.年]|(?P<compact>)(?=[0-9]{4}$)))?"
    r"(?P<month>[0-9]{1,2})(?(compact)|[-/.月])(?P<day>[0-9]{1,2})日?"
    r"(?:发布|更新)?(?:[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?)?$"
)
"""Year, month and day (groups of those names; `compact` marks `20200218`). Match it against
`cleaned` text; pandas frames use it with `Series.str.extract`."""
_DATE = re.compile(DATE_PATTERN)


def cleaned(text: str) -> str:
    """NFKC (full-width to half-width), lower case, no whitespace."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text).lower())


def parse_date(text: str, default_year: int) -> dt.date:
    """The date `text` writes; a ValueError saying how to write one when it is none."""
    found = _DATE.match(cleaned(text))
    try:
        if found:
            year = int(found["year"]) if found["year"] else default_year
            return dt.date(year, int(found["month"]), int(found["day"]))
    except ValueError:
        pass
    raise ValueError(f"“{text}”不是日期 is not a date（请写成 2020-02-18）")
