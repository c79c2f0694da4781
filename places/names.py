"""Names of places and the words around them: suffixes, stems, boundaries, separators."""

from __future__ import annotations

import re
import unicodedata

ETHNIC_GROUPS = (
    "蒙古",
    "回族",
    "藏族",
    "维吾尔",
    "苗族",
    "彝族",
    "壮族",
    "布依族",
    "朝鲜族",
    "满族",
    "侗族",
    "瑶族",
    "白族",
    "土家族",
    "哈尼族",
    "哈萨克",
    "傣族",
    "黎族",
    "傈僳族",
    "佤族",
    "畲族",
    "拉祜族",
    "水族",
    "东乡族",
    "纳西族",
    "景颇族",
    "柯尔克孜",
    "土族",
    "达斡尔族",
    "仫佬族",
    "羌族",
    "布朗族",
    "撒拉族",
    "毛南族",
    "仡佬族",
    "锡伯族",
    "阿昌族",
    "普米族",
    "塔吉克",
    "怒族",
    "乌孜别克",
    "俄罗斯族",
    "鄂温克族",
    "德昂族",
    "保安族",
    "裕固族",
    "京族",
    "塔塔尔",
    "独龙族",
    "鄂伦春",
    "赫哲族",
    "门巴族",
    "珞巴族",
    "基诺族",
    "各族",
)
ANY_ETHNIC_GROUP = re.compile("|".join(ETHNIC_GROUPS))  # most names have none: skip the search
DIVISION_SUFFIXES = (
    "特别行政区",
    "行政委员会",
    "自治区",
    "自治州",
    "自治县",
    "自治旗",
    "地区",
    "林区",
    "特区",
    "省",
    "市",
    "区",
    "县",
    "旗",
    "盟",
)
TOWN_SUFFIXES = ("街道办事处", "街道", "民族乡", "民族镇", "苏木", "镇", "乡")
AREA_LEVELS = ("county", "zone")
# Names shared by so many districts that they only count inside a named city (城区 of 晋城, 阳泉...).
GENERIC_NAMES = frozenset({"城区", "郊区", "矿区", "新区", "开发区", "市区", "市辖区"})
FULL = 3.0  # the evidence of a current full name (郸城县)
# Zone aliases: a zone named <city><long form> is also called by these, inside its city only.
ZONE_FORMS = {
    "高新技术产业开发区": (
        "高新区",
        "高新技术开发区",
        "高新开发区",
        "高新技术产业开发区",
        "高新技术产业园区",
    ),
    "高新技术开发区": ("高新区", "高新技术开发区", "高新开发区"),
    "经济技术开发区": ("经开区", "经济技术开发区", "经济开发区"),
    "经济开发区": ("经开区", "经济开发区"),
}
# After a short stem, these may follow (a level suffix, 人, 的 ...); these may not (a road, a village).
RIGHT_OK = (
    "省",
    "市",
    "县",
    "区",
    "州",
    "盟",
    "旗",
    "人",
    "的",
    "籍",
    "地区",
    "一带",
    "附近",
    "境内",
    "农村",
    "乡下",
    "老家",
    "户籍",
    "城里",
    "城区",
)
RIGHT_NEVER = (
    "路",
    "街",
    "大道",
    "道",
    "巷",
    "胡同",
    "号",
    "村",
    "组",
    "社区",
    "小区",
    "花园",
    "广场",
    "大厦",
    "公寓",
    "园",
    "苑",
    "镇",
    "里",
    "弄",
    "公司",
    "集团",
    "厂",
    "店",
    "医院",
    "学校",
    "大学",
    "学院",
    "中学",
    "小学",
    "银行",
    "酒店",
    "宾馆",
    "饭店",
    "超市",
    "商场",
    "市场",
    "源",
    "湾",
)
ZONE_WORDS = ("高新", "经开", "经济开发", "经济技术开发", "开发区")  # 东湖高新区 is not 东湖区
MUNICIPALITIES = frozenset({"11", "12", "31", "50"})  # 北京, 天津, 上海, 重庆: cities as provinces
OPENERS = frozenset("在是住自到回去从于地家的往")  # a stem may follow these directly (老家在郸城)
HOME_MARKERS = ("老家", "家在", "家住", "户籍", "籍贯", "原籍", "户口", "家乡", "祖籍")
AWAY_MARKERS = ("现在", "现住", "现居", "目前", "暂住", "工作", "打工", "务工", "上班")
SEPARATORS = re.compile(r"[\s,，、;；:：·.。()（）\[\]【】\-—_/\\#\"'“”‘’<>《》|!！?？~～]+")


def normalise_text(text: str) -> str:
    text = unicodedata.normalize("NFKC", str(text))
    return SEPARATORS.sub(" ", text).strip()


def is_cjk(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff" or "\u3400" <= char <= "\u4dbf"


def stem_of(name: str, level: str) -> str:
    """`周口市` -> `周口`; `本溪满族自治县` -> `本溪`; `内蒙古自治区` -> `内蒙古`; "" when too short."""
    stem = name
    for suffix in DIVISION_SUFFIXES:
        if stem.endswith(suffix) and len(stem) > len(suffix):
            stem = stem[: -len(suffix)]
            break
    if not (level == "province" and stem == "内蒙古") and ANY_ETHNIC_GROUP.search(stem, 1):
        cut = min((stem.find(g) for g in ETHNIC_GROUPS if stem.find(g) > 0), default=len(stem))
        stem = stem[:cut]
    return stem if stem != name and len(stem) >= 2 else ""


def town_stem(name: str) -> str:
    for suffix in TOWN_SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return ""


def right_ok(rest: str) -> bool:
    return not rest or not is_cjk(rest[0]) or rest.startswith(RIGHT_OK)


def stem_blocked(rest: str) -> bool:
    """A stem right before a road, village or building word (中山路, 乐安村, 城南西路) is that."""
    if rest[:1] in "东南西北中" and rest[1:].startswith(("路", "街", "大道", "大街", "巷")):
        return True
    return bool(rest) and rest.startswith(RIGHT_NEVER) and not rest.startswith(RIGHT_OK)


def one_off_in(name: str, plain: str) -> bool:
    """A word of the text is `name` with one character changed (not for two-character names,
    where any X县 would do)."""
    size = len(name)
    if size < 3:
        return False
    for start in range(len(plain) - size + 1):
        window = plain[start : start + size]
        if window[-1] == name[-1] and sum(a != b for a, b in zip(window, name, strict=True)) == 1:
            return True
    return False
