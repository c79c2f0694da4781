"""Personal identifiers: resident ID numbers (GB 11643-1999) and phone numbers.

Validators return the normalised value or raise `ValueError` with a reason a clerk can act on.
Maskers give the form shown on screen and in exports; the full value only goes on printed manifests.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

# GB 11643-1999 check digit: weights 2^(17-i) mod 11, remainder -> check character.
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARS = "10X98765432"
# First two digits: the province-level division (GB/T 2260); 8x covers HK/Macau/Taiwan residence permits.
PROVINCE_CODES = frozenset(
    [
        "11",
        "12",
        "13",
        "14",
        "15",
        "21",
        "22",
        "23",
        "31",
        "32",
        "33",
        "34",
        "35",
        "36",
        "37",
        "41",
        "42",
        "43",
        "44",
        "45",
        "46",
        "50",
        "51",
        "52",
        "53",
        "54",
        "61",
        "62",
        "63",
        "64",
        "65",
        "71",
        "81",
        "82",
        "83",
    ]
)
EARLIEST_BIRTH = dt.date(1900, 1, 1)
MOBILE = re.compile(r"1[3-9]\d{9}")
LANDLINE = re.compile(r"0[1-9]\d{1,2}[2-9]\d{6,7}")  # area code 0xx(x), local number 2-9…


def _plain(text: str) -> str:
    return unicodedata.normalize("NFKC", str(text)).strip()


def id_check_char(first17: str) -> str:
    """The 18th character of an ID number whose first 17 digits are given."""
    total = sum(int(digit) * weight for digit, weight in zip(first17, ID_WEIGHTS, strict=True))
    return ID_CHECK_CHARS[total % 11]


def check_id_number(text: str, *, today: dt.date | None = None) -> str:
    """Return the 18-character ID number in canonical form (upper-case X) or raise ValueError why not.

    >>> check_id_number("11010519491231002x")
    '11010519491231002X'
    """
    value = _plain(text).replace(" ", "").upper()
    if not value:
        raise ValueError("身份证号为空 ID number is empty")
    if re.fullmatch(r"\d(\.\d+)?E\+\d+", value):
        raise ValueError(
            "身份证号被存成数字，丢失了位数（请把该列设为文本）"
            "ID number was stored as a number and lost digits (format the column as text)"
        )
    if len(value) == 15 and value.isdigit():
        raise ValueError(
            "15 位身份证号已停用，请填写 18 位号码 "
            "15-digit ID numbers are no longer valid; give the 18-digit number"
        )
    if len(value) != 18:
        raise ValueError(
            f"身份证号应为 18 位，而不是 {len(value)} 位 "
            f"ID number must have 18 characters, not {len(value)}"
        )
    if not value[:17].isdigit() or not (value[17].isdigit() or value[17] == "X"):
        raise ValueError(
            "身份证号应为 17 位数字加一位数字或 X "
            "ID number must be 17 digits followed by a digit or X"
        )
    if value[:2] not in PROVINCE_CODES:
        raise ValueError(
            f"身份证号开头 {value[:2]} 不是省份代码 "
            f"ID number starts with {value[:2]}, which is no province code"
        )
    try:
        birth = dt.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        raise ValueError(
            f"身份证号中的出生日期无效（{value[6:14]}） "
            f"ID number holds no valid birth date ({value[6:14]})"
        ) from None
    if not EARLIEST_BIRTH <= birth <= (today or dt.date.today()):
        raise ValueError(
            f"身份证号中的出生日期不可能（{birth.isoformat()}） "
            f"ID number holds an impossible birth date ({birth.isoformat()})"
        )
    if id_check_char(value[:17]) != value[17]:
        raise ValueError(
            "身份证号校验位不符（GB 11643），有数字录错 "
            "ID number check digit does not match (GB 11643): a digit is mistyped"
        )
    return value


def check_phone(text: str) -> str:
    """Return a phone number as digits (mobile `1xxxxxxxxxx` or landline `0xxx…`) or raise ValueError.

    >>> check_phone("+86 138-0013-8000")
    '13800138000'
    """
    value = re.sub(r"[\s\-()（）]", "", _plain(text))
    if not value:
        raise ValueError("手机号为空 phone number is empty")
    if value.startswith("+86"):
        value = value[3:]
    elif value.startswith("86") and len(value) == 13:
        value = value[2:]
    if not value.isdigit():
        raise ValueError(
            "电话号码只能含数字、空格、短横线和 +86 前缀 "
            "phone number may hold only digits, spaces, dashes and a +86 prefix"
        )
    if MOBILE.fullmatch(value) or LANDLINE.fullmatch(value):
        return value
    if value.startswith("1"):
        raise ValueError(
            f"手机号应为 13–19 开头的 11 位数字，而不是 {len(value)} 位 "
            f"mobile number must have 11 digits starting 13-19, got {len(value)} digits"
        )
    raise ValueError(
        "不是大陆手机号（11 位）或固定电话（区号 + 号码） "
        "not a mainland mobile (11 digits) or landline (area code + number)"
    )


def mask_id_number(value: str) -> str:
    """`411625199001011234` -> `4116**********1234`."""
    value = str(value)
    if len(value) <= 8:
        return "*" * len(value)
    return value[:4] + "*" * (len(value) - 8) + value[-4:]


def mask_phone(value: str) -> str:
    """`13800138000` -> `138****8000`."""
    value = str(value)
    if len(value) <= 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def mask_name(value: str) -> str:
    """`张三丰` -> `张**`: the family name is enough to talk about someone on screen."""
    value = str(value).strip()
    return value[:1] + "*" * (len(value) - 1) if value else value


def check_name(text: str) -> str:
    """A person's name without invisible format characters (zero-width spaces, direction
    overrides, a stray BOM), which would make two spellings of one name differ by nothing on
    screen; raises ValueError for an empty name or one holding a control character.

    >>> check_name("张\u200b伟")
    '张伟'
    """
    name = "".join(ch for ch in str(text) if unicodedata.category(ch) != "Cf").strip()
    if not name:
        raise ValueError("姓名为空 name is empty")
    if any(unicodedata.category(ch) in ("Cc", "Zl", "Zp") for ch in name):
        raise ValueError(
            "姓名含控制字符（换行、制表符或转义码），请重新输入 "
            "name holds a control character (line break, tab or escape code): "
            "retype it"
        )
    return name
