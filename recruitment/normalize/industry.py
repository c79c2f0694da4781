"""Industry: a board's category (`互联网/电子商务`, `汽车/摩托车`) -> one of the sectors postings
are tabled by."""

from __future__ import annotations

import numpy as np
import pandas as pd

from recruitment.normalize.distinct import by_distinct, clean, is_blank

# Sectors for the bureau's tables, after GB/T 4754 sections with Zhengzhou's key industries split
# out. Rules are tried in order; the first whose pattern occurs in the board's category wins.
INDUSTRY_RULES = (
    (
        "信息技术服务",
        r"互联网|电子商务|电商|软件|it服务|信息技术|信息传输|网络游戏|游戏|大数据|云计算|数据服务"
        r"|企业服务|社交|人工智能|信息安全|物联网|区块链|saas|计算机服务",
    ),
    ("电子信息制造", r"电子|半导体|集成电路|网络设备|通信设备|硬件|光电|智能终端"),
    ("信息技术服务", r"通信|电信|计算机"),
    ("生物医药", r"医药|生物|制药|医疗设备|医疗器械|器械"),
    ("医疗卫生与社会工作", r"医院|医疗|护理|卫生|社会工作|养老|康复"),
    ("能源环保与公用事业", r"能源|矿|采掘|冶炼|电力|热力|燃气|水利|供水|环保|环境|公共设施"),
    ("装备制造", r"机械|设备|重工|汽车|摩托车|仪器仪表|自动化|装备|电气|轨道交通"),
    ("批发零售", r"贸易|进出口|批发|零售|快速消费品|快消|商超|百货|超市"),
    ("其他制造业", r"制造|加工|纺织|服装|皮革|化工|材料|塑料|橡胶|造纸|印刷|家具|食品"),
    ("建筑与房地产", r"建筑|建材|工程|房地产|房产|物业|装饰|装潢|家居"),
    ("交通运输与物流", r"交通|运输|物流|仓储|快递|邮政|货运"),
    ("住宿餐饮", r"酒店|餐饮|住宿|旅游|宾馆"),
    ("金融", r"金融|银行|保险|证券|基金|期货|投资|信托|担保"),
    (
        "商务与科技服务",
        r"商务|租赁|咨询|人力资源|法律|会计|财会|审计|广告|会展|公关|外包|中介"
        r"|科学研究|科研|技术服务|检测|认证|设计",
    ),
    ("教育培训", r"教育|培训|院校|学校"),
    ("文化体育娱乐", r"文化|文娱|内容|传媒|媒体|出版|影视|体育|娱乐|休闲|艺术"),
    (
        "居民生活服务",
        r"居民服务|家政|美容|美发|保健|维修|修理|洗浴|保安|生活服务|消费生活|本地生活",
    ),
)
OTHER_SECTOR = "其他"
SECTORS = (*dict.fromkeys(sector for sector, _ in INDUSTRY_RULES), OTHER_SECTOR)
"""The ~15 sectors postings are tabled by; farming, mining-free public bodies and the unmatched
fall under `其他`."""


def _industry(texts: pd.Series) -> pd.Series:
    cleaned = clean(texts)
    conditions = [cleaned.str.contains(p, regex=True).to_numpy() for _, p in INDUSTRY_RULES]
    codes = np.select(
        conditions,
        [SECTORS.index(sector) for sector, _ in INDUSTRY_RULES],
        SECTORS.index(OTHER_SECTOR),
    )
    codes = np.where(is_blank(cleaned), -1, codes)
    return pd.Series(pd.Categorical.from_codes(codes, SECTORS), index=texts.index)


def industries(texts: pd.Series) -> pd.Series:
    """The sector (one of `SECTORS`) of each board category; NaN when blank."""
    return by_distinct(texts, _industry)


def parse_industry(text: str) -> str | None:
    """The sector of one board category (`其他` when no rule matches); None when blank."""
    value = industries(pd.Series([text], dtype="str")).iloc[0]
    return None if pd.isna(value) else str(value)
