"""Fewer coaches after the packing: a large-neighbourhood search over its coaches.

Rounding the relaxation leaves coaches with free seats that no single move can fill (each
coach may call at only a few pickup points and employers). So a few coaches that share stops
or lie close together are taken apart, their workers packed again from scratch by the same
column generation (routing/packing.py) as a small problem of their own, and the new coaches
kept when there are fewer of them (or as many, driving less). The emptiest coaches are taken
apart first. The work is counted (how many neighbourhoods are tried), so the same plan comes
out on any machine unless the hard cap in seconds is reached first.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Sequence

from routing import packing

NEIGHBOURS = 8  # coaches taken apart together
SEEDS_PER_PASS = 10  # emptiest coaches tried as the centre of a neighbourhood per pass
NEIGHBOURHOOD_SECONDS = 2.0  # a hard cap per neighbourhood (it usually takes a tenth of that)


def repack(
    items: Sequence[packing.Item],
    types: Sequence[packing.CoachType],
    routes: packing.RouteBook,
    coaches: Sequence[packing.Column],
    *,
    max_pickups: int,
    max_dropoffs: int,
    tries: int,
    deadline: float,
    bound: int = 0,
) -> list[packing.Column]:
    """The coaches, improved by at most `tries` neighbourhoods re-packed (or until `deadline`,
    a time.monotonic() value, or the lower bound `bound`)."""
    coaches = list(coaches)
    tried: set[frozenset] = set()
    while tries > 0 and len(coaches) > bound and time.monotonic() < deadline:
        order = sorted(range(len(coaches)), key=lambda k: (coaches[k].passengers, k))
        for centre in order[:SEEDS_PER_PASS]:
            group = _neighbourhood(centre, coaches, routes)
            key = frozenset((coaches[k].loads, coaches[k].kind) for k in group)
            if key in tried:
                continue
            tried.add(key)
            tries -= 1
            better = _repacked(
                items,
                types,
                routes,
                [coaches[k] for k in group],
                max_pickups,
                max_dropoffs,
                deadline,
            )
            if better is not None:
                coaches = [c for k, c in enumerate(coaches) if k not in set(group)] + better
                break
            if tries <= 0 or time.monotonic() >= deadline:
                break
        else:
            break  # every neighbourhood of the emptiest coaches was tried: nothing to gain
    return coaches


def _neighbourhood(
    centre: int, coaches: Sequence[packing.Column], routes: packing.RouteBook
) -> list[int]:
    """The centre and the coaches sharing most of its stops, then nearest to its pickups."""
    pickups = set(coaches[centre].route.pickups)
    dropoffs = set(coaches[centre].route.dropoffs)
    km = routes.km
    ranked = sorted(
        (
            -(len(pickups & set(c.route.pickups)) + len(dropoffs & set(c.route.dropoffs))),
            min(float(km[a, b]) for a in pickups for b in c.route.pickups),
            k,
        )
        for k, c in enumerate(coaches)
        if k != centre
    )
    return [centre] + [k for _, _, k in ranked[: NEIGHBOURS - 1]]


def _repacked(
    items: Sequence[packing.Item],
    types: Sequence[packing.CoachType],
    routes: packing.RouteBook,
    group: Sequence[packing.Column],
    max_pickups: int,
    max_dropoffs: int,
    deadline: float,
) -> list[packing.Column] | None:
    """The group's workers packed again; None unless fewer coaches (or as many, fewer km)."""
    amount: Counter[int] = Counter()
    for coach in group:
        for i, workers in coach.loads:
            amount[i] += workers
    inside = sorted(amount)
    sub_items = [packing.Item(items[i].pickup, items[i].dropoff, amount[i]) for i in inside]
    # The group may use again the coaches it frees, and no more of a limited type.
    used = Counter(coach.kind for coach in group)
    sub_types = [
        packing.CoachType(
            t.capacity, None if t.count is None else used[kind], t.cost_per_km, t.depot
        )
        for kind, t in enumerate(types)
    ]
    budget = packing.Budget(
        rounds=20,
        dive_pricing=100,
        improve_steps=len(group),
        dives=2,
        deadline=min(deadline, time.monotonic() + NEIGHBOURHOOD_SECONDS),
        reserve_s=0.0,
    )
    result = packing.pack(
        sub_items,
        sub_types,
        routes,
        max_pickups=max_pickups,
        max_dropoffs=max_dropoffs,
        budget=budget,
    )
    if any(result.left):
        return None
    old = (len(group), sum(c.route.km for c in group))
    new = (len(result.coaches), sum(c.route.km for c in result.coaches))
    if new[0] > old[0] or (new[0] == old[0] and new[1] >= old[1] - 1e-6):
        return None
    return [
        packing.Column(tuple((inside[i], a) for i, a in c.loads), c.kind, c.route)
        for c in result.coaches
    ]
