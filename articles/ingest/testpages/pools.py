"""The copy the test pages are made of: name pools and the demo edition's sentences."""

import json
import re
from pathlib import Path

from django.conf import settings

PAGE_NAMES = ["要闻", "要闻", "经济", "社会", "综合", "文化", "体育", "专版"]
NAMES = ["徐楠", "王彦雨", "于蕊", "魏利军", "刘畅", "陈晓东", "孙丽", "赵阳", "李明", "周婷"]
PLACES = ["长春", "吉林", "北京", "沈阳", "四平"]
KICKERS = [
    "吉林发展新质生产力一线观察",
    "聚焦高质量发展",
    "春耕备耕进行时",
    "优化营商环境在行动",
    "市委常委会召开会议强调",
    "新春走基层",
]
PLACES_LOCAL = ["我市", "全市", "东辽县", "东丰县", "龙山区", "西安区", "经开区"]
TITLES = [
    "动能澎湃向“新”行",
    "让企业感受到安心创新创业的一流营商环境",
    "我市重点项目建设全面提速",
    "东辽河流域生态治理取得新成效",
    "全市春季植树造林工作启动",
    "辽源袜业开拓国际市场",
    "2024年全市经济工作稳中有进",
    "冰雪运动点燃城市活力",
    "新能源汽车配套产业园建设加快",
    "科技特派员走进田间地头",
    "老旧小区改造惠及万户居民",
    "数字政务让群众少跑腿",
]
SUBTITLES = [
    "——访市科技局负责人",
    "——我市推进产业转型升级纪实",
    "——记辽源市优秀共产党员",
    "——全市上下奋力实现首季开门红",
]
BRIEF_TITLES = [
    "市图书馆开展读书月活动",
    "辽源站新增两趟列车",
    "消防安全宣传进社区",
    "全市中小学开展防溺水教育",
    "农业技术培训班开班",
    "城区供热期延长五天",
    "文化惠民演出走进乡村",
    "市场监管部门抽检食品",
]
CAPTIONS = [
    "图为工人在生产线上忙碌。",
    "图为市民在广场参加健身活动。",
    "图为技术人员调试设备。",
    "图为农民在田间查看苗情。",
]


def corpus() -> tuple[list[str], list[str]]:
    """Sentences and subheadings of the demo edition's stories."""
    path = Path(settings.BASE_DIR) / "newspaper" / "demo" / "lyrb-2024-04-01" / "edition.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    sentences, headings = [], []
    for article in data["articles"]:
        html = article.get("body_html", "")
        headings += [h for h in re.findall(r"<h[34]>([^<]+)</h[34]>", html) if len(h) < 18]
        for para in re.findall(r"<p>([^<]+)</p>", html):
            found = re.findall(r"[^。！？]+[。！？”]*", para)
            sentences += [s.strip() for s in found if len(s.strip()) > 6]
    return sentences, headings


def numeral(n: int) -> str:
    """A page or sequence number in Chinese numerals (第二版, （三）)."""
    from editions.calendar import chinese_numeral

    return chinese_numeral(n)
