"""Synthetic rosters with the shape real sign-ups have, for benchmarks and tests.

Real returning-worker rosters are not a few big (county, employer) groups: every employer has one
or two partner counties that send many workers, and a long tail of counties that send one or two
each (a cousin, a neighbour's son). On 2,300 workers for 12 employers from 61 home counties that
gives about 300 county x employer groups, two thirds of them a single worker. This is the regime
where the stop rules (3 pickups, 3 employers per coach) bind and packing matters.

Home counties: every county of 周口, 南阳, 菏泽, 商丘, 信阳 and 驻马店 (61), then counties of the
prefectures further out when more are asked for. Employers (unequal sizes, Zipf-like) sit in
Zhengzhou's districts. Everything is invented and deterministic for a seed.
"""

from __future__ import annotations

import random

from places import Division, Gazetteer
from routing.geocoding import place_of
from routing.model import DEPOT_NAME, BusType, Employer, Place, Problem, Rules, Worker

HOME_PREFECTURES = ("周口市", "南阳市", "菏泽市", "商丘市", "信阳市", "驻马店市")
FURTHER_PREFECTURES = (
    "阜阳市",
    "亳州市",
    "开封市",
    "许昌市",
    "漯河市",
    "平顶山市",
    "济宁市",
    "宿州市",
    "洛阳市",
    "新乡市",
    "安阳市",
    "濮阳市",
    "焦作市",
    "三门峡市",
)
ZHENGZHOU_DISTRICTS = (
    "中原区",
    "二七区",
    "管城回族区",
    "金水区",
    "惠济区",
    "中牟县",
    "荥阳市",
    "新郑市",
)


def home_counties(gazetteer: Gazetteer, count: int) -> list[Division]:
    """The six home prefectures' counties first, then further prefectures' in order."""
    counties = gazetteer.counties()
    chosen = [
        c
        for prefecture in HOME_PREFECTURES + FURTHER_PREFECTURES
        for c in sorted(counties, key=lambda d: d.code)
        if c.prefecture == prefecture
    ]
    if count > len(chosen):
        raise ValueError(f"at most {len(chosen)} home counties, asked for {count}")
    return chosen[:count]


def shaped_problem(
    workers: int = 2300,
    employers: int = 12,
    origins: int = 61,
    seed: int = 0,
    *,
    load_factor: float = 0.5,
    seats: int = 45,
    max_pickups: int = 3,
    max_dropoffs: int = 3,
    max_ride_hours: float = 8.0,
) -> Problem:
    """A roster of `workers` for `employers` from `origins` home counties, as a Problem."""
    rng = random.Random(seed)
    gazetteer = Gazetteer.default()
    counties = home_counties(gazetteer, origins)
    sites = _employers(rng, gazetteer, employers)
    sizes = [1 / (k + 1) ** 0.7 for k in range(employers)]
    scale = workers / sum(sizes)
    counts = [max(1, round(size * scale)) for size in sizes]
    counts[0] += workers - sum(counts)  # exactly `workers` in all
    popularity = [rng.uniform(0.15, 1.0) ** 1.5 for _ in counties]  # some counties send more people
    people: list[Worker] = []
    for name, count in zip(sites, counts, strict=True):
        weights = _sources(rng, popularity, count)
        for home in rng.choices(counties, weights, k=count):
            row = len(people) + 1
            people.append(
                Worker(row, f"工人{row}", f"id{row}", "13800000000", place_of(home), name)
            )
    rules = Rules(
        load_factor=load_factor,
        max_pickups=max_pickups,
        max_dropoffs=max_dropoffs,
        max_ride_hours=max_ride_hours,
    )
    return Problem(
        tuple(people),
        sites,
        (BusType.chartered(seats),),
        place_of(gazetteer.resolve(DEPOT_NAME)),
        rules,
    )


def _employers(rng: random.Random, gazetteer: Gazetteer, count: int) -> dict[str, Employer]:
    districts = [gazetteer.resolve(f"郑州市{name}") for name in ZHENGZHOU_DISTRICTS]
    sites = {}
    for k in range(count):
        district = districts[k % len(districts)] if k < len(districts) else rng.choice(districts)
        name = f"企业{k + 1:02d}"
        place = Place(
            f"{name}（{district.name}）",
            district.lat + rng.uniform(-0.03, 0.03),
            district.lon + rng.uniform(-0.03, 0.03),
        )
        sites[name] = Employer(name, place)
    return sites


def _sources(rng: random.Random, popularity: list[float], size: int) -> list[float]:
    """Weights over the home counties: two to four partner counties carry most of an employer's
    workers (more for a larger one), every other county a small tail share."""
    partners = rng.sample(range(len(popularity)), k=min(len(popularity), 2 + min(2, size // 300)))
    tail = 0.28 / len(popularity)  # about a quarter of the workers come through the tail
    weights = [tail * p for p in popularity]
    for rank, county in enumerate(partners, start=1):
        weights[county] += 0.72 / (rank * sum(1 / r for r in range(1, len(partners) + 1)))
    return weights
