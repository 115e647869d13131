"""The pools the synthetic archive draws its names, headlines and sentences from."""

import json
import re
from pathlib import Path

from articles.models import (
    Genre,
)

DEMO_BUNDLE = Path(__file__).resolve().parents[1] / "demo" / "lyrb-2024-04-01" / "edition.json"

MAX_ARTICLES = 5_000_000
# Articles written per transaction; editions are grouped until a batch holds about this many.
BATCH_ARTICLES = 2000

# Page names of a daily, and the website section each one's stories go to.
PAGE_NAMES = [
    ("要闻", "要闻"),
    ("综合", "综合"),
    ("经济", "经济"),
    ("社会", "社会"),
    ("时政", "时政"),
    ("评论", "评论"),
    ("文化", "文化"),
    ("体育", "体育"),
    ("教育", "教育"),
    ("国内", "国内"),
    ("国际", "国际"),
    ("副刊", "副刊"),
    ("城事", "社会"),
    ("乡村振兴", "经济"),
    ("健康", "综合"),
    ("专题", "要闻"),
]
SECTIONS = [
    "要闻",
    "时政",
    "综合",
    "经济",
    "社会",
    "评论",
    "文化",
    "体育",
    "教育",
    "国内",
    "国际",
    "副刊",
]
WEB_SECTIONS = ["要闻", "社会", "经济", "文化"]

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"  # noqa: E501
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬燕彦雨楠含琪晓林宏志国建新海波宁婷雪慧鹏飞鑫宇浩然博文思远嘉怡梓涵子轩一诺欣怡"  # noqa: E501
ROLES = ["记者"] * 6 + ["通讯员"] * 3 + ["评论员", "特约撰稿人"]
INSTITUTIONAL = ["本报评论员", "本报记者组", "新华社记者"]

CITIES = ["长春", "吉林", "辽源", "四平", "通化", "白山", "松原", "白城", "延边", "北京", "沈阳"]
SOURCES = ["本报", "本报", "本报", "本报", "新华社", "《吉林日报》", "人民网", "《瞭望》新闻周刊"]
GENRES = [Genre.NEWS] * 6 + [Genre.FEATURE] * 2 + [Genre.COMMENTARY, Genre.PHOTO, Genre.INTERVIEW]

# A word pool for sentences of our own, beside the demo's: subject, verb, object, tail.
SUBJECTS = [
    "市委",
    "市政府",
    "龙山区",
    "西安区",
    "东丰县",
    "东辽县",
    "经开区",
    "市教育局",
    "市卫健委",
    "市农业农村局",
    "全市各级党组织",
    "广大干部群众",
    "市场监管部门",
    "公安机关",
    "文旅部门",
    "各乡镇街道",
    "企业负责人",
    "社区志愿者",
    "科研团队",
    "农民专业合作社",
]
VERBS = [
    "深入推进",
    "全面落实",
    "加快建设",
    "持续优化",
    "扎实开展",
    "认真部署",
    "积极探索",
    "大力发展",
    "不断完善",
    "稳步实施",
    "统筹推进",
    "着力打造",
]
OBJECTS = [
    "新质生产力",
    "营商环境",
    "乡村振兴战略",
    "城市更新行动",
    "安全生产工作",
    "民生实事项目",
    "黑土地保护",
    "冰雪旅游产业",
    "梅花鹿产业",
    "数字经济",
    "生态环境保护",
    "基层治理体系",
    "科技创新平台",
    "农业现代化",
    "养老服务体系",
    "文明城市创建",
    "清廉机关建设",
    "招商引资工作",
]
TAILS = [
    "取得明显成效",
    "为高质量发展注入强劲动能",
    "让群众有了更多获得感",
    "确保各项任务落到实处",
    "推动全市经济持续回升向好",
    "不断开创新局面",
    "切实把好事办好实事办实",
    "形成了可复制可推广的经验",
]
# The share of sentences taken from the demo edition; the rest are made from the pools.
DEMO_SHARE = 0.1
PLACES = [
    *["辽源", "吉林", "长春", "四平", "通化", "白山", "松原", "白城", "延边", "梅河口"],
    *["龙山区", "西安区", "东丰县", "东辽县", "安恕镇", "白泉镇", "渭津镇", "泉太镇"],
]
PLACE_SUBJECTS = ["市委", "市政府", "各级部门", "干部群众", "企业", "社区", "乡村"]
SPEAKERS = ["市发改委主任", "项目负责人", "村党支部书记", "社区居民", "企业负责人", "教师"]
QUOTES = [
    "这几年变化太大了",
    "我们有信心完成全年目标",
    "群众的事再小也是大事",
    "下一步还要继续加大投入",
    "现在办事比以前方便多了",
    "产品供不应求，订单已经排到明年",
]
# Words each section's stories are about (the others draw from OBJECTS).
TOPICS = {
    "经济": [
        *["营商环境", "工业产值", "梅花鹿产业", "数字经济", "招商引资工作", "民营企业"],
        *["袜业园区", "新能源汽车零部件", "农产品加工", "跨境电商", "金融服务", "消费市场"],
    ],
    "社会": [
        *["老旧小区改造", "供暖保障", "公交线路", "社区养老", "食品安全", "道路交通安全"],
        *["就业招聘会", "防汛备汛", "垃圾分类", "物业服务", "便民市场", "电动自行车管理"],
    ],
    "文化": [
        *["非物质文化遗产", "文艺演出", "图书馆", "博物馆", "农民画", "群众文化活动"],
        *["东北二人转", "书法展", "文旅融合", "冰雪旅游产业", "红色文化", "读书月"],
    ],
    "体育": [
        *["全民健身", "马拉松", "冰球比赛", "青少年足球", "滑雪场", "体育公园"],
        *["乒乓球联赛", "健步走", "冬季运动会", "篮球赛", "广场舞大赛", "游泳馆"],
    ],
    "教育": [
        *["职业教育", "义务教育", "学前教育", "课后服务", "高考", "校园安全"],
        *["教师培训", "研学实践", "智慧校园", "劳动教育", "特殊教育", "高校毕业生就业"],
    ],
    "评论": [*OBJECTS[:8], "作风建设", "担当作为", "为民服务"],
    "时政": [*OBJECTS[8:], "党的建设", "巡察整改", "人大代表建议"],
}
TITLE_HEADS = [
    "我市",
    "全市",
    "辽源",
    "东丰县",
    "东辽县",
    "龙山区",
    "西安区",
    "经开区",
    "全省",
    "市领导",
]
TITLE_TAILS = [
    "工作会议召开",
    "迈出新步伐",
    "取得新成效",
    "见闻",
    "纪实",
    "再上新台阶",
    "调研座谈会举行",
    "专项行动启动",
    "观察",
    "侧记",
]


def demo_sentences() -> list[str]:
    """The sentences of the demo edition's bodies: real newspaper prose of realistic length."""
    try:
        articles = json.loads(DEMO_BUNDLE.read_text(encoding="utf-8"))["articles"]
    except (OSError, ValueError, KeyError):
        return []
    sentences = []
    for article in articles:
        text = re.sub(r"<[^>]+>", "\n", article.get("body_html", ""))
        for paragraph in text.splitlines():
            sentences.extend(s for s in re.findall(r"[^。！？]+[。！？]", paragraph.strip()))
    return [s for s in sentences if 8 <= len(s) <= 200]
