"""The recruitment half's sample data: job postings of the 2020 spring recruitment drive (春风行动)
in Zhengzhou, as four boards would export them.

    python -m recruitment sample                          # rewrite the committed data/postings/
    python -m recruitment sample --postings 1000000 --out /tmp/postings --csv-only

Deterministic: the same seed and size give byte-identical files. Only the standard library and
openpyxl (for the one XLSX file) are used. Every employer, person-free posting and URL is invented.

The sample holds exactly `TOTAL_POSTINGS` accepted postings (duplicates included) in four board
exports, plus a few rows a reader must reject:

- `zhaopin.csv`  智联招聘 style, UTF-8 with BOM, bilingual headers (`职位名称/title`), names cut
  short with `...`, salaries like `6千-8千`, `8千-1.3万`, `10001-15000`; a blank line and a repeated
  header row mid-file; rows without a title or company (rejected);
- `zhongbu.csv`  中部就业网 style, GBK, GB/T 4754 industry names, `3000-10000元/月`, `4500元以上`,
  `1千以下`, `200元/天`, dates like `2020/2/21`; two rows with an extra cell (rejected);
- `51job.csv`    前程无忧 style: `职位, 公司, 地址, 薪酬, 标签` with `招2人`, `招若干人`,
  `02-21发布` inside the tags, salaries like `4.5-7.5千/月`, `0.8-1.3万/月`, `20-50万/年`,
  `100-120元/时`;
- `boss.xlsx`    BOSS直聘 style: short company names, `12-18K`, `10k-20k`, `10-15K·13薪`,
  `学历经验要求` glued as `1-3年本科`, dates as Excel dates.

About 10% of the postings are copies of another posting: the same job on a second board (company
name and title printed differently, a few days later, sometimes another headcount) or posted again
on the same board. Fields go missing at random (`面议`, no district, no education, `若干` people).

The file is long because most of it is the boards' vocabulary (titles, companies, districts, pay and
education wordings) held as data; the code is `generate` and the writers under it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

SEED = 20200210
FOLDER = Path(__file__).resolve().parent.parent / "data" / "postings"  # the committed sample
TOTAL_POSTINGS = 8869
DUPLICATE_SHARE = 0.10
SAME_BOARD_SHARE = 0.08  # of the duplicates: reposts on the same board
FIRST_DAY = dt.date(2020, 2, 10)
DAYS = 62
XLSX_TIME = (2020, 4, 15, 0, 0, 0)

BOARDS = ("zhaopin", "zhongbu", "51job", "boss")
BOARD_WEIGHTS = (40, 35, 15, 10)
FILE_NAMES = {
    "zhaopin": "zhaopin.csv",
    "zhongbu": "zhongbu.csv",
    "51job": "51job.csv",
    "boss": "boss.xlsx",
}
HEADERS = {
    "zhaopin": [
        "职位名称/title",
        "公司名称/company",
        "职位月薪/salary",
        "工作地点/address",
        "工作经验/work_experience",
        "学历/education",
        "招聘人数",
        "发布日期",
        "福利/welfare",
        "url",
        "公司行业",
        "公司规模",
    ],
    "zhongbu": [
        "岗位名称",
        "招聘单位",
        "所属行业",
        "工作区域",
        "薪资待遇",
        "学历要求",
        "经验要求",
        "招聘人数",
        "发布时间",
        "单位性质",
        "来源",
    ],
    "51job": ["职位", "公司", "地址", "薪酬", "标签", "行业", "链接"],
    "boss": ["职位", "公司", "地址", "薪酬", "学历经验要求", "标签", "行业", "发布日期", "链接"],
}

DISTRICTS = (
    ("高新区", 30, "高新技术产业开发区"),
    ("金水区", 12, "金水区"),
    ("郑东新区", 10, "郑东新区"),
    ("中原区", 8, "中原区"),
    ("二七区", 7, "二七区"),
    ("管城回族区", 6, "管城回族区"),
    ("经开区", 9, "经济技术开发区"),
    ("航空港区", 10, "航空港经济综合实验区"),
    ("惠济区", 4, "惠济区"),
    ("上街区", 2, "上街区"),
    ("新郑市", 1, "新郑市"),
    ("荥阳市", 1, "荥阳市"),
)
ROADS = (
    "科学大道",
    "长椿路",
    "西四环",
    "翠竹街",
    "冬青街",
    "莲花街",
    "红松路",
    "银屏路",
    "金梭路",
    "瑞达路",
    "枫杨街",
    "合欢街",
    "化工路",
    "雪松路",
)


@dataclass(frozen=True)
class Kind:
    """A kind of employer: its sector's words on each board, the jobs it posts, its pay."""

    weight: int
    name_words: tuple[str, ...]
    zhaopin: tuple[str, ...]
    zhongbu: tuple[str, ...]
    titles: tuple[str, ...]
    pay: tuple[int, int]  # range of the lower end of the monthly pay


KINDS = (
    Kind(
        14,
        ("软件", "信息技术", "网络科技", "数据科技"),
        ("计算机软件", "互联网/电子商务", "IT服务"),
        ("软件和信息技术服务业", "互联网和相关服务"),
        (
            "Java开发工程师",
            "前端开发工程师",
            "软件测试工程师",
            "运维工程师",
            "产品经理",
            "UI设计师",
            "实施工程师",
            "数据分析师",
            "技术支持工程师",
            "Python开发工程师",
        ),
        (6000, 12000),
    ),
    Kind(
        14,
        ("电子", "光电", "智能终端", "半导体"),
        ("电子技术/半导体/集成电路", "通信/电信/网络设备"),
        ("计算机、通信和其他电子设备制造业",),
        (
            "普工",
            "SMT操作员",
            "电子工程师",
            "质检员",
            "设备技术员",
            "工艺工程师",
            "生产组长",
            "仓库管理员",
        ),
        (4000, 7000),
    ),
    Kind(
        12,
        ("机械", "智能装备", "重工", "自动化设备"),
        ("机械/设备/重工", "仪器仪表及工业自动化", "汽车/摩托车"),
        ("通用设备制造业", "专用设备制造业", "汽车制造业"),
        (
            "机械设计工程师",
            "电气工程师",
            "数控车床操作工",
            "焊工",
            "装配钳工",
            "售后服务工程师",
            "质量工程师",
            "叉车司机",
        ),
        (4500, 8000),
    ),
    Kind(
        6,
        ("新材料", "食品", "包装", "服饰"),
        ("加工制造(原料加工/模具)", "服装/纺织/皮革"),
        ("食品制造业", "纺织服装、服饰业", "橡胶和塑料制品业"),
        ("操作工", "包装工", "化验员", "车间主任", "采购专员", "缝纫工"),
        (3500, 6000),
    ),
    Kind(
        6,
        ("生物科技", "医药", "医疗器械", "制药"),
        ("医药/生物工程", "医疗设备/器械"),
        ("医药制造业",),
        ("医药代表", "QA专员", "药物研发员", "注册专员", "GMP车间操作工", "医疗器械销售"),
        (4500, 9000),
    ),
    Kind(
        5,
        ("健康管理", "养老服务", "康复医疗"),
        ("医疗/护理/卫生", "医疗/护理/美容/保健/卫生服务"),
        ("卫生和社会工作",),
        ("护士", "康复治疗师", "护理员", "药剂师", "导医", "健康管理师"),
        (3500, 7000),
    ),
    Kind(
        7,
        ("建设工程", "置业", "建筑装饰", "物业服务"),
        ("建筑/建材/工程", "房地产/建筑业", "物业管理/商业中心"),
        ("房屋建筑业", "房地产业", "建筑装饰、装修和其他建筑业"),
        ("施工员", "造价工程师", "资料员", "置业顾问", "物业管理员", "安全员", "室内设计师"),
        (4000, 8000),
    ),
    Kind(
        7,
        ("物流", "供应链管理", "运输", "快运"),
        ("交通/运输/物流", "快递"),
        ("道路运输业", "装卸搬运和仓储业", "邮政业"),
        ("快递员", "货车司机", "仓库管理员", "分拣员", "调度员", "物流专员"),
        (4000, 7000),
    ),
    Kind(
        6,
        ("商贸", "贸易", "超市", "电子商务"),
        ("贸易/进出口", "批发/零售", "快速消费品(食品/饮料/化妆品)"),
        ("批发业", "零售业"),
        ("导购员", "收银员", "门店店长", "外贸业务员", "销售代表", "理货员"),
        (3500, 6000),
    ),
    Kind(
        5,
        ("餐饮管理", "酒店管理", "餐饮"),
        ("酒店/餐饮",),
        ("餐饮业", "住宿业"),
        ("服务员", "厨师", "前厅接待", "客房服务员", "餐厅店长", "面点师"),
        (3500, 6000),
    ),
    Kind(
        4,
        ("投资管理", "保险代理", "金融服务"),
        ("银行", "保险", "基金/证券/期货/投资"),
        ("货币金融服务", "保险业", "资本市场服务"),
        ("客户经理", "理财顾问", "保险顾问", "风控专员", "银行柜员"),
        (4500, 9000),
    ),
    Kind(
        5,
        ("人力资源服务", "企业管理咨询", "检测技术", "知识产权代理"),
        ("专业服务/咨询(财会/法律/人力资源等)", "检验/检测/认证"),
        ("商务服务业", "专业技术服务业"),
        ("招聘专员", "会计", "检测员", "法务专员", "行政专员", "市场策划"),
        (4000, 8000),
    ),
    Kind(
        4,
        ("教育科技", "培训学校"),
        ("教育/培训/院校",),
        ("教育",),
        ("课程顾问", "英语教师", "数学教师", "幼儿教师", "教务专员"),
        (4000, 8000),
    ),
    Kind(
        3,
        ("文化传媒", "影视", "体育发展"),
        ("媒体/出版/影视/文化传播",),
        ("文化艺术业", "体育"),
        ("新媒体运营", "视频剪辑师", "文案策划", "健身教练", "活动执行"),
        (4000, 8000),
    ),
    Kind(
        3,
        ("家政服务", "美容美发", "保安服务"),
        ("美容/保健", "家政/维修服务"),
        ("居民服务业", "其他服务业"),
        ("保洁员", "家政服务员", "美容师", "保安", "维修工"),
        (3000, 5000),
    ),
    Kind(
        3,
        ("新能源", "环保科技", "燃气"),
        ("能源/矿产/采掘/冶炼", "环保", "电气/电力/水利"),
        ("电力、热力生产和供应业", "燃气生产和供应业", "生态保护和环境治理业"),
        ("环保工程师", "光伏运维员", "燃气安装工", "电工", "污水处理操作员"),
        (4500, 8000),
    ),
    Kind(
        1,
        ("农业科技", "种业"),
        ("农/林/牧/渔",),
        ("农业",),
        ("农技员", "养殖技术员", "农资销售"),
        (3500, 6000),
    ),
)

NAME_CHARS = (
    "华鼎瑞恒博创达汇信豫嵩航腾远泰新安宏智联通科源晟诺天正德海康盛锐启星云凯辰越拓嘉融润捷卓"
)
NAME_AVOID = {
    "华润",
    "中信",
    "新华",
    "天安",
    "海信",
    "联通",
    "华信",
    "宏达",
    "恒大",
    "泰康",
    "安信",
    "华安",
    "康达",
    "正泰",
    "德信",
    "信达",
    "远大",
    "天正",
    "华新",
    "腾讯",
    "华为",
    "创维",
}
LEGAL_FORMS = (
    ("有限公司", 60),
    ("股份有限公司", 15),
    ("有限责任公司", 12),
    ("集团有限公司", 5),
    ("(郑州)有限公司", 8),
)
OWNERSHIP = ("民营", "民营", "民营", "国有", "外资", "合资")
SIZES = ("20-99人", "100-299人", "300-499人", "500-999人", "1000-9999人")
WELFARE = (
    "五险一金",
    "双休",
    "带薪年假",
    "年终奖",
    "包吃住",
    "餐补",
    "交通补助",
    "定期体检",
    "员工旅游",
    "节日福利",
    "绩效奖金",
)
EDUCATION = (
    ("不限", 8),
    ("初中及以下", 4),
    ("中专/高中", 14),
    ("大专", 34),
    ("本科", 32),
    ("硕士", 7),
    ("博士", 1),
)
PAY_BY_EDUCATION = {
    "不限": 0.9,
    "初中及以下": 0.8,
    "中专/高中": 0.85,
    "大专": 1.0,
    "本科": 1.15,
    "硕士": 1.4,
    "博士": 1.7,
}
EXPERIENCE = (
    ("不限", 20),
    ("无经验", 10),
    ("1年以下", 8),
    ("1-3年", 30),
    ("3-5年", 20),
    ("5-10年", 10),
    ("10年以上", 2),
)


@dataclass
class Position:
    number: int
    employer: int
    title: str
    district: str
    pay: tuple[int, int] | None  # monthly yuan; None: negotiable
    pay_form: str  # how the board of the first posting prints it
    education: str
    experience: str
    headcount: int | None
    day: int


@dataclass
class Employer:
    name: str
    short: str
    kind: Kind
    district: str
    ownership: str
    size: str


@dataclass
class Sample:
    """The files (name -> bytes) and, for quality checks, each accepted row's true position."""

    files: dict[str, bytes]
    truth: dict[tuple[str, int], int] = field(default_factory=dict)
    unique_positions: int = 0


def generate(total: int = TOTAL_POSTINGS, seed: int = SEED, *, csv_only: bool = False) -> Sample:
    """Build the sample: `total` accepted postings, about `DUPLICATE_SHARE` of them copies."""
    rng = random.Random(seed)
    duplicates = round(total * DUPLICATE_SHARE)
    positions_count = total - duplicates
    employers = _employers(rng, max(40, positions_count // 4))
    positions = _positions(rng, employers, positions_count)
    postings = _postings(rng, employers, positions, duplicates)
    sample = Sample(files={}, unique_positions=positions_count)
    for board in BOARDS:
        rows = sorted(
            (p for p in postings if p["board"] == board), key=lambda p: (-p["day"], p["order"])
        )
        name = FILE_NAMES[board]
        if csv_only and name.endswith(".xlsx"):
            name = name.replace(".xlsx", ".csv")
        records, truth = _records(rng, board, rows, employers)
        sample.files[name] = _encode(board, name, records)
        sample.truth.update({(name, row): number for row, number in truth.items()})
    return sample


def _pick(rng: random.Random, weighted: Sequence[tuple]) -> object:
    return rng.choices([item[0] for item in weighted], [item[1] for item in weighted])[0]


def _employers(rng: random.Random, count: int) -> list[Employer]:
    employers, taken = [], set()
    kinds = rng.choices(KINDS, [kind.weight for kind in KINDS], k=count)
    for kind in kinds:
        while True:
            core = "".join(rng.sample(NAME_CHARS, 2 if rng.random() < 0.8 else 3))
            short = core + rng.choice(kind.name_words)
            if core[:2] not in NAME_AVOID and short not in taken:
                break
        taken.add(short)
        prefix = _pick(rng, (("郑州", 55), ("河南", 20), ("", 25)))
        form = _pick(rng, LEGAL_FORMS)
        name = f"{prefix}{short}{form}" if not form.startswith("(") else f"{short}{form}"
        district = _pick(rng, DISTRICTS)
        employers.append(
            Employer(name, short, kind, district, rng.choice(OWNERSHIP), rng.choice(SIZES))
        )
    return employers


def _positions(rng: random.Random, employers: list[Employer], count: int) -> list[Position]:
    positions: list[Position] = []
    titles_used: dict[int, set[str]] = {}
    while len(positions) < count:
        number = rng.randrange(len(employers))
        employer = employers[number]
        free = [t for t in employer.kind.titles if t not in titles_used.setdefault(number, set())]
        if not free:
            continue
        title = rng.choice(free)
        titles_used[number].add(title)
        education = _pick(rng, EDUCATION)
        low = round(rng.randrange(*employer.kind.pay, 500) * PAY_BY_EDUCATION[education], -2)
        high = low + 500 * rng.randint(2, 10)
        pay = None if rng.random() < 0.07 else (low, high)
        positions.append(
            Position(
                number=len(positions),
                employer=number,
                title=title,
                district=employer.district,
                pay=pay,
                pay_form=_pay_form(rng),
                education=education,
                experience=_pick(rng, EXPERIENCE),
                headcount=None if rng.random() < 0.12 else rng.choice((1, 1, 2, 2, 3, 5, 10, 20)),
                day=rng.randrange(DAYS),
            )
        )
    return positions


def _pay_form(rng: random.Random) -> str:
    return rng.choices(("range", "one-sided", "day", "hour", "year", "13"), (86, 4, 4, 2, 2, 2))[0]


def _postings(
    rng: random.Random, employers: list[Employer], positions: list[Position], duplicates: int
) -> list[dict]:
    postings = []
    for position in positions:
        board = rng.choices(BOARDS, BOARD_WEIGHTS)[0]
        postings.append(
            {
                "position": position,
                "board": board,
                "day": position.day,
                "copy": False,
                "headcount": position.headcount,
            }
        )
    for original in rng.sample(postings, duplicates):
        position = original["position"]
        same_board = rng.random() < SAME_BOARD_SHARE
        board = (
            original["board"]
            if same_board
            else rng.choice([b for b in BOARDS if b != original["board"]])
        )
        headcount = position.headcount
        if headcount is not None and rng.random() < 0.2:
            headcount += rng.choice((-1, 1, 2)) if headcount > 1 else 1
        postings.append(
            {
                "position": position,
                "board": board,
                "day": min(DAYS - 1, position.day + rng.randint(1, 12)),
                "copy": True,
                "headcount": headcount,
            }
        )
    for order, posting in enumerate(postings):
        posting["order"] = order
    return postings


# --- one board's rows ---------------------------------------------------------------------------


def _records(
    rng: random.Random, board: str, rows: list[dict], employers: list[Employer]
) -> tuple[list[list[object]], dict[int, int]]:
    """The file's records (header first) and the data row number -> position number."""
    header = HEADERS[board]
    records: list[list[object]] = [header]
    truth: dict[int, int] = {}
    messy_at = {len(rows) // 3: "blank", (2 * len(rows)) // 3: "header"}
    rejects = {
        "zhaopin": ("no title", "no company", "no company"),
        "zhongbu": ("extra cell",) * 2,
        "51job": ("no company",),
        "boss": ("no title",),
    }[board]
    reject_at = {rng.randrange(1, max(2, len(rows))): reason for reason in rejects}
    for index, posting in enumerate(rows):
        if index in messy_at and board != "boss":
            records.append([] if messy_at[index] == "blank" else list(header))
        if index in reject_at:
            records.append(_rejected_row(rng, board, posting, employers, reject_at[index]))
        records.append(_row(rng, board, posting, employers[posting["position"].employer]))
        truth[len(records) - 1] = posting["position"].number
    return records, truth


def _rejected_row(
    rng: random.Random, board: str, posting: dict, employers: list[Employer], reason: str
) -> list[object]:
    row = _row(rng, board, posting, employers[posting["position"].employer])
    if reason == "no title":
        row[0] = ""
    elif reason == "no company":
        row[1] = ""
    else:
        row.append("联系电话见官网")
    return row


def _row(rng: random.Random, board: str, posting: dict, employer: Employer) -> list[object]:
    position: Position = posting["position"]
    day = FIRST_DAY + dt.timedelta(days=posting["day"])
    title = _title(rng, position.title, position.district) if posting["copy"] else position.title
    company = _company(rng, board, employer)
    salary = _salary(rng, board, position)
    district = position.district if rng.random() > 0.07 else ""
    education = position.education if rng.random() > 0.05 else ""
    experience = position.experience if rng.random() > 0.05 else ""
    headcount = posting["headcount"]
    industry = (
        rng.choice(employer.kind.zhongbu)
        if board == "zhongbu"
        else rng.choice(employer.kind.zhaopin)
    )
    industry = industry if rng.random() > 0.04 else ""
    welfare = "、".join(rng.sample(WELFARE, rng.randint(0, 4)))
    uid = rng.randrange(10**9, 10**10)
    if board == "zhaopin":
        return [
            title,
            company,
            salary,
            f"郑州-{district}" if district else "郑州",
            experience,
            _zhaopin_education(education),
            "若干" if headcount is None else f"{headcount}人",
            day.isoformat(),
            welfare,
            f"https://jobs.zhaopin.com/CC{uid}J{uid * 7 % 10**11:011d}.htm",
            industry,
            employer.size,
        ]
    if board == "zhongbu":
        area = next(full for name, _, full in DISTRICTS if name == district) if district else ""
        return [
            title,
            company,
            industry,
            f"郑州市{area}{rng.choice(ROADS)}" if district else "郑州市",
            salary,
            _zhongbu_education(education),
            _zhongbu_experience(experience),
            "" if headcount is None else str(headcount),
            f"{day.year}/{day.month}/{day.day}"
            if rng.random() < 0.7
            else f"{day.year}年{day.month}月{day.day}日",
            employer.ownership,
            "中部就业网",
        ]
    if board == "51job":
        tags = [
            f"郑州-{district}" if district else "郑州",
            _51job_experience(experience),
            "" if education == "不限" else education,
            "招若干人" if headcount is None else f"招{headcount}人",
            f"{day:%m-%d}发布",
        ]
        return [
            title,
            company,
            f"郑州-{district}" if district else "郑州",
            salary,
            "|".join(tag for tag in tags if tag),
            industry,
            f"https://jobs.51job.com/zhengzhou/{uid}.html",
        ]
    glued = f"{_boss_experience(experience)}{education or ''}"
    return [
        title,
        company,
        f"郑州·{district}" if district else "郑州",
        salary,
        glued,
        ",".join(rng.sample(WELFARE, 3)),
        industry,
        dt.datetime(day.year, day.month, day.day),
        f"https://www.zhipin.com/job_detail/{uid:x}.html",
    ]


def _title(rng: random.Random, title: str, district: str) -> str:
    """How a second board prints the same title."""
    roll = rng.random()
    if roll < 0.45:
        return title
    if roll < 0.65:
        return f"{title}（{district}）" if rng.random() < 0.5 else f"{title}(五险一金)"
    if roll < 0.8:
        return rng.choice(("【急聘】", "急招", "诚聘")) + title
    if roll < 0.9 and len(title) >= 5:
        return title + "岗"
    return title.lower()  # `java开发工程师`


def _company(rng: random.Random, board: str, employer: Employer) -> str:
    name = employer.name
    if board == "boss":
        return employer.short if rng.random() < 0.7 else name
    if board == "zhaopin" and len(name) > 12 and rng.random() < 0.6:
        return name[: rng.randint(9, 12)] + "..."
    if board == "zhongbu" and name.startswith("郑州") and rng.random() < 0.3:
        return "郑州市" + name[2:]
    if board == "51job" and len(name) > 14 and rng.random() < 0.3:
        return name[:14] + "..."
    return name


def _salary(rng: random.Random, board: str, position: Position) -> str:
    if position.pay is None or rng.random() < 0.02:
        return "" if rng.random() < 0.3 else "面议"
    if rng.random() < 0.002:
        return "计件工资"  # a pay text no normaliser can read: counted as unreadable
    low, high = position.pay
    if board == "zhaopin" and rng.random() < 0.003:
        return "100001-150000"  # implausible: kept and flagged
    form = position.pay_form
    if form == "day":
        day_low = round(low / 21.75 / 10) * 10
        return (
            f"{day_low}元/天"
            if rng.random() < 0.5
            else f"{day_low}-{day_low + 10 * rng.randint(3, 15)}元/天"
        )
    if form == "hour":
        hour = round(low / 174 / 5) * 5
        return f"{hour}-{hour + 5 * rng.randint(1, 4)}元/时"
    if form == "one-sided":
        return f"{low}元以上" if low >= 2000 and rng.random() < 0.8 else "1千以下"
    if form == "year" and board in ("51job", "zhaopin"):
        return f"{low * 12 // 10000}-{max(low * 12 // 10000 + 1, high * 12 // 10000)}万/年"
    if board == "zhaopin":
        return _zhaopin_pay(rng, low, high)
    if board == "zhongbu":
        return f"{low}-{high}元/月" if rng.random() < 0.85 else f"{low}-{high}"
    if board == "51job":
        if high >= 10000 and rng.random() < 0.6:
            return f"{_number(low / 10000)}-{_number(high / 10000)}万/月"
        return f"{_number(low / 1000)}-{_number(high / 1000)}千/月"
    if form == "13":
        return f"{low // 1000}-{max(low // 1000 + 1, high // 1000)}K·{rng.choice((13, 14, 15))}薪"
    return (
        f"{low // 1000}-{max(low // 1000 + 1, high // 1000)}K"
        if rng.random() < 0.7
        else f"{low // 1000}k-{max(low // 1000 + 1, high // 1000)}k"
    )


def _zhaopin_pay(rng: random.Random, low: int, high: int) -> str:
    if rng.random() < 0.25:
        bands = (1000, 2001, 4001, 6001, 8001, 10001, 15001, 20001, 30001, 50001)
        start = max(band for band in bands if band <= max(low, 1000))
        end = bands[bands.index(start) + 1] - 1 if start != bands[-1] else 70000
        return f"{start}-{end}"

    def amount(value: int) -> str:
        return f"{_number(value / 10000)}万" if value >= 10000 else f"{_number(value / 1000)}千"

    return f"{amount(low)}-{amount(high)}"


def _number(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _zhaopin_education(level: str) -> str:
    return {"中专/高中": "中专/中技", "初中及以下": "初中"}.get(level, level)


def _zhongbu_education(level: str) -> str:
    return {"大专": "大专及以上", "本科": "本科及以上", "硕士": "硕士及以上"}.get(level, level)


def _zhongbu_experience(text: str) -> str:
    return {"1-3年": "1年以上", "3-5年": "3年以上", "5-10年": "5年以上", "无经验": "应届生"}.get(
        text, text
    )


def _51job_experience(text: str) -> str:
    return {
        "不限": "",
        "无经验": "无需经验",
        "1-3年": "2年经验",
        "3-5年": "3-4年经验",
        "5-10年": "5-7年经验",
        "10年以上": "10年以上经验",
        "1年以下": "1年经验",
    }.get(text, text)


def _boss_experience(text: str) -> str:
    return {"无经验": "在校/应届", "不限": "经验不限"}.get(text, text)


# --- bytes --------------------------------------------------------------------------------------


def _encode(board: str, name: str, records: list[list[object]]) -> bytes:
    if name.endswith(".xlsx"):
        return _xlsx(records)
    text = io.StringIO(newline="")
    writer = csv.writer(text, lineterminator="\r\n")
    for record in records:
        writer.writerow(record)
    if board == "zhongbu":
        return text.getvalue().encode("gbk")
    prefix = "\ufeff" if board == "zhaopin" else ""
    return (prefix + text.getvalue()).encode("utf-8")


def _xlsx(records: list[list[object]]) -> bytes:
    """A workbook whose bytes depend only on the records (fixed timestamps inside and out)."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "职位列表"
    for record in records:
        sheet.append(record)
    for cell in sheet["H"][1:]:
        cell.number_format = "yyyy-mm-dd"
    raw = io.BytesIO()
    book.save(raw)
    fixed = io.BytesIO()
    with zipfile.ZipFile(raw) as source, zipfile.ZipFile(fixed, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", b"2020-04-15T00:00:00Z", data)
            out.writestr(
                zipfile.ZipInfo(info.filename, date_time=XLSX_TIME),
                data,
                compress_type=zipfile.ZIP_DEFLATED,
            )
    return fixed.getvalue()


def write(sample: Sample, folder: Path) -> list[Path]:
    """Write the sample's files into `folder` (made when missing); their paths, in board order."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, data in sample.files.items():
        (folder / name).write_bytes(data)
        paths.append(folder / name)
    return paths
