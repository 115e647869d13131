"""The newsroom conventions printed in a story's text: bylines, datelines, jump lines."""

import re

from editions.calendar import chinese_numeral

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
ROLES = ("特约撰稿人", "撰稿人", "通讯员", "评论员", "实习生", "记者", "摄影", "编译")
_ROLE = "|".join(ROLES)
BYLINE = re.compile(
    rf"^(?:[\u4e00-\u9fff《》]{{0,12}}?)(?:首席|特约|见习|实习)?(?:{_ROLE})(?:\s+[\u4e00-\u9fff·]{{2,5}})*"
    rf"(?:\s+(?:{_ROLE})(?:\s+[\u4e00-\u9fff·]{{2,5}})+)*$"
)
INSTITUTIONAL = re.compile(r"^(?:本报|本刊)(?:特约)?评论员$")
DATELINE = re.compile(
    r"^(本报讯|本报[\u4e00-\u9fff]{1,8}讯|"
    r"[\u4e00-\u9fff]{2,8}社[\u4e00-\u9fff]{0,8}\d{1,2}月\d{1,2}日电|"
    r"[\u4e00-\u9fff]{2,8}社讯)"
    r"\s*(?:[（(]([^（）()]{1,40})[）)])?\s*"
)
JUMP_TO = re.compile(
    r"[（(]\s*(?:下)?转第?\s*([〇零一二三四五六七八九十百\d]{1,4})\s*版\s*[）)]\s*$"
)
JUMP_FROM = re.compile(r"^\s*[（(]\s*上接第?\s*([〇零一二三四五六七八九十百\d]{1,4})\s*版\s*[）)]")
PAGE_NAME = re.compile(r"第\s*0*(\d{1,3})\s*版\s*[：:]\s*([\u4e00-\u9fff]{2,6})")
BRIEF_LABELS = {"简讯", "快讯", "短讯", "新闻简讯", "要闻简报", "本地简讯", "简明新闻", "图片新闻"}
CREDIT = re.compile(
    r"[（(]?\s*((?:本报)?(?:记者|通讯员)?\s*[\u4e00-\u9fff ]{2,20}?\s*摄)\s*[）)]?\s*$"
)

_NUMERALS = {chinese_numeral(n): n for n in range(1, 201)}


def page_number(text: str) -> int | None:
    """第二版 / 第2版 / 第02版 → 2."""
    text = text.strip()
    if text.isdigit():
        return int(text)
    return _NUMERALS.get(text)


def is_cjk(ch: str) -> bool:
    return bool(CJK.match(ch)) or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef"


def parse_byline(byline: str) -> list[tuple[str, str]]:
    """Authors and their roles: ``本报记者 张三 李四`` → [(张三, 记者), (李四, 记者)]."""
    authors: list[tuple[str, str]] = []
    role = ""
    for token in byline.split():
        found = next((r for r in ROLES if token.endswith(r)), None)
        if found:
            role = found
            continue
        for r in ROLES:  # 记者张三 written without a space
            if r in token and not token.endswith(r):
                role, token = r, token.split(r, 1)[1]
                break
        if role and 2 <= len(token) <= 5 and all(CJK.match(c) or c == "·" for c in token):
            authors.append((token, role))
    return authors


def is_byline(text: str) -> bool:
    text = text.strip()
    if len(text) > 60 or "，" in text or "。" in text or "," in text:
        return False
    return bool(INSTITUTIONAL.match(text) or BYLINE.match(text))


def split_dateline(text: str) -> tuple[str, str, str]:
    """(dateline, byline in brackets, rest) of a story's first paragraph."""
    match = DATELINE.match(text)
    if not match:
        return "", "", text
    byline = match.group(2) or ""
    if byline and not any(r in byline for r in ROLES):
        return match.group(1), "", text[match.end(1) :].lstrip()
    return match.group(1), byline.strip(), text[match.end() :]


_WIDE = "\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef“”‘’—…·"
_SPACES = [
    re.compile(rf"(?<=[{_WIDE}])\s+(?=[{_WIDE},.;:!?])"),
    re.compile(rf"(?<=[{_WIDE}][,.;:!?])\s+(?=[{_WIDE}])"),
    re.compile(r"(?<=[。，、；：？！）》」』])\s+"),
]


def tidy(text: str) -> str:
    """Body text as printed: no space between two Chinese characters or punctuation marks
    (nor around a Latin comma between them); a space beside a Latin word stays."""
    for pattern in _SPACES:
        text = pattern.sub("", text)
    return text.strip()
