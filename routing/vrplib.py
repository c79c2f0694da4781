"""Read CVRPLIB instances (TSPLIB-style `.vrp` files) and compute their costs the CVRPLIB way.

Distances are Euclidean rounded to the nearest integer (TSPLIB `nint`), the convention the published
best-known solutions use; EXPLICIT instances give their matrix in the file.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from pathlib import Path


class VrplibError(ValueError):
    """A file that is not a CVRP instance we can read."""


@dataclass(frozen=True)
class Instance:
    name: str
    capacity: int
    demands: tuple[int, ...]  # index 0 is the depot (demand 0)
    distances: tuple[tuple[int, ...], ...]

    def __post_init__(self) -> None:
        if self.demands[0] != 0:
            raise VrplibError(f"{self.name}: the depot must come first and have no demand")
        if max(self.demands) > self.capacity:
            raise VrplibError(f"{self.name}: a customer's demand exceeds the vehicle capacity")

    @property
    def customers(self) -> int:
        return len(self.demands) - 1

    @property
    def default_vehicles(self) -> int:
        """CVRPLIB names end in -kN (N the vehicles of the best solution); allow twice as many."""
        tail = self.name.rsplit("-k", 1)
        if len(tail) == 2 and tail[1].isdigit():
            return 2 * int(tail[1])
        return max(1, math.ceil(self.customers / 2))

    def cost(self, routes: list[list[int]]) -> int:
        """Total length of routes given as customer lists (the depot is implied at both ends)."""
        d = self.distances
        return sum(
            d[0][r[0]] + sum(d[a][b] for a, b in itertools.pairwise(r)) + d[r[-1]][0]
            for r in routes
            if r
        )


def read_instance(path: Path) -> Instance:
    try:
        lines = Path(path).read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError as exc:
        raise VrplibError(f"{path}: cannot read ({exc})") from exc
    header, sections = _parse(lines)
    name = header.get("NAME", Path(path).stem)
    try:
        dimension = int(header["DIMENSION"])
        capacity = int(header["CAPACITY"])
    except (KeyError, ValueError) as exc:
        raise VrplibError(f"{path}: DIMENSION and CAPACITY are required") from exc
    demand_by_node = {int(r[0]): int(r[1]) for r in sections.get("DEMAND_SECTION", [])}
    depots = [int(r[0]) for r in sections.get("DEPOT_SECTION", []) if int(r[0]) > 0] or [1]
    order = [depots[0]] + [n for n in range(1, dimension + 1) if n != depots[0]]
    full = _distances(header, sections, dimension, path)
    return Instance(
        name=name,
        capacity=capacity,
        demands=tuple(demand_by_node.get(n, 0) for n in order),
        distances=tuple(tuple(full[a - 1][b - 1] for b in order) for a in order),
    )


def _parse(lines: list[str]) -> tuple[dict[str, str], dict[str, list[list[str]]]]:
    header: dict[str, str] = {}
    sections: dict[str, list[list[str]]] = {}
    current = None
    for line in lines:
        text = line.strip()
        if not text or text == "EOF":
            continue
        if text.endswith("_SECTION"):
            current = text
            sections[current] = []
        elif ":" in text and not text[0].isdigit() and not text.startswith("-"):
            key, value = text.split(":", 1)
            header[key.strip().upper()] = value.strip()
            current = None
        elif current:
            sections[current].append(text.split())
    return header, sections


def _distances(
    header: dict[str, str], sections: dict[str, list[list[str]]], n: int, path: Path
) -> list[list[int]]:
    kind = header.get("EDGE_WEIGHT_TYPE", "EUC_2D")
    if kind == "EUC_2D":
        coords = {int(r[0]): (float(r[1]), float(r[2])) for r in sections["NODE_COORD_SECTION"]}
        points = [coords[i] for i in range(1, n + 1)]
        return [[_nint(math.dist(a, b)) for b in points] for a in points]
    if kind == "EXPLICIT":
        values = [int(float(v)) for row in sections["EDGE_WEIGHT_SECTION"] for v in row]
        return _explicit(header.get("EDGE_WEIGHT_FORMAT", "FULL_MATRIX"), values, n, path)
    raise VrplibError(f"{path}: EDGE_WEIGHT_TYPE {kind} is not supported (EUC_2D, EXPLICIT)")


def _explicit(fmt: str, values: list[int], n: int, path: Path) -> list[list[int]]:
    matrix = [[0] * n for _ in range(n)]
    if fmt == "FULL_MATRIX":
        return [values[i * n : (i + 1) * n] for i in range(n)]
    cells = {
        "LOWER_ROW": [(i, j) for i in range(n) for j in range(i)],
        "LOWER_DIAG_ROW": [(i, j) for i in range(n) for j in range(i + 1)],
        "UPPER_ROW": [(i, j) for i in range(n) for j in range(i + 1, n)],
        "UPPER_DIAG_ROW": [(i, j) for i in range(n) for j in range(i, n)],
    }.get(fmt)
    if cells is None or len(cells) != len(values):
        raise VrplibError(
            f"{path}: EDGE_WEIGHT_FORMAT {fmt} with {len(values)} values is not readable"
        )
    for (i, j), value in zip(cells, values, strict=True):
        matrix[i][j] = matrix[j][i] = value
    return matrix


def _nint(value: float) -> int:
    return math.floor(value + 0.5)
