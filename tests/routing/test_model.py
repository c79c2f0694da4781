import datetime as dt

from routing.model import (
    BusType,
    CampaignParams,
    Place,
    Plan,
    PlanParams,
    Stop,
    Trip,
    Unassigned,
)

ZONE, HOME, WORK = (
    Place("郑州高新区", 34.8, 113.5),
    Place("郸城县", 33.6, 115.2),
    Place("E", 34.8, 113.6),
)
SIX = dt.datetime(2020, 2, 20, 6, 0)


def trip(trip_id: str, rows: tuple[int, ...], km: float) -> Trip:
    return Trip(
        trip_id,
        "45座大巴",
        45,
        45,
        (
            Stop("depot", ZONE, SIX),
            Stop("pickup", HOME, SIX, board=rows),
            Stop("dropoff", WORK, SIX, alight=rows),
        ),
        km,
        300.0,
    )


def test_an_employers_share_counts_its_own_riders_on_whole_trips():
    plan = Plan(
        (trip("T001", (1, 2, 3), 300.0), trip("T002", (4,), 250.0)),
        (Unassigned(5, "too far"), Unassigned(6, "fleet", "fleet")),
    )
    share = plan.share({2, 3, 6})
    assert [t.id for t in share.trips] == ["T001"] and share.planned == 2
    assert [u.row for u in share.unassigned] == [6] and share.distance_km == 300.0
    everyone = plan.share()
    assert (everyone.planned, len(everyone.unassigned), everyone.distance_km) == (4, 2, 550.0)
    assert plan.share(set()).trips == ()


def test_a_follow_up_keeps_what_only_the_published_plan_said():
    published = PlanParams(
        load_factor=0.5, seed=0, campaign=CampaignParams((SIX,), 2), extra={"backend": "geodesic"}
    )
    late = PlanParams(seed=7, fleet=(), extra={"planner": "packing"})
    merged = late.merged_over(published)
    assert (merged.load_factor, merged.seed, merged.campaign) == (0.5, 7, published.campaign)
    assert merged.extra == {"backend": "geodesic", "planner": "packing"}


def test_the_chartered_coach_is_named_by_its_seats():
    assert BusType.chartered(33) == BusType("33座大巴", 33)
