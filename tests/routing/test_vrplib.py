from pathlib import Path

import pytest

from routing.search import solve_cvrp
from routing.vrplib import VrplibError, read_instance

CVRPLIB = Path(__file__).resolve().parents[3] / "shared" / "benchmarks" / "cvrplib"
TINY = """NAME : tiny-k2
TYPE : CVRP
DIMENSION : 5
EDGE_WEIGHT_TYPE : EUC_2D
CAPACITY : 10
NODE_COORD_SECTION
1 0 0
2 3 4
3 6 8
4 -3 4
5 -6 8
DEMAND_SECTION
1 0
2 5
3 5
4 5
5 5
DEPOT_SECTION
1
-1
EOF
"""


def test_rounded_euclidean_distances_and_cost(tmp_path):
    path = tmp_path / "tiny.vrp"
    path.write_text(TINY)
    instance = read_instance(path)
    assert instance.distances[0][1] == 5 and instance.distances[1][2] == 5
    routes = solve_cvrp(
        instance.distances, instance.demands, instance.capacity, vehicles=4, time_limit_s=0.5
    )
    assert sorted(sorted(r) for r in routes) == [[1, 2], [3, 4]]
    assert instance.cost(routes) == 40


@pytest.mark.skipif(not CVRPLIB.exists(), reason="shared CVRPLIB set not present")
@pytest.mark.parametrize("name, cost", [("A-n32-k5", 784), ("E-n13-k4", 247)])
def test_published_solutions_recompute_to_their_stated_cost(name, cost):
    instance = read_instance(CVRPLIB / f"{name}.vrp")
    lines = (CVRPLIB / f"{name}.sol").read_text().splitlines()
    routes = [
        [int(x) for x in line.split(":")[1].split()] for line in lines if line.startswith("Route")
    ]
    assert instance.cost(routes) == cost


def test_a_file_without_capacity_is_refused(tmp_path):
    path = tmp_path / "bad.vrp"
    path.write_text(TINY.replace("CAPACITY : 10\n", ""))
    with pytest.raises(VrplibError, match="CAPACITY"):
        read_instance(path)
