"""Score the resolver on tests/places/cases.csv (used by test_accuracy.py and
benchmarks/places_accuracy.py).

Each case has a set (peer: peer parsers' test strings; company: cpca's company addresses, labelled
by their prefix; renamed: divisions renamed or merged since 2000; signup: strings of the kind a
worker types), the text, and the expected division code, or none when the text must be refused.
An answer is right when its code is the expected one (a town counts as its county); wrong when it
is another division; a refusal is right only when a refusal was expected.
"""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from places import Gazetteer, PlaceError

CASES = Path(__file__).resolve().parent / "cases.csv"


@dataclass(frozen=True)
class Case:
    set: str
    text: str
    expected_code: str
    expected_name: str
    source: str


@dataclass
class Outcome:
    case: Case
    code: str = ""  # the answer's code, "" for a refusal
    answer: str = ""  # the answer's full name, or the refusal's reason
    province_ok: bool = True
    candidates: tuple[str, ...] = ()

    @property
    def right(self) -> bool:
        return self.code == self.case.expected_code

    @property
    def refused(self) -> bool:
        return not self.code


@dataclass
class Score:
    outcomes: list[Outcome] = field(default_factory=list)

    def of(self, *sets: str, county: bool | None = None) -> list[Outcome]:
        """Outcomes of these sets; county=True keeps cases expecting a county-level answer."""
        picked = [o for o in self.outcomes if not sets or o.case.set in sets]
        if county is not None:
            picked = [o for o in picked if _expects_county(o.case) == county]
        return picked

    @staticmethod
    def counts(outcomes: list[Outcome]) -> Counter:
        counts = Counter(cases=len(outcomes))
        for o in outcomes:
            counts["right"] += o.right
            counts["refused"] += o.refused and not o.right
            counts["wrong"] += not o.right and not o.refused
            counts["wrong province"] += not o.right and not o.refused and not o.province_ok
        return counts


def _expects_county(case: Case) -> bool:
    division = Gazetteer.default().by_code.get(case.expected_code)
    return division is not None and division.level in ("county", "zone")


def read_cases(path: Path = CASES) -> list[Case]:
    with path.open(encoding="utf-8") as f:
        return [Case(**row) for row in csv.DictReader(f)]


def score(cases: list[Case], gazetteer: Gazetteer | None = None) -> Score:
    gazetteer = gazetteer or Gazetteer.default()
    result = Score()
    for case in cases:
        expected = gazetteer.by_code.get(case.expected_code)
        try:
            division = gazetteer.resolve(case.text)
        except PlaceError as error:
            result.outcomes.append(Outcome(case, answer=str(error), candidates=error.candidates))
            continue
        province_ok = expected is None or expected.province == division.province
        result.outcomes.append(Outcome(case, division.code, division.full_name, province_ok))
    return result


def generated_cases(seed: int = 5) -> list[Case]:
    """Every county-level division in forms people write, made up deterministically: a road
    named after another city before or after the full name, the stem alone, the stem with a
    village, the city's and the county's stems together, and 老家 after a place of work. Expected
    answers are by construction; a stem shared with another place is rightly refused."""
    import random

    from places.names import stem_of

    gazetteer = Gazetteer.default()
    rng = random.Random(seed)
    cities = [d for d in gazetteer.divisions if d.level == "prefecture"]
    cases = []
    for county in gazetteer.counties():
        road = (
            stem_of(rng.choice(cities).name, "prefecture") or "中山"
        ) + f"路{rng.randrange(1, 300)}号"
        stem = stem_of(county.name, "county") or county.name
        city = stem_of(county.prefecture, "prefecture") or county.prefecture
        forms = {
            "road, full name": f"{road} {county.full_name}",
            "full name, road": f"{county.full_name}{road}",
            "stem": stem,
            "stem, village": f"{stem}{rng.choice('张王李赵刘')}庄村",
            "city stem, county stem": f"{city}{stem}",
            "work place, 老家": f"在深圳打工 老家{city}{county.name}",
        }
        for form, text in forms.items():
            cases.append(Case(form, text, county.code, county.full_name, "generated"))
    return cases
