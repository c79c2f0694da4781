"""Cross-board de-duplication: the same job posted on two boards, or twice on one, is one position.

Postings are the same position when they have

1. the same employer: the normalised company key (`recruitment.normalize.company_columns`); a name
   the board cut short (`郑州某某智能...`) takes the one full key it is the beginning of;
2. the same district (a posting without one takes its employer's district when the employer has
   postings in exactly one district);
3. similar titles: equal title keys, or a rapidfuzz `ratio` of at least `title_similarity` between
   the keys (`java开发工程师` / `java软件开发工程师` = 90). Only titles within one employer and
   district are compared (blocking), so the work grows with the size of the blocks, not with the
   square of all postings;
4. dates within `window_days` of the previous copy (a posting without a date joins its group).

A position keeps every copy's board, file and row, and URL; its openings are the largest headcount
among its copies, not the sum (the same vacancies advertised twice).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

DEFAULT_TITLE_SIMILARITY = 85.0
DEFAULT_WINDOW_DAYS = 30
BLOCK_SEPARATOR = "\x1f"


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
    district = _block_districts(employer, postings["district"])
    block, _ = pd.factorize(employer + BLOCK_SEPARATOR + district)
    cluster = _title_clusters(block, postings["title_key"], title_similarity)
    position = _date_windows(cluster, postings["posted"], window_days)
    postings = postings.assign(employer_key=employer.to_numpy(), position_id=position)
    return Deduplicated(postings=postings, positions=_positions(postings))


def resolve_truncated_names(keys: pd.Series, truncated: pd.Series) -> pd.Series:
    """Give each cut-short company key the one full key it begins with, if exactly one does.

    >>> resolve_truncated_names(pd.Series(["某某智能", "某某智能科技", "某某"]),
    ...                         pd.Series([True, False, True])).tolist()
    ['某某智能科技', '某某智能科技', '某某智能科技']
    """
    keys = keys.astype("str")
    full = np.sort(keys[~truncated.to_numpy()].unique().astype(str))
    cut = pd.Index(keys[truncated.to_numpy()].unique()).difference(pd.Index(full))
    if len(full) == 0 or len(cut) == 0:
        return keys
    cut_keys = cut.to_numpy().astype(str)
    first = np.searchsorted(full, cut_keys, side="left")
    last = np.searchsorted(full, np.char.add(cut_keys, "\U0010ffff"), side="left")
    unique = last - first == 1
    resolved = dict(zip(cut_keys[unique], full[first[unique]], strict=True))
    return keys.map(resolved).fillna(keys) if resolved else keys


def _block_districts(employer: pd.Series, district: pd.Series) -> pd.Series:
    known = pd.DataFrame({"employer": employer, "district": district}).dropna().drop_duplicates()
    per_employer = known.groupby("employer")["district"]
    sole = per_employer.first()[per_employer.size() == 1]
    return district.fillna(employer.map(sole)).fillna("").astype("str")


def _title_clusters(block: np.ndarray, title_keys: pd.Series, similarity: float) -> np.ndarray:
    """A cluster number per posting: postings of one block whose titles are alike (transitively)."""
    pairs = pd.DataFrame({"block": block, "title": title_keys.to_numpy()})
    distinct, inverse = _distinct_rows(pairs)
    titles_per_block = distinct.groupby("block")["title"].transform("size").to_numpy()
    shared = distinct[titles_per_block > 1].reset_index(names="node")
    candidates = shared.merge(shared, on="block", suffixes=("", "_other"))
    candidates = candidates[candidates["node"] < candidates["node_other"]]
    scores = process.cpdist(
        candidates["title"].tolist(), candidates["title_other"].tolist(), scorer=fuzz.ratio
    )
    alike = scores >= similarity
    labels = _components(
        len(distinct),
        candidates["node"].to_numpy()[alike],
        candidates["node_other"].to_numpy()[alike],
    )
    return labels[inverse]


def _distinct_rows(frame: pd.DataFrame) -> tuple[pd.DataFrame, np.ndarray]:
    """Distinct rows (index 0..k-1) and, for every input row, the number of its distinct row."""
    codes = frame.groupby(list(frame.columns), sort=False).ngroup().to_numpy()
    first = pd.Series(np.arange(len(frame))).groupby(codes).first().to_numpy()
    return frame.iloc[first].reset_index(drop=True), codes


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


def _date_windows(cluster: np.ndarray, posted: pd.Series, window_days: int) -> np.ndarray:
    """Split each cluster where consecutive dates are more than `window_days` apart; number the
    positions in order of their first posting."""
    days = posted.to_numpy(dtype="datetime64[D]").astype("float64")
    days[pd.isna(posted).to_numpy()] = np.inf  # undated copies sort last and join their group
    order = np.lexsort((np.arange(len(cluster)), days, cluster))
    sorted_cluster, sorted_days = cluster[order], days[order]
    new_cluster = np.r_[True, sorted_cluster[1:] != sorted_cluster[:-1]]
    gap = np.r_[0.0, np.diff(sorted_days)]
    too_far = np.isfinite(sorted_days) & (gap > window_days)
    segment = np.cumsum(new_cluster | too_far)
    per_row = np.empty_like(segment)
    per_row[order] = segment
    position, _ = pd.factorize(per_row)
    return position


def _positions(postings: pd.DataFrame) -> pd.DataFrame:
    ordered = postings.assign(_order=np.arange(len(postings)))
    groups = ordered.groupby("position_id", sort=True)
    positions = pd.DataFrame(
        {
            "employer_key": groups["employer_key"].first(),
            "title": groups["title"].first(),
            "title_key": groups["title_key"].first(),
            "district": groups["district"].first(),
            "industry": groups["industry"].first(),
            "education": groups["education"].first(),
            "openings": groups["headcount"].max(),
            "copies": groups.size(),
            "posted_first": groups["posted"].min(),
            "posted_last": groups["posted"].max(),
        }
    )
    experience = _first_where(
        ordered, ordered["experience"].notna(), ["experience", "experience_min", "experience_max"]
    )
    salary = _first_where(
        ordered,
        ordered["salary_stated"],
        [
            "salary_min",
            "salary_max",
            "salary_months",
            "salary_period",
            "salary_stated",
            "salary_implausible",
        ],
    )
    positions = positions.join(experience).join(salary)
    positions["salary_midpoint"] = positions[["salary_min", "salary_max"]].mean(axis=1)
    names = employer_names(postings)
    positions.insert(1, "employer", positions["employer_key"].map(names))
    links = _links(ordered)
    positions = positions.join(links)
    return positions.reset_index()


def employer_names(postings: pd.DataFrame) -> pd.Series:
    """Per employer key, the name printed most often in full (a cut name only if no other)."""
    counts = (
        postings.assign(_cut=postings["company_truncated"])
        .groupby(["employer_key", "_cut", "company"], sort=False)
        .size()
        .reset_index(name="n")
        .sort_values(["employer_key", "_cut", "n", "company"], ascending=[True, True, False, True])
    )
    return counts.drop_duplicates("employer_key").set_index("employer_key")["company"]


def _first_where(ordered: pd.DataFrame, anchor: pd.Series, columns: list[str]) -> pd.DataFrame:
    """Per position, `columns` from the first copy where `anchor` holds (else the first copy), so
    related values (a salary's min, max and months) always come from one copy."""
    chosen = ordered.assign(_missing=~anchor.to_numpy(dtype=bool)).sort_values(
        ["position_id", "_missing", "_order"]
    )
    return chosen.drop_duplicates("position_id").set_index("position_id")[columns]


def _links(ordered: pd.DataFrame) -> pd.DataFrame:
    """`boards`, `sources` and `urls` per position; joined in Python only for merged positions."""
    source = ordered["source"] + ":" + ordered["row"].astype("str")
    links = pd.DataFrame(
        {"boards": ordered["board"], "sources": source, "urls": ordered["url"]}
    ).set_axis(ordered["position_id"].to_numpy(), axis=0)
    size = ordered.groupby("position_id")["position_id"].transform("size").to_numpy()
    single = links[size == 1]
    merged = (
        links[size > 1]
        .groupby(level=0, sort=True)
        .agg(
            boards=("boards", lambda v: "、".join(dict.fromkeys(v))),
            sources=("sources", "; ".join),
            urls=("urls", lambda v: " ".join(dict.fromkeys(u for u in v if u))),
        )
    )
    return pd.concat([single, merged]).sort_index().rename_axis("position_id")
