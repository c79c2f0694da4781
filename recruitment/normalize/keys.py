"""The company and title keys de-duplication compares: names and titles without what boards
add (region prefixes, legal forms, brackets, recruiting slogans, punctuation, a cut `...`)."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from recruitment.normalize.distinct import by_distinct, clean, until_stable

BRACKETED = r"\([^()]*\)|\[[^\[\]]*\]|【[^【】]*】|<[^<>]*>"
TRUNCATION_PATTERN = r"(?:\.{2,}|…+|。{2,})$"
REGION_PREFIX = r"^(?:河南省?|郑州市?)+"
LEGAL_SUFFIX = (
    r"(?:股份有限公司|有限责任公司|有限公司|股份公司|集团公司|集团|公司|分公司|分厂|厂"
    r"|郑州市?|河南省?)+$"
)
# What a board's cut can leave of a legal suffix: `...科技有限` or `...科技股份有`.
CUT_SUFFIX = r"(?:股份?|股份有限?|股份有限公|有限?|有限责任?|有限责任公|有限公|集团?|公)$"


def _company_frame(names: pd.Series) -> pd.DataFrame:
    cleaned = clean(names)
    truncated = cleaned.str.contains(TRUNCATION_PATTERN, regex=True)
    key = cleaned.str.replace(TRUNCATION_PATTERN, "", regex=True)
    # A cut inside brackets (`华嘉自动化设备(郑...`) leaves an unclosed bracket: drop its rest.
    key = key.where(~truncated, key.str.replace(r"[(\[【][^)\]】]*$", "", regex=True))
    key = until_stable(key, lambda k: k.str.replace(BRACKETED, "", regex=True))
    key = key.str.replace(r"[()\[\]【】<>,，.。、'\"·&-]", "", regex=True)
    key = key.where(~truncated, key.str.replace(CUT_SUFFIX, "", regex=True))
    core = key.str.replace(REGION_PREFIX, "", regex=True).str.replace(LEGAL_SUFFIX, "", regex=True)
    key = core.where(core != "", key)
    return pd.DataFrame({"company_key": key, "company_truncated": truncated.to_numpy()})


def company_columns(names: pd.Series) -> pd.DataFrame:
    """`company_key`: the name without region prefix, legal form (`有限公司`, `股份有限公司`),
    bracketed parts (`(郑州)`) and punctuation; `company_truncated`: the board cut the name (`...`).

    >>> company_columns(pd.Series(["郑州宇通客车股份有限公司", "宇通客车股份有限公司(郑州)"]))
      company_key  company_truncated
    0        宇通客车              False
    1        宇通客车              False
    """
    return by_distinct(names, _company_frame)


def company_key(name: str) -> str:
    return company_keys([name])[0]


def company_keys(names: Sequence[str]) -> list[str]:
    """`company_key` of many names in one pass (a name at a time costs a pandas round each)."""
    return company_columns(pd.Series(list(names), dtype="str"))["company_key"].tolist()


TITLE_NOISE = (
    r"急聘|急招|诚聘|高薪|直招|名企|包吃住|包食宿|五险一金|六险一金|双休|周末双休|长白班|可实习"
    r"|\+|&|/|\||,|，|、|·|-|_|!|！|\.|。|:|："
)


def _title(titles: pd.Series) -> pd.Series:
    cleaned = clean(titles)
    key = until_stable(
        cleaned,
        lambda k: k.str.replace(BRACKETED, "", regex=True).str.replace(TITLE_NOISE, "", regex=True),
    )
    return key.where(key != "", cleaned)


def title_keys(titles: pd.Series) -> pd.Series:
    """Titles compared across boards: no brackets (`(五险一金)`, `【急聘】`), recruiting slogans
    or punctuation, lower case. `Java开发工程师（高新区）` and `【急聘】java开发工程师` give one
    key."""
    return by_distinct(titles, _title)


def title_key(title: str) -> str:
    return str(title_keys(pd.Series([title], dtype="str")).iloc[0])
