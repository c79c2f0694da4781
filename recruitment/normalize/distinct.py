"""What every normaliser here shares: a step run once per distinct text (`by_distinct`), the
common cleaning and blank test, and the error policy of the per-value parsers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

import numpy as np
import pandas as pd

Errors = Literal["raise", "null"]
BLANK_MARKERS = ("", "-", "--", "—", "/", "无", "暂无", "null", "none", "nan", "n/a")


def clean(texts: pd.Series) -> pd.Series:
    """NFKC (full-width to half-width), lower case, no whitespace; the common first step."""
    return texts.str.normalize("NFKC").str.lower().str.replace(r"\s+", "", regex=True)


def is_blank(cleaned: pd.Series, markers: tuple[str, ...] = BLANK_MARKERS) -> np.ndarray:
    return cleaned.isin(markers).to_numpy()


def by_distinct(
    values: pd.Series, step: Callable[[pd.Series], pd.DataFrame | pd.Series]
) -> pd.DataFrame | pd.Series:
    """Run `step` once per distinct text and give every row its distinct text's result,
    indexed like `values`: a column of a million rows with a few thousand distinct texts costs a
    few thousand regex matches."""
    codes, distinct = pd.factorize(values.astype("str").fillna(""))
    # A blank text goes first, so a step never sees an empty Series (its columns keep their types
    # when there are no rows at all).
    texts = pd.concat([pd.Series([""], dtype="str"), pd.Series(distinct, dtype="str")])
    result = step(texts.reset_index(drop=True)).iloc[1:]
    # Text results become categoricals, so spreading them over the rows moves integer codes.
    if isinstance(result, pd.Series):
        return _as_category(result).iloc[codes].set_axis(values.index, axis=0)
    result = result.assign(**{name: _as_category(column) for name, column in result.items()})
    return result.iloc[codes].set_axis(values.index, axis=0)


def _as_category(column: pd.Series) -> pd.Series:
    return column.astype("category") if column.dtype == "str" else column


def until_stable(texts: pd.Series, step: Callable[[pd.Series], pd.Series]) -> pd.Series:
    """Repeat a replacement until nothing changes, so `(a(b))` loses both brackets and a key
    normalised twice equals the key normalised once."""
    while True:
        stepped = step(texts)
        if stepped.equals(texts):
            return texts
        texts = stepped


def scalar(
    text: str, step: Callable[[pd.Series], pd.Series], errors: Errors, what: str
) -> str | None:
    series = pd.Series([text], dtype="str")
    value = step(series).iloc[0]
    if pd.notna(value):
        return str(value)
    if is_blank(clean(series))[0]:
        return None
    fail(errors, f"{text!r} is not {what}")
    return None


def fail(errors: Errors, reason: str) -> None:
    """Raise with `reason` (errors="raise"), or let the caller give None (errors="null")."""
    if errors == "raise":
        raise ValueError(reason)
    if errors != "null":
        raise ValueError(f"errors must be 'raise' or 'null', not {errors!r}")
    return None
