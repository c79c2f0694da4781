"""Hiring needs against returning workers, per employer: how many it asked for, how many of its
workers registered to come back, how many boarded a coach, and the shortfall (needed less
registered, never below zero) that recruitment has to fill.

Employer names are compared through `keys`, which keys a list of names at once (the app passes
`recruitment.normalize.company_keys`, so `郑州某某科技有限公司` and `某某科技` are one employer);
a row shows the first spelling met, a need's before a roster's.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from documents.roster import employer_name


@dataclass(frozen=True)
class Staffing:
    employer: str
    needed: int
    registered: int
    boarded: int

    @property
    def shortfall(self) -> int:
        return max(0, self.needed - self.registered)


def _employer_names(names: Sequence[str]) -> list[str]:
    return [employer_name(name) for name in names]


def staffing(
    needs: Iterable[tuple[str, int]],
    registered: Iterable[str],
    boarded: Iterable[str],
    *,
    keys: Callable[[Sequence[str]], Sequence[str]] = _employer_names,
) -> list[Staffing]:
    """`needs`: (employer, headcount) per need; `registered` and `boarded`: one employer name per
    worker. Largest shortfall first, then by name."""
    needs, registered, boarded = list(needs), list(registered), list(boarded)
    # Thousands of workers, a few dozen employer names: each distinct name keyed once, together.
    names = list(dict.fromkeys([employer for employer, _ in needs] + registered + boarded))
    key = dict(zip(names, keys(names), strict=True))
    shown: dict[str, str] = {}
    needed: Counter[str] = Counter()
    for employer, headcount in needs:
        shown.setdefault(key[employer], employer)
        needed[key[employer]] += headcount
    counts = []
    for group in (registered, boarded):
        tally: Counter[str] = Counter()
        for employer in group:
            shown.setdefault(key[employer], employer)
            tally[key[employer]] += 1
        counts.append(tally)
    rows = [Staffing(shown[k], needed[k], counts[0][k], counts[1][k]) for k in shown]
    return sorted(rows, key=lambda r: (-r.shortfall, r.employer))
