"""Maps that read without the internet: province and prefecture boundaries and names from the
bundled `data/boundaries/china.geojson` (see its generate.py) under the app's own layers.

Every layer's data carries a `tip` text, so the one tooltip template `{tip}` is filled on every
object that can be pointed at (a template naming a field some layers lack shows it raw).
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from pathlib import Path

import pydeck as pdk
import streamlit as st

from routing.model import Employer, Place, Plan

BOUNDARIES = Path(__file__).resolve().parents[2] / "data" / "boundaries" / "china.geojson"
PALETTE = [
    (31, 119, 180),
    (255, 127, 14),
    (44, 160, 44),
    (214, 39, 40),
    (148, 103, 189),
    (140, 86, 75),
    (227, 119, 194),
    (127, 127, 127),
    (188, 189, 34),
    (23, 190, 207),
]
TOOLTIP = {"text": "{tip}", "style": {"fontSize": "13px"}}  # text: names come from user files
# pydeck reads a plain string as a data field: a literal is quoted inside the string.
FONT = "'Noto Sans SC, Noto Sans CJK SC, Microsoft YaHei, sans-serif'"


@st.cache_resource(show_spinner=False)
def _boundaries() -> dict[str, list[dict]]:
    """The bundled features by level ("province", "prefecture"); none when the file is absent."""
    if not BOUNDARIES.exists():
        return {"province": [], "prefecture": []}
    features = json.loads(BOUNDARIES.read_text(encoding="utf-8"))["features"]
    return {
        level: [f for f in features if f["properties"]["level"] == level]
        for level in ("province", "prefecture")
    }


def base_layers() -> list[pdk.Layer]:
    """Boundaries (prefectures thin, provinces bold) and their names, under everything else."""
    found = _boundaries()
    layers = [
        pdk.Layer(  # the land first, so that every line is drawn on top of it
            "GeoJsonLayer",
            {"type": "FeatureCollection", "features": found["province"]},
            stroked=False,
            filled=True,
            get_fill_color=[245, 243, 238, 255],
            pickable=False,
        )
    ]
    for level, width, color in (
        ("prefecture", 1, [160, 160, 160, 200]),
        ("province", 2, [90, 90, 90, 230]),
    ):
        layers.append(
            pdk.Layer(
                "GeoJsonLayer",
                {"type": "FeatureCollection", "features": found[level]},
                stroked=True,
                filled=False,
                get_line_color=color,
                line_width_min_pixels=width,
                pickable=False,
            )
        )
    for level, size, color in (
        ("prefecture", 11, [110, 110, 110, 230]),
        ("province", 15, [60, 60, 60, 255]),
    ):
        names = [
            {"name": f["properties"]["name"], "position": f["properties"]["label"]}
            for f in found[level]
        ]
        layers.append(
            pdk.Layer(
                "TextLayer",
                names,
                get_position="position",
                get_text="name",
                get_size=size,
                get_color=color,
                character_set="'auto'",
                font_family=FONT,
                pickable=False,
            )
        )
    return layers


def fitted_view(places: Iterable[Place], width: int = 700, height: int = 450) -> pdk.ViewState:
    """A view whose box holds every place given (all stops, the depot), for a chart of about
    `width` x `height` pixels: deck.gl's Web Mercator shows 512 * 2**zoom pixels per 360 degrees."""
    places = list(places)
    if not places:
        return pdk.ViewState(latitude=34.3, longitude=114.6, zoom=6)
    west, east = min(p.lon for p in places), max(p.lon for p in places)
    south, north = min(p.lat for p in places), max(p.lat for p in places)
    middle = (south + north) / 2
    stretch = 1 / math.cos(math.radians(middle))  # a degree of latitude is taller up north
    span_x, span_y = max(east - west, 0.2) * 1.15, max(north - south, 0.2) * 1.15 * stretch
    zoom = math.log2(min(width * 360 / (512 * span_x), height * 360 / (512 * span_y)))
    return pdk.ViewState(
        latitude=middle, longitude=(west + east) / 2, zoom=max(3.0, min(10.0, zoom))
    )


def markers(depot: Place, employers: Iterable[Employer]) -> list[pdk.Layer]:
    """The depot (a black ring) and the employers (blue squares seen as dots)."""
    sites = [
        {"position": [e.place.lon, e.place.lat], "tip": f"用工单位 {e.name}"} for e in employers
    ]
    return [
        pdk.Layer(
            "ScatterplotLayer",
            sites,
            get_position="position",
            get_radius=1500,
            radius_min_pixels=4,
            get_fill_color=[20, 60, 160, 220],
            pickable=True,
        ),
        pdk.Layer(
            "ScatterplotLayer",
            [{"position": [depot.lon, depot.lat], "tip": f"出发地 Depot {depot.name}"}],
            get_position="position",
            get_radius=4000,
            radius_min_pixels=7,
            stroked=True,
            filled=True,
            get_fill_color=[255, 255, 255, 255],
            get_line_color=[0, 0, 0],
            line_width_min_pixels=3,
            pickable=True,
        ),
    ]


def trip_color(index: int, faded: bool) -> list[int]:
    red, green, blue = PALETTE[index % len(PALETTE)]
    return [red, green, blue, 60 if faded else 230]


def plan_deck(
    plan: Plan, depot: Place, employers: Sequence[Employer], selected: str | None = None
) -> pdk.Deck:
    """Routes coloured per trip (the selected one bold, the others faded), pickups sized by the
    workers boarding there, over the boundaries; the view fits every stop."""
    paths, points = [], {}
    for index, trip in enumerate(plan.trips):
        chosen = trip.id == selected
        paths.append(
            {
                "path": [[s.place.lon, s.place.lat] for s in trip.stops],
                "rgba": trip_color(index, faded=selected is not None and not chosen),
                "pixels": 6 if chosen else 2,
                "tip": f"车次 {trip.id} · {trip.passengers} 人 · {trip.distance_km:.0f} km",
            }
        )
        for stop in trip.pickups:
            point = points.setdefault(
                stop.place.key,
                {
                    "name": stop.place.name,
                    "position": [stop.place.lon, stop.place.lat],
                    "workers": 0,
                    "trips": [],
                },
            )
            point["workers"] += len(stop.board)
            point["trips"].append(trip.id)
    for point in points.values():
        point["tip"] = (
            f"上车点 {point['name']} · {point['workers']} 人 · 车次 {'、'.join(point['trips'][:6])}"
        )
        point["radius"] = point["workers"] * 120 + 1500
    stops = [s.place for t in plan.trips for s in t.stops]
    shown = [s.place for t in plan.trips if t.id == selected for s in t.stops] or stops
    return pdk.Deck(
        layers=[
            *base_layers(),
            pdk.Layer(
                "PathLayer",
                paths,
                get_path="path",
                get_color="rgba",
                get_width="pixels",
                width_units="'pixels'",
                width_min_pixels=1,
                pickable=True,
            ),
            pdk.Layer(
                "ScatterplotLayer",
                list(points.values()),
                get_position="position",
                get_radius="radius",
                radius_min_pixels=3,
                get_fill_color=[220, 60, 0, 190],
                pickable=True,
            ),
            *markers(depot, employers),
        ],
        initial_view_state=fitted_view([*shown, depot]),
        tooltip=TOOLTIP,
        map_style=None,
    )


def origins_deck(
    counts: Sequence[tuple[Place, int]], depot: Place, employers: Sequence[Employer]
) -> pdk.Deck:
    """Where registered workers start from, sized by how many, over the boundaries."""
    dots = [
        {
            "position": [place.lon, place.lat],
            "radius": count * 150 + 1500,
            "tip": f"{place.name} · {count} 人",
        }
        for place, count in counts
    ]
    return pdk.Deck(
        layers=[
            *base_layers(),
            pdk.Layer(
                "ScatterplotLayer",
                dots,
                get_position="position",
                get_radius="radius",
                radius_min_pixels=3,
                get_fill_color=[200, 30, 0, 170],
                pickable=True,
            ),
            *markers(depot, employers),
        ],
        initial_view_state=fitted_view([*(p for p, _ in counts), depot]),
        tooltip=TOOLTIP,
        map_style=None,
    )
