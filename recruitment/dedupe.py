"""Cross-board de-duplication: the same job posted on two boards, or twice on one, is one position.

Postings are the same position when they have

1. the same employer: the normalised company key (`recruitment.normalize.company_columns`); a name
   the board cut short (`郑州某某智能...`) takes the one full key it is the beginning of; a brand
   (`华为`) takes the legal name (`华为技术有限公司`) that is the brand plus generic words when the
   same board prints both in the same city and no other name fits (`merge_brand_names`);
2. the same city, always: postings of different cities are never one position (a posting without
   a city takes its employer's city when the employer's other postings name exactly one);
3. the same district (a posting without one takes its employer's district in that city when the
   employer's postings there name exactly one);
4. similar titles: equal title keys, or a rapidfuzz `ratio` of at least `title_similarity` between
   the keys (`java开发工程师` / `java软件开发工程师` = 90). Only titles within one employer, city
   and district are compared (blocking), so the work grows with the size of the blocks, not with
   the square of all postings;
5. dates within `window_days` of the previous copy (a posting without a date joins its group);
6. one board's postings with different job URLs are different jobs, unless they are the same job
   re-posted: same title key and the same pay (`_split_by_url`).

A position keeps every copy's board, file and row, and URL; its openings are the largest headcount
among its copies, not the sum (the same vacancies advertised twice).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

SEPARATOR = "、"
"""How a merged position's boards, and an employer's printed names, are joined into one cell."""
DEFAULT_TITLE_SIMILARITY = 85.0
DEFAULT_WINDOW_DAYS = 30


@dataclass(frozen=True)
class Deduplicated:
    """`postings`: the input rows with `employer_key` and `position_id` added; `positions`: one row
    per unique position (see `dedupe`)."""

    postings: pd.DataFrame
    positions: pd.DataFrame


def dedupe(
    postings: pd.DataFrame,
    *,
    title_similarity: float = DEFAULT_TITLE_SIMILARITY,
    window_days: int = DEFAULT_WINDOW_DAYS,
) -> Deduplicated:
    """Group normalised postings (`recruitment.normalize.normalize_postings`) into positions.

    `positions` has `position_id` (0.. in order of first appearance), `employer_key`, `employer`
    (the name most often printed in full), `title`, `district`, `industry`, `education`,
    `experience`, the salary columns of the first copy stating one and `salary_midpoint`,
    `openings` (largest known headcount, NA if none is known), `copies`, `posted_first`,
    `posted_last`, `boards`, `sources` (`file:row; ...`) and `urls` (space-separated).
    """
    if not 0 <= title_similarity <= 100:
        raise ValueError(f"title_similarity must be 0..100, not {title_similarity}")
    if window_days < 0:
        raise ValueError(f"window_days must not be negative, not {window_days}")
    employer = resolve_truncated_names(postings["company_key"], postings["company_truncated"])
    employer = merge_brand_names(employer, postings["board"], postings["city"])
    employer_codes = employer.cat.codes.to_numpy().astype(np.int64)
    city = _filled(employer_codes, _codes(postings["city"]))
    block = _blocks(_pair(employer_codes, city), _codes(postings["district"]))
    titles, title_codes = _categories(postings["title_key"])
    cluster = _title_clusters(block, title_codes, titles, title_similarity)
    position = _date_windows(cluster, postings["posted"], window_days)
    position = _split_by_url(position, postings, title_codes)
    postings = postings.assign(employer_key=employer, position_id=position)
    return Deduplicated(postings=postings, positions=_positions(postings))


def resolve_truncated_names(keys: pd.Series, truncated: pd.Series) -> pd.Series:
    """Give each cut-short company key the one full key it begins with, if exactly one does.
    Returns a categorical Series of keys.

    >>> resolve_truncated_names(pd.Series(["某某智能", "某某智能科技", "某某"]),
    ...                         pd.Series([True, False, True])).tolist()
    ['某某智能科技', '某某智能科技', '某某智能科技']
    """
    distinct, codes = _categories(keys)
    printed_in_full = np.zeros(len(distinct), dtype=bool)
    printed_in_full[codes[~truncated.to_numpy(dtype=bool)]] = True
    full = np.flatnonzero(printed_in_full)
    full = full[np.argsort(distinct[full])]
    cut = np.flatnonzero(~printed_in_full)
    target = np.arange(len(distinct))
    if len(full) and len(cut):
        names = distinct[full]
        first = np.searchsorted(names, distinct[cut], side="left")
        last = np.searchsorted(names, np.char.add(distinct[cut], "\U0010ffff"), side="left")
        unique = last - first == 1
        target[cut[unique]] = full[first[unique]]
    categories = pd.Index(distinct.astype(object), dtype="str")
    resolved = pd.Categorical.from_codes(target[codes], categories=categories)
    return pd.Series(resolved, index=keys.index).cat.remove_unused_categories()


GENERIC_NAME_WORDS = (
    r"(?:科技|技术|网络|信息|软件|电子|实业|发展|控股|股份|国际|智能|数据|数字|云|计算机|系统|互联网"
    r"|电子商务|商务|贸易|咨询|服务|管理|工程|设计|文化|传媒|教育|医疗|生物|医药|制药|新能源|能源|材料"
    r"|机械|设备|制造|汽车|物流|供应链|金融|投资|中国|集团|通信|通讯|传播|营销|品牌|餐饮|食品|置业"
    r"|地产|房地产|建设|建筑|环境|环保|健康|光电|半导体|自动化|工业|商贸|创新|研发|智造)+"
)
"""What a legal name adds to a brand: `华为` + `技术` (有限公司 is already gone from the key)."""


def merge_brand_names(keys: pd.Series, board: pd.Series, city: pd.Series) -> pd.Series:
    """Give a brand's key (`华为`) the legal name's key (`华为技术`) when the same board prints both
    in the same city, the legal name is the brand plus generic words (`GENERIC_NAME_WORDS`), the
    brand names no trade itself (`科晟电子` and `科晟电子商务` stay two employers), and no other
    legal name there fits. Returns a categorical Series of keys.

    >>> merge_brand_names(pd.Series(["华为", "华为技术", "华为", "小米"]),
    ...                   pd.Series(["BOSS直聘"] * 4), pd.Series(["南京市", "南京市", "合肥市", "南京市"])
    ...                   ).tolist()
    ['华为技术', '华为技术', '华为', '小米']
    """
    parts = [_factorized(values) for values in (board, city, keys)]
    combined = np.zeros(len(keys), dtype=np.int64)
    for codes, labels in parts:  # one integer per distinct (board, city, key)
        combined = combined * len(labels) + codes
    _, first, codes = np.unique(combined, return_index=True, return_inverse=True)
    board_of, city_of, names = (
        np.asarray(labels, dtype=object)[part[first]] for part, labels in parts
    )
    scoped = np.asarray(
        [f"{b}\x1f{c}\x1f{k}" for b, c, k in zip(board_of, city_of, names, strict=True)], dtype=str
    )
    order = np.argsort(scoped, kind="stable")
    ordered = scoped[order]
    # Keys of one scope sort together; the names a key begins come right after it.
    last = np.searchsorted(ordered, np.char.add(ordered, "\U0010ffff"), side="left")
    sole = last - np.arange(len(ordered)) == 2  # the key itself and exactly one longer name
    target = np.arange(len(ordered))
    if sole.any():
        brands = np.flatnonzero(sole)
        short = pd.Series(names[order[brands]], dtype="str")
        full = pd.Series(names[order[brands + 1]], dtype="str")
        rest = pd.Series([f[len(b) :] for b, f in zip(short, full, strict=True)], dtype="str")
        # A bare brand (`华为`, not `科晟电子`, which already names its trade) of 2+ characters.
        bare = (short.str.len() >= 2) & ~short.str.contains(GENERIC_NAME_WORDS + "$", regex=True)
        generic = (rest.str.fullmatch(GENERIC_NAME_WORDS) & bare).to_numpy()
        target[brands[generic]] = brands[generic] + 1
    merged = np.empty(len(ordered), dtype=object)
    merged[order] = names[order[target]]
    categories, per_scope = np.unique(merged.astype(str), return_inverse=True)
    merged_keys = pd.Categorical.from_codes(
        per_scope[codes], categories=pd.Index(categories.astype(object), dtype="str")
    )
    return pd.Series(merged_keys, index=keys.index)


def _pair(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """One integer code per distinct pair of codes (-1 stays a value of its own)."""
    codes, _ = pd.factorize(first.astype(np.int64) * (second.max(initial=0) + 2) + second + 1)
    return codes


def _filled(owner: np.ndarray, value: np.ndarray) -> np.ndarray:
    """Missing values (-1) take their owner's value when the owner's known values are just one."""
    known = value >= 0
    width = value.max(initial=0) + 1
    pairs = np.unique(owner[known] * width + value[known])
    owners, counts = np.unique(pairs // width, return_counts=True)
    sole = np.full(owner.max(initial=0) + 1, -1)
    sole[owners[counts == 1]] = pairs[np.repeat(counts == 1, counts)] % width
    return np.where(known, value, sole[owner])


def _split_by_url(
    position: np.ndarray, postings: pd.DataFrame, title_codes: np.ndarray
) -> np.ndarray:
    """Where one board has two or more job URLs in a position, they are different jobs unless
    re-posted: such a position is split by (title key, pay). Ids stay in order of first row."""
    url, _ = pd.factorize(postings["url"].astype("str"))
    has_url = (postings["url"] != "").to_numpy()
    if not has_url.any():
        return position
    board, boards = pd.factorize(postings["board"].astype("str"))
    scope = position.astype(np.int64) * len(boards) + board  # one board in one position
    pairs = np.unique(scope[has_url] * (url.max() + 1) + url[has_url])
    scopes, urls = np.unique(pairs // (url.max() + 1), return_counts=True)
    conflicted = np.unique(scopes[urls > 1] // len(boards))
    if not len(conflicted):
        return position
    split = np.isin(position, conflicted)
    pay = postings[["salary_min", "salary_max"]].fillna(-1.0).to_numpy()[split]
    job = pd.MultiIndex.from_arrays([title_codes[split], pay[:, 0], pay[:, 1]]).factorize()[0]
    job_code = np.full(len(position), -1, dtype=np.int64)
    job_code[split] = job
    refined, _ = pd.factorize(position.astype(np.int64) * (job_code.max() + 2) + job_code + 1)
    return refined


def _categories(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """The distinct texts (a numpy unicode array) and every row's code into them."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        codes = values.cat.codes.to_numpy().astype(np.int64)
        distinct = np.asarray(values.cat.categories, dtype=str)
        if (codes < 0).any():  # a missing key compares as ""
            codes = np.where(codes < 0, len(distinct), codes)
            distinct = np.append(distinct, "")
        return distinct, codes
    codes, distinct = pd.factorize(values.astype("str").fillna(""))
    return np.asarray(distinct, dtype=str), codes


def _factorized(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Every row's code and the distinct texts (an object array; a missing value is ""): a
    categorical column's own codes, without turning a million rows back into text."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        codes = values.cat.codes.to_numpy().astype(np.int64)
        labels = np.asarray(values.cat.categories, dtype=object)
    else:
        codes, distinct = pd.factorize(values.astype("str"))
        labels = np.asarray(distinct, dtype=object)
    if (codes < 0).any():
        codes = np.where(codes < 0, len(labels), codes)
        labels = np.append(labels, "")
    return codes, labels


def _codes(values: pd.Series) -> np.ndarray:
    """Integer codes of a text column, -1 where missing."""
    codes, _ = pd.factorize(values)
    return codes


def _blocks(employer: np.ndarray, district: np.ndarray) -> np.ndarray:
    """A block number per posting: one employer (in one city) in one district. A posting without a
    district takes its employer's district when the employer's other postings name just one."""
    return _pair(employer, _filled(employer, district))


def _title_clusters(
    block: np.ndarray, title_codes: np.ndarray, titles: np.ndarray, similarity: float
) -> np.ndarray:
    """A cluster number per posting: postings of one block whose titles are alike (transitively)."""
    pair = block.astype(np.int64) * len(titles) + title_codes
    nodes, node_of_row = np.unique(pair, return_inverse=True)
    node_block, node_title = nodes // len(titles), nodes % len(titles)
    titles_in_block = np.bincount(node_block)
    shared = pd.DataFrame({"node": np.arange(len(nodes)), "block": node_block})
    shared = shared[titles_in_block[node_block] > 1]
    candidates = shared.merge(shared, on="block", suffixes=("", "_other"))
    candidates = candidates[candidates["node"] < candidates["node_other"]]
    left, right = candidates["node"].to_numpy(), candidates["node_other"].to_numpy()
    scores = process.cpdist(
        titles[node_title[left]].tolist(), titles[node_title[right]].tolist(), scorer=fuzz.ratio
    )
    alike = scores >= similarity
    return _components(len(nodes), left[alike], right[alike])[node_of_row]


def _components(size: int, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Connected components of an undirected graph given as edge lists: every node gets the
    smallest node number of its component (min-label propagation with pointer jumping)."""
    labels = np.arange(size)
    while True:
        lowest = np.minimum(labels[left], labels[right])
        updated = labels.copy()
        np.minimum.at(updated, left, lowest)
        np.minimum.at(updated, right, lowest)
        updated = updated[updated]
        if np.array_equal(updated, labels):
            return labels
        labels = updated


def _starts(ordered: np.ndarray) -> np.ndarray:
    """True where a run of equal values begins in `ordered` (sorted) values."""
    return np.r_[True, ordered[1:] != ordered[:-1]][: len(ordered)]


def _date_windows(cluster: np.ndarray, posted: pd.Series, window_days: int) -> np.ndarray:
    """Split each cluster where consecutive dates are more than `window_days` apart; number the
    positions in order of their first posting."""
    days = posted.to_numpy(dtype="datetime64[D]").astype("float64")
    days[pd.isna(posted).to_numpy()] = np.inf  # undated copies sort last and join their group
    order = np.lexsort((np.arange(len(cluster)), days, cluster))
    sorted_cluster, sorted_days = cluster[order], days[order]
    new_cluster = _starts(sorted_cluster)
    with np.errstate(invalid="ignore"):  # undated minus undated is NaN: not a gap
        gap = np.r_[0.0, np.diff(sorted_days)]
    too_far = np.isfinite(sorted_days) & (gap > window_days)
    segment = np.cumsum(new_cluster | too_far)
    per_row = np.empty_like(segment)
    per_row[order] = segment
    position, _ = pd.factorize(per_row)
    return position


def _positions(postings: pd.DataFrame) -> pd.DataFrame:
    position = postings["position_id"].to_numpy()
    ids, first = np.unique(position, return_index=True)  # the first copy of every position
    groups = postings.groupby("position_id", sort=True)
    positions = pd.DataFrame(
        {name: postings[name].iloc[first].array for name in ("employer_key", "title", "title_key")},
        index=pd.Index(ids, name="position_id"),
    ).assign(
        city=groups["city"].first(),
        district=groups["district"].first(),
        industry=groups["industry"].first(),
        education=groups["education"].first(),
        openings=groups["headcount"].max(),
        copies=groups.size(),
        posted_first=groups["posted"].min(),
        posted_last=groups["posted"].max(),
    )
    experience = ["experience", "experience_min", "experience_max"]
    salary = [
        "salary_min",
        "salary_max",
        "salary_months",
        "salary_period",
        "salary_stated",
        "salary_implausible",
    ]
    positions = positions.join(_first_where(postings, postings["experience"].notna(), experience))
    positions = positions.join(_first_where(postings, postings["salary_stated"], salary))
    positions["salary_midpoint"] = positions[["salary_min", "salary_max"]].mean(axis=1)
    positions.insert(1, "employer", positions["employer_key"].map(employer_names(postings)))
    positions.insert(2, "employer_names", positions["employer_key"].map(printed_names(postings)))
    return positions.join(_links(postings)).reset_index()


def employer_names(postings: pd.DataFrame) -> pd.Series:
    """Per employer key, the name printed most often in full (a cut name only if no other; ties
    go to the name seen first)."""
    employers, employer = _categories(postings["employer_key"])
    names, name = _categories(postings["company"])
    cut = postings["company_truncated"].to_numpy(dtype=np.int64)
    combined = (employer * 2 + cut) * len(names) + name
    distinct, first_seen, counts = np.unique(combined, return_index=True, return_counts=True)
    which_employer = distinct // (2 * len(names))
    order = np.lexsort((first_seen, -counts, (distinct // len(names)) % 2, which_employer))
    best = order[_starts(which_employer[order])]
    return pd.Series(
        names[distinct[best] % len(names)],
        index=pd.Index(employers[which_employer[best]]),
        dtype="str",
    )


def printed_names(postings: pd.DataFrame) -> pd.Series:
    """Per employer key, every name it was printed under (`华为技术有限公司、华为`), joined by `、`."""
    employer, employers = _factorized(postings["employer_key"])
    name, names = _factorized(postings["company"])
    pairs, first = np.unique(employer.astype(np.int64) * len(names) + name, return_index=True)
    order = np.argsort(first, kind="stable")  # each employer's names in order of appearance
    pairs = pairs[order]
    who = pairs // len(names)
    printed = pd.Series(np.asarray(names, dtype=object)[pairs % len(names)], dtype="str")
    joined = _joined(who, printed, SEPARATOR)
    return pd.Series(joined.to_numpy(), index=pd.Index(employers[joined.index]), dtype="str")


def _first_where(postings: pd.DataFrame, anchor: pd.Series, columns: list[str]) -> pd.DataFrame:
    """Per position, `columns` from the first copy where `anchor` holds (else the first copy), so
    related values (a salary's min, max and months) always come from one copy."""
    position = postings["position_id"].to_numpy()
    missing = ~anchor.to_numpy(dtype=bool)
    order = np.lexsort((np.arange(len(position)), missing, position))
    chosen = order[_starts(position[order])]
    return postings[columns].iloc[chosen].set_axis(pd.Index(position[chosen], name="position_id"))


def _links(postings: pd.DataFrame) -> pd.DataFrame:
    """`boards` (distinct), `sources` (`file:row`) and `urls` (distinct, non-empty) per position."""
    position = postings["position_id"].to_numpy()
    merged = np.bincount(position)[position] > 1  # only these need joining
    sources = postings["source"].astype("str") + ":" + postings["row"].astype("str")
    links = {"boards": postings["board"].astype("str"), "sources": sources, "urls": postings["url"]}
    single = pd.DataFrame(
        {name: column[~merged].to_numpy() for name, column in links.items()},
        index=pd.Index(position[~merged], name="position_id"),
    )
    has_url = postings["url"].to_numpy()[merged] != ""
    joined = pd.DataFrame(
        {
            "boards": _joined(position[merged], links["boards"][merged], SEPARATOR, distinct=True),
            "sources": _joined(position[merged], sources[merged], "; "),
            "urls": _joined(
                position[merged][has_url], links["urls"][merged][has_url], " ", distinct=True
            ),
        }
    ).fillna({"urls": ""})
    return pd.concat([single, joined]).sort_index()


def on_boards(boards: pd.Series, chosen: Iterable[str]) -> pd.Series:
    """Whether each position (its `boards` column as `dedupe` joins it) has a copy on one of the
    `chosen` boards.

    >>> on_boards(pd.Series(["智联招聘、BOSS直聘", "前程无忧"]), ["BOSS直聘"]).tolist()
    [True, False]
    """
    wanted = set(chosen)
    return (
        boards.fillna("")
        .astype("str")
        .str.split(SEPARATOR)
        .map(lambda names: not wanted.isdisjoint(names))
    )


def _joined(
    keys: np.ndarray, values: pd.Series, separator: str, *, distinct: bool = False
) -> pd.Series:
    """`separator`-joined values per key, in order of appearance, without a Python call per key:
    the k-th value of every key is appended in one vectorised step, for k = 1, 2, ..."""
    frame = pd.DataFrame({"key": keys, "value": values.to_numpy()})
    if distinct:
        frame = frame.drop_duplicates()
    frame = frame.sort_values("key", kind="stable")
    rank = frame.groupby("key").cumcount().to_numpy()
    joined = frame[rank == 0].set_index("key")["value"]
    deepest = int(rank.max(initial=0))
    for k in range(1, min(deepest, VECTOR_RANKS) + 1):
        more = frame[rank == k].set_index("key")["value"]
        joined.loc[more.index] = joined.loc[more.index] + separator + more
    if deepest > VECTOR_RANKS:  # a few keys with very many copies: one join per such key
        rest = frame[rank > VECTOR_RANKS].groupby("key", sort=False)["value"].agg(separator.join)
        joined.loc[rest.index] = joined.loc[rest.index] + separator + rest
    return joined


VECTOR_RANKS = 32  # beyond this many copies of one position, joining per key is cheaper
