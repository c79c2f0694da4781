"""Cells an export wrote as a Python or JSON list (`['1-1.5万/月']`), read as plain text."""

from __future__ import annotations

import pandas as pd

from recruitment.normalize.distinct import by_distinct

LIST_SEPARATOR = "|"
_LIST_ITEMS = r"""^\[?\s*['"]?|['"]?\s*\]?,?$"""


def unwrap_lists(texts: pd.Series) -> pd.Series:
    """Cells an export wrote as a Python or JSON list (`['1-1.5万/月']`, `["a", "b"]`, `[]`, and
    51job's cut `"['spark\\n大数据',"`) as plain text: one item as itself, several joined by `|`
    (how tags are read), an empty list as blank. Other cells are returned as they are.

    >>> unwrap_lists(pd.Series(["['1-1.5万/月']", '["本科", "3-4年经验"]', "[]", "8千"])).tolist()
    ['1-1.5万/月', '本科|3-4年经验', '', '8千']
    """
    listed = texts.str.startswith(("[", "'", " ["), na=False)
    if not listed.any():
        return texts
    return texts.where(~listed, by_distinct(texts[listed], _unwrapped).astype("str"))


def _unwrapped(texts: pd.Series) -> pd.Series:
    inner = texts.str.strip().str.replace(_LIST_ITEMS, "", regex=True)
    items = inner.str.split(r"""['"]\s*,\s*['"]|\\n|\n""", regex=True)
    return items.map(lambda parts: LIST_SEPARATOR.join(p.strip() for p in parts if p.strip()))
