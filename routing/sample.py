"""A deterministic sample: about 2,300 returning workers for 31 employers in the Zhengzhou High-tech
Zone, from the counties of Zhoukou, Nanyang, Heze, Shangqiu, Xinyang, Zhumadian and a few more.

Employers recruit the way they do in life: each through a labour partnership with one or two home
prefectures, most workers from a few counties, a few from anywhere. About 1.5% of the rows carry the
mistakes real rosters carry (a mistyped ID digit, an unknown village, a typo in the employer's name,
a duplicate registration, a red health code, a worker not ready by departure), so the sample also
exercises the error report. Everything is invented: names, ID numbers and phones belong to nobody.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from intake.identity import id_check_char
from places import Division, Gazetteer

SEED = 20200220
ZONE_CENTRE = (34.812, 113.560)
HOME_PREFECTURES = {  # prefecture -> weight among the employers' partnerships
    "周口市": 25,
    "南阳市": 17,
    "菏泽市": 15,
    "商丘市": 12,
    "信阳市": 10,
    "驻马店市": 10,
    "开封市": 4,
    "许昌市": 3,
    "漯河市": 2,
    "平顶山市": 2,
}
EMPLOYER_SIZES = (
    280,
    235,
    195,
    165,
    140,
    122,
    110,
    100,
    92,
    85,
    78,
    72,
    66,
    60,
    55,
    50,
    46,
    42,
    38,
    35,
    32,
    30,
    28,
    26,
    24,
    22,
    20,
    18,
    16,
    14,
    12,
)
EMPLOYER_STEMS = (
    "宇辉电子",
    "中原智芯",
    "汉光测控",
    "嵩岳精密",
    "华晟光电",
    "新郑智能装备",
    "天衡检测",
    "众诚生物",
    "博睿软件",
    "鼎盛新材料",
    "恒信传感",
    "金梭机械",
    "绿城环保",
    "瑞达仪器",
    "天健医疗器械",
    "豫达通信",
    "远景数控",
    "牧原食品科技",
    "中科超硬材料",
    "万泰电气",
    "华夏云数据",
    "九州物流",
    "同创印务",
    "星辰电池",
    "海纳精工",
    "润德药业",
    "安图诊断",
    "启明星光电",
    "国瑞纺织",
    "凯盛建材",
    "锦程汽车部件",
)
ZONE_ROADS = (
    "科学大道",
    "长椿路",
    "莲花街",
    "翠竹街",
    "银杏路",
    "梧桐街",
    "冬青街",
    "石楠路",
    "红松路",
    "枫杨街",
    "雪松路",
    "瑞达路",
    "合欢街",
    "金梭路",
    "玉兰街",
    "木兰路",
    "西四环",
    "电厂路",
)
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎"
GIVEN = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国红梅志强玉兰海燕文博浩然子涵欣怡宇轩"
)
TOWNSHIPS = ("城关镇", "东关乡", "李集镇", "王庄乡", "高寺镇", "新集镇", "河口乡", "马头镇")
HEADER = (
    "序号",
    "姓名",
    "身份证号",
    "手机号",
    "出发地",
    "用工单位",
    "纬度",
    "经度",
    "健康状态",
    "最早出发",
)


@dataclass(frozen=True)
class Sample:
    roster_csv: str
    employers_csv: str
    fleet_csv: str

    def write(self, folder: Path) -> list[Path]:
        folder.mkdir(parents=True, exist_ok=True)
        files = {
            "roster.csv": self.roster_csv,
            "employers.csv": self.employers_csv,
            "fleet.csv": self.fleet_csv,
        }
        for name, text in files.items():
            # UTF-8 with BOM: what Excel on a Chinese Windows opens without mojibake.
            (folder / name).write_text(text, encoding="utf-8-sig", newline="")
        return [folder / name for name in files]


def build_sample(seed: int = SEED) -> Sample:
    rng = random.Random(seed)
    gazetteer = Gazetteer.default()
    counties = {
        pref: [d for d in gazetteer.divisions if d.level == "county" and d.prefecture == pref]
        for pref in HOME_PREFECTURES
    }
    employers = _employers(rng)
    names = Counter(d.name for d in gazetteer.divisions if d.level == "county")
    home_counties = [c for prefecture in HOME_PREFECTURES for c in counties[prefecture]]
    gathering_points = {c.code: rng.choice(TOWNSHIPS) for c in rng.sample(home_counties, k=6)}
    rows: list[list[str]] = []
    for (name, _, _, _), size in zip(employers, EMPLOYER_SIZES, strict=True):
        sources = _recruitment_sources(rng, counties, size)
        for _ in range(size):
            county = rng.choices(*zip(*sources, strict=True))[0]
            rows.append(_worker_row(rng, county, name, names[county.name] == 1, gathering_points))
    rng.shuffle(rows)
    _add_mistakes(rng, rows)
    roster = [list(HEADER)] + [[str(i), *row] for i, row in enumerate(rows, start=1)]
    return Sample(
        roster_csv=_csv_text(roster),
        employers_csv=_csv_text([["单位名称", "地址", "纬度", "经度"], *map(list, employers)]),
        fleet_csv=_csv_text(
            [
                ["type", "seats", "count", "cost_per_km"],
                ["大巴55座", "55", "15", "7.5"],
                ["大巴45座", "45", "40", "6.5"],
                ["中巴33座", "33", "20", "5.0"],
            ]
        ),
    )


def _employers(rng: random.Random) -> list[tuple[str, str, str, str]]:
    employers = []
    for stem in EMPLOYER_STEMS:
        kind = rng.choice(("科技有限公司", "有限公司", "股份有限公司", "技术有限公司"))
        lat = ZONE_CENTRE[0] + rng.uniform(-0.05, 0.05)
        lon = ZONE_CENTRE[1] + rng.uniform(-0.07, 0.07)
        address = f"郑州市高新区{rng.choice(ZONE_ROADS)}{rng.randint(1, 300)}号"
        employers.append((f"郑州{stem}{kind}", address, f"{lat:.5f}", f"{lon:.5f}"))
    return employers


def _recruitment_sources(
    rng: random.Random, counties: dict[str, list[Division]], size: int
) -> list[tuple[Division, float]]:
    """A partnership with one or two home prefectures: a few counties weigh most. A small firm
    hires through one or two villages' networks (老乡带老乡); a large one from further afield."""
    prefectures = list(HOME_PREFECTURES)
    weights = list(HOME_PREFECTURES.values())
    partners = 1 if size < 100 else rng.choice((1, 2))
    homes = sorted({rng.choices(prefectures, weights)[0] for _ in range(partners)})
    sources: list[tuple[Division, float]] = []
    for home in homes:
        wanted = rng.randint(1, 2) if size < 50 else rng.randint(2, 5)
        chosen = rng.sample(counties[home], k=min(len(counties[home]), wanted))
        sources += [(county, 1 / rank) for rank, county in enumerate(chosen, start=1)]
    if size >= 100:
        strays = rng.sample([c for pref in prefectures for c in counties[pref]], k=2)
        sources += [(county, 0.03) for county in strays]
    return sources


def _worker_row(
    rng: random.Random,
    county: Division,
    employer: str,
    unique_name: bool,
    gathering_points: dict[str, str],
) -> list[str]:
    born = dt.date(1966, 1, 1) + dt.timedelta(days=rng.randint(0, 36 * 365))
    first17 = f"{county.code}{born:%Y%m%d}{rng.randint(0, 999):03d}"
    name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))
    phone = (
        rng.choice(("138", "139", "150", "151", "158", "186", "187", "135"))
        + f"{rng.randint(0, 99_999_999):08d}"
    )
    origin, lat, lon = _origin_text(rng, county, unique_name), "", ""
    town = gathering_points.get(county.code)
    if town and rng.random() < 0.4:  # this county gathers part of its workers at a township
        origin = f"{county.full_name}{town}"
        lat, lon = f"{county.lat + 0.11:.5f}", f"{county.lon - 0.09:.5f}"
    health = rng.choice(("健康", "绿码", "", "健康"))
    ready = rng.choice(("", "", f"2020-02-{rng.randint(10, 19)}", f"2020/2/{rng.randint(10, 19)}"))
    return [
        name,
        first17 + id_check_char(first17),
        phone,
        origin,
        employer,
        lat,
        lon,
        health,
        ready,
    ]


def _origin_text(rng: random.Random, county: Division, unique_name: bool) -> str:
    """The forms people type: full, without province, run together, county only, with a township.
    A county name that exists elsewhere too is always written with its prefecture."""
    province, prefecture = county.province, county.prefecture
    short = prefecture.removesuffix("市")
    forms = [
        f"{province}{prefecture}{county.name}",
        f"{prefecture}{county.name}",
        f"{short}{county.name}",
    ]
    if unique_name:
        forms += [county.name, f"{county.name}{rng.choice(TOWNSHIPS)}"]
    return rng.choice(forms)


def _add_mistakes(rng: random.Random, rows: list[list[str]]) -> None:
    """Spoil a few rows the way registrations get spoiled; see the module docstring."""
    picks = iter(rng.sample(range(len(rows)), 36))

    def spoil(count: int, change) -> None:
        for _ in range(count):
            change(rows[next(picks)])

    spoil(6, lambda r: r.__setitem__(1, r[1][:15] + str((int(r[1][15]) + 1) % 10) + r[1][16:]))
    spoil(2, lambda r: r.__setitem__(1, r[1][:6] + r[1][8:17]))  # an old 15-digit number
    spoil(3, lambda r: r.__setitem__(3, rng.choice(("幸福村", "河南省老家", "鼓楼区"))))
    spoil(4, lambda r: r.__setitem__(4, r[4].replace("有限公司", "公司")))
    spoil(3, lambda r: r.__setitem__(2, ""))
    spoil(3, lambda r: r.__setitem__(7, rng.choice(("红码", "黄码", "隔离"))))
    spoil(4, lambda r: r.__setitem__(8, f"2020-02-{rng.randint(21, 28)}"))
    for _ in range(4):  # the same worker registered twice, by two people
        original = rows[next(picks)]
        twin = [*original[:2], original[2][:-1] + "0", *original[3:]]
        rows.insert(rng.randrange(len(rows)), twin)
    spoil(3, lambda r: r.__setitem__(0, ""))


def _csv_text(rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()
