"""python manage.py generate_archive --articles N [--publication SLUG] [--seed S]

A deterministic synthetic archive for benchmarks and load tests: daily editions counted
backwards from a date, 8–16 pages each, articles with Chinese bodies of realistic length made
from the demo edition's sentences and a word pool, sections, authors with credits,
placements with regions, jumps (下转/上接), a few corrections, drafts, withdrawals and
scheduled items. Rows are written with ``bulk_create`` in batches, one transaction a batch,
and the search documents are written by the site's own indexer (``search.index_in_chunks``)
a batch at a time, so the archive is searchable as soon as it is written.

The same ``--seed``, ``--articles``, ``--end-date`` and options give the same archive (the
same texts, dates, pages, credits and states), whatever the database. Only timestamps of the
run itself (``created_at``/``updated_at``) differ.
"""

import datetime
import json
import random
import re
import sys
import zoneinfo
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections, transaction
from django.utils import timezone
from tqdm import tqdm

from articles import search
from articles.models import (
    Article,
    ArticleAuthor,
    ArticleStatus,
    Author,
    Correction,
    Genre,
    Placement,
    Section,
)
from editions.models import Edition, Page, Publication, PublishStatus

DEMO_BUNDLE = Path(__file__).resolve().parents[2] / "demo" / "lyrb-2024-04-01" / "edition.json"

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


@dataclass(frozen=True)
class EditionPlan:
    date: datetime.date
    number: int
    # articles per page, page 1 first
    per_page: tuple[int, ...]
    scheduled: bool = False


def parse_range(text: str, name: str) -> tuple[int, int]:
    """``8-16`` or ``8`` as (low, high), within 1..99."""
    match = re.fullmatch(r"\s*(\d{1,2})\s*(?:-\s*(\d{1,2})\s*)?", text or "")
    if not match:
        raise CommandError(f"--{name} takes a number or a range as in 8-16, not {text!r}.")
    low = int(match.group(1))
    high = int(match.group(2) or low)
    if not 1 <= low <= high <= 99:
        raise CommandError(f"--{name} must lie within 1-99 with the low end first: {text!r}.")
    return low, high


class Generator:
    """Makes the rows; all randomness comes from one ``random.Random(seed)``."""

    def __init__(self, *, seed: int, publication: Publication, tz: datetime.tzinfo):
        self.rng = random.Random(seed)
        self.publication = publication
        self.tz = tz
        pool = demo_sentences()
        self.sentences = pool or [self.own_sentence() for _ in range(200)]

    # -- text ------------------------------------------------------------------------

    def own_sentence(self, topics: tuple[str, ...] = (), place: str = "") -> str:
        """A sentence of our own: about the story's topics and place when given."""
        r = self.rng
        subject = place + r.choice(PLACE_SUBJECTS) if place and r.random() < 0.5 else ""
        subject = subject or r.choice(SUBJECTS)
        first = r.choice(topics) if topics else r.choice(OBJECTS)
        second = r.choice(topics) if topics else r.choice(OBJECTS)
        template = r.randrange(4)
        if template == 0:
            return (
                f"{subject}{r.choice(VERBS)}{first}，{r.choice(VERBS)}{second}，{r.choice(TAILS)}。"
            )
        if template == 1:
            return (
                f"截至{r.randint(1, 12)}月底，{subject}{first}累计完成投资"
                f"{r.randint(1, 99)}.{r.randint(0, 9)}亿元，"
                f"同比增长{r.randint(1, 30)}.{r.randint(0, 9)}%。"
            )
        if template == 2:
            return (
                f"“{r.choice(QUOTES)}，”{r.choice(SPEAKERS)}{r.choice(SURNAMES)}"
                f"{r.choice(GIVEN)}{r.choice(GIVEN)}说，“{r.choice(VERBS)}{first}，{r.choice(TAILS)}。”"
            )
        return f"今年以来，{subject}围绕{first}，{r.choice(VERBS)}{second}，{r.choice(TAILS)}。"

    def paragraph(self, topics: tuple[str, ...], place: str) -> str:
        r = self.rng
        parts = []
        for _ in range(r.randint(2, 5)):
            if r.random() < DEMO_SHARE:
                parts.append(r.choice(self.sentences))
            else:
                parts.append(self.own_sentence(topics, place))
        return "".join(parts)

    def body(self, genre: str, section: str = "") -> str:
        """Paragraphs about two or three topics of the section and one place, with a
        share of the demo edition's real sentences."""
        r = self.rng
        pool = TOPICS.get(section, OBJECTS)
        topics = tuple(r.sample(pool, min(len(pool), r.randint(2, 3))))
        place = r.choice(PLACES)
        # Most stories run 600–1,800 characters; a feature or interview up to about 4,000.
        target = r.randint(2500, 4000) if genre in (Genre.FEATURE, Genre.INTERVIEW) else 0
        target = target or int(r.lognormvariate(6.9, 0.5))
        target = max(150, min(target, 6000))
        paragraphs, length = [], 0
        while length < target:
            text = self.paragraph(topics, place)
            paragraphs.append(text)
            length += len(text)
        return "".join(f"<p>{p}</p>\n" for p in paragraphs)

    def title(self) -> str:
        r = self.rng
        if r.random() < 0.5:
            return f"{r.choice(TITLE_HEADS)}{r.choice(OBJECTS)}{r.choice(TITLE_TAILS)}"
        if r.random() < 0.1:  # a two-line headline
            return f"{r.choice(VERBS)}{r.choice(OBJECTS)}\n{r.choice(TITLE_HEADS)}{r.choice(TAILS)}"
        return f"{r.choice(VERBS)}{r.choice(OBJECTS)} {r.choice(TAILS)}"

    # -- plan ------------------------------------------------------------------------

    def plan(
        self,
        *,
        total: int,
        end_date: datetime.date,
        last_number: int,
        pages: tuple[int, int],
        per_page: tuple[int, int],
        web_share: float,
    ) -> tuple[list[EditionPlan], int]:
        """The editions (newest first) and the number of web-only articles, ``total`` in all.

        The newest edition is dated the day after ``end_date`` and scheduled for that day's
        midnight (tomorrow's paper waiting to appear, when ``end_date`` is today).
        """
        r = self.rng
        web_only = min(total, int(total * web_share))
        remaining = total - web_only
        editions: list[EditionPlan] = []
        day = end_date + datetime.timedelta(days=1)
        while remaining > 0:
            count = r.randint(*pages)
            counts = []
            for _ in range(count):
                n = min(r.randint(*per_page), remaining)
                remaining -= n
                counts.append(n)
                if remaining == 0:
                    break
            # Every page has at least one story, except pages past the last story.
            counts = [c for c in counts if c > 0] or [0]
            editions.append(EditionPlan(day, 0, tuple(counts), scheduled=not editions))
            day -= datetime.timedelta(days=1)
        numbered = [
            EditionPlan(e.date, last_number - i, e.per_page, e.scheduled)
            for i, e in enumerate(editions)
        ]
        return numbered, web_only

    def midnight(self, day: datetime.date) -> datetime.datetime:
        return datetime.datetime.combine(day, datetime.time(0, 0), tzinfo=self.tz)


class Command(BaseCommand):
    help = (
        "Generate a deterministic synthetic archive (editions, pages, articles, authors, "
        "placements, corrections, search documents) for benchmarks."
    )

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, required=True, help="How many articles.")
        parser.add_argument(
            "--publication",
            default=settings.NEWSPAPER_PUBLICATION,
            help="The publication's slug (default: %(default)s); created when missing.",
        )
        parser.add_argument("--seed", type=int, default=1, help="Random seed (default: 1).")
        parser.add_argument(
            "--end-date",
            help="The date of the newest public edition, as 2024-12-31 (default: today). "
            "The day after gets a scheduled edition.",
        )
        parser.add_argument(
            "--pages", default="8-16", help="Pages per edition, a number or a range (8-16)."
        )
        parser.add_argument(
            "--per-page", default="2-4", help="Articles per page, a number or a range (2-4)."
        )
        parser.add_argument(
            "--web-share",
            type=float,
            default=0.03,
            help="The share of web-only articles, 0 to 0.5 (default: 0.03).",
        )
        parser.add_argument(
            "--append",
            action="store_true",
            help="Add to a publication that already has editions: the new editions go "
            "before its earliest one.",
        )

    def handle(self, *args, **options):
        total = options["articles"]
        if not 1 <= total <= MAX_ARTICLES:
            raise CommandError(f"--articles must be between 1 and {MAX_ARTICLES:,}.")
        if not 0 <= options["web_share"] <= 0.5:
            raise CommandError("--web-share must be between 0 and 0.5.")
        pages = parse_range(options["pages"], "pages")
        per_page = parse_range(options["per_page"], "per-page")
        slug = options["publication"]
        if not re.fullmatch(r"[-a-zA-Z0-9_]{1,50}", slug):
            raise CommandError(f"Not a publication slug: {slug!r}.")
        tz = zoneinfo.ZoneInfo(settings.TIME_ZONE)
        if options["end_date"]:
            try:
                end_date = datetime.date.fromisoformat(options["end_date"])
            except ValueError:
                raise CommandError(
                    f"Not a date as in 2024-12-31: {options['end_date']!r}"
                ) from None
        else:
            end_date = timezone.localdate()

        publication = Publication.objects.filter(slug=slug).first()
        existing = Edition.objects.filter(publication=publication) if publication else None
        last_number = 10_000 + total  # comfortably positive whatever the plan
        if existing is not None and existing.exists():
            if not options["append"]:
                raise CommandError(
                    f"{publication} already has {existing.count()} editions; "
                    "use --append to add an older archive before them."
                )
            first = existing.order_by("date").values("date", "number").first()
            end_date = first["date"] - datetime.timedelta(days=2)  # the plan adds one day
            last_number = min(existing.values_list("number", flat=True)) - 1
        if not 1 <= end_date.year <= 9000:
            raise CommandError("The end date is out of range.")
        if publication is None:
            publication = self.create_publication(slug)

        generator = Generator(seed=options["seed"], publication=publication, tz=tz)
        editions, web_only = generator.plan(
            total=total,
            end_date=end_date,
            last_number=last_number,
            pages=pages,
            per_page=per_page,
            web_share=options["web_share"],
        )
        if editions and editions[-1].number < 1:
            raise CommandError("Issue numbers would fall below 1; use fewer articles.")
        if editions and editions[-1].date.year < 1900:
            raise CommandError("The archive would reach before 1900; use fewer articles.")

        connection = connections[Article.objects.db]
        if connection.vendor == "sqlite" and not connection.in_atomic_block:
            # A generated archive can be generated again: trade crash safety for speed.
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA synchronous = OFF")
        with transaction.atomic():
            sections = self.sections()
            authors = self.authors(generator)
        show_bar = options["verbosity"] >= 1
        bar = tqdm(total=total, desc="articles", unit="篇", disable=not show_bar, file=sys.stderr)
        started = timezone.now()
        writer = Writer(generator, publication, sections, authors, bar)
        # Oldest first, so ids grow with dates as in a real archive.
        batch: list[EditionPlan] = []
        batch_size = 0
        for plan in reversed(editions):
            batch.append(plan)
            batch_size += sum(plan.per_page)
            if batch_size >= BATCH_ARTICLES:
                writer.write_editions(batch)
                batch, batch_size = [], 0
        if batch:
            writer.write_editions(batch)
        writer.write_web_only(web_only, end_date)
        bar.close()
        seconds = max((timezone.now() - started).total_seconds(), 0.001)
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated {writer.articles:,} articles in {len(editions):,} editions "
                f"({writer.pages:,} pages) for {publication.slug} in {seconds:.1f} s "
                f"({writer.articles / seconds * 60:,.0f} articles/min)."
            )
        )

    def create_publication(self, slug: str) -> Publication:
        if slug == "lyrb":
            return Publication.objects.create(
                slug=slug,
                name="辽源日报",
                name_latin="LIAO YUAN RI BAO",
                cn_serial="CN22-0010",
                email="jl_lvrb@126.com",
                hotline="0437-3249118",
                website="http://www.0437.com",
                sponsor="中共辽源市委主管主办",
                publisher="辽源日报社出版",
            )
        return Publication.objects.create(slug=slug, name=f"{slug}日报")

    def sections(self) -> dict[str, Section]:
        found = {s.name: s for s in Section.objects.filter(name__in=SECTIONS)}
        for position, name in enumerate(SECTIONS):
            if name not in found:
                found[name] = Section.objects.create(name=name, position=position + 1)
        return found

    def authors(self, generator: Generator) -> list[tuple[Author, str]]:
        """About 240 people and the institutional bylines, each with their usual role.

        Names come from the generator's own stream (seeded apart from the content, so the
        same names appear whatever the archive's size)."""
        r = random.Random(generator.rng.random())
        names: dict[str, str] = {}
        while len(names) < 240:
            given = "".join(r.choice(GIVEN) for _ in range(r.choice([1, 2, 2])))
            names.setdefault(r.choice(SURNAMES) + given, r.choice(ROLES))
        for name in INSTITUTIONAL:
            names[name] = "评论员" if "评论" in name else "记者"
        existing = {a.name: a for a in Author.objects.filter(name__in=list(names))}
        result = []
        for name, role in names.items():
            author = existing.get(name) or Author.objects.create(name=name, role=role)
            result.append((author, role))
        return result


class Writer:
    """Writes planned editions a batch at a time, each batch one transaction."""

    def __init__(self, generator, publication, sections, authors, bar):
        self.g = generator
        self.publication = publication
        self.sections = sections
        self.people = [(a, role) for a, role in authors if a.name not in INSTITUTIONAL]
        self.institutions = [(a, role) for a, role in authors if a.name in INSTITUTIONAL]
        self.bar = bar
        self.articles = 0
        self.pages = 0

    def article(self, *, section: Section, edition: Edition | None, publish_at=None) -> tuple:
        """An unsaved Article and the credits to give it, as (author, role) pairs."""
        r = self.g.rng
        genre = r.choice(GENRES)
        if genre == Genre.COMMENTARY and r.random() < 0.5:
            credits = [r.choice(self.institutions)]
        else:
            credits = r.sample(self.people, r.choice([1, 1, 1, 2, 2, 3]))
        source = r.choice(SOURCES)
        if source == "本报":
            dateline = "本报讯"
        elif source == "新华社":
            dateline = f"新华社{r.choice(CITIES)}{r.randint(1, 12)}月{r.randint(1, 28)}日电"
        else:
            dateline = ""
        byline = ""
        if source not in ("本报", "新华社"):
            byline = f"{source}记者 " + " ".join(a.name for a, _ in credits)
        roll = r.random()
        if roll < 0.01:
            status = ArticleStatus.DRAFT
        elif roll < 0.015:
            status = ArticleStatus.SUBMITTED
        elif roll < 0.02:
            status = ArticleStatus.APPROVED
        elif roll < 0.023:
            status = ArticleStatus.WITHDRAWN
        else:
            status = ArticleStatus.PUBLISHED
        article = Article(
            edition=edition,
            section=section,
            kicker=r.choice([""] * 7 + [f"{r.choice(TITLE_HEADS)}{r.choice(OBJECTS)}观察"]),
            title=self.g.title(),
            subtitle=r.choice([""] * 8 + [f"——{r.choice(SUBJECTS)}{r.choice(TAILS)}"]),
            highlights="\n".join(self.g.own_sentence() for _ in range(r.choice([0] * 9 + [3]))),
            byline=byline,
            dateline=dateline,
            source=source,
            genre=genre,
            body=self.g.body(genre, section.name),
            status=status,
            publish_at=publish_at,
        )
        article.word_count = len(re.sub(r"<[^>]+>|\s+", "", article.body))
        return article, [(a, role) for a, role in credits]

    @transaction.atomic
    def write_editions(self, plans: list[EditionPlan]) -> None:
        g, r = self.g, self.g.rng
        editions = [
            Edition(
                publication=self.publication,
                date=plan.date,
                number=plan.number,
                status=PublishStatus.PUBLISHED,
                publish_at=g.midnight(plan.date),
            )
            for plan in plans
        ]
        editions = Edition.objects.bulk_create(editions)
        pages = []
        for edition, plan in zip(editions, plans, strict=True):
            editor = r.choice(self.people)[0].name
            for number in range(1, len(plan.per_page) + 1):
                name = PAGE_NAMES[number - 1][0] if number <= len(PAGE_NAMES) else "专版"
                pages.append(Page(edition=edition, number=number, name=name, editor=editor))
        pages = Page.objects.bulk_create(pages)
        self.pages += len(pages)
        pages_by_edition: dict[int, list[Page]] = {}
        for page in pages:
            pages_by_edition.setdefault(page.edition_id, []).append(page)

        rows = []  # (article, credits, page, position on page)
        for edition, plan in zip(editions, plans, strict=True):
            for page, count in zip(pages_by_edition[edition.id], plan.per_page, strict=True):
                section_name = dict(PAGE_NAMES).get(page.name, "综合")
                for position in range(1, count + 1):
                    article, credits = self.article(
                        section=self.sections[section_name], edition=edition
                    )
                    rows.append((article, credits, page, position))
        articles = Article.objects.bulk_create([row[0] for row in rows], batch_size=500)

        credits, placements, corrections = [], [], []
        on_page: dict[int, int] = {}
        for _, _, page, position in rows:
            on_page[page.id] = max(on_page.get(page.id, 0), position)
        for article, (_, people, page, position) in zip(articles, rows, strict=True):
            for index, (author, role) in enumerate(people):
                credits.append(
                    ArticleAuthor(article=article, author=author, role=role, position=index)
                )
            count = on_page[page.id]
            height = round(0.9 / count, 4)
            placements.append(
                Placement(
                    article=article,
                    page=page,
                    position=position,
                    x=0.04,
                    y=round(0.05 + (position - 1) * height, 4),
                    width=0.92,
                    height=height,
                )
            )
            siblings = pages_by_edition[page.edition_id]
            # About one front-page story in three jumps to a later page (下转第N版).
            if page.number == 1 and len(siblings) > 1 and r.random() < 0.35:
                target = r.choice(siblings[1 : min(4, len(siblings))])
                placements.append(
                    Placement(article=article, page=target, position=on_page.get(target.id, 0) + 1)
                )
                on_page[target.id] = on_page.get(target.id, 0) + 1
            if article.status == ArticleStatus.PUBLISHED and r.random() < 0.005:
                corrections.append(
                    Correction(
                        article=article,
                        date=page.edition.date + datetime.timedelta(days=r.randint(1, 5)),
                        text=f"本报{page.edition.date:%-m月%-d日}{page.label}"
                        f"《{article.headline}》一文中，{g.own_sentence()}特此更正。",
                    )
                )
        published = [a for a in articles if a.status == ArticleStatus.PUBLISHED]
        if not corrections and published:
            # Every batch has at least one, so that even a small archive shows corrections.
            corrections.append(
                Correction(
                    article=published[0],
                    date=published[0].edition.date + datetime.timedelta(days=1),
                    text=f"《{published[0].headline}》一文中，{g.own_sentence()}特此更正。",
                )
            )
        ArticleAuthor.objects.bulk_create(credits, batch_size=1000)
        Placement.objects.bulk_create(placements, batch_size=1000)
        Correction.objects.bulk_create(corrections)
        search.index.index_in_chunks([a.pk for a in articles], chunk_size=500)
        self.articles += len(articles)
        self.bar.update(len(articles))

    @transaction.atomic
    def write_web_only(self, count: int, end_date: datetime.date) -> None:
        """Web-only articles spread over the archive's span; the last few are scheduled
        for the days after ``end_date``."""
        if count <= 0:
            return
        g, r = self.g, self.g.rng
        span = max(1, (self.articles // 30) or 1)
        rows = []
        for index in range(count):
            scheduled = index >= count - min(3, count)
            if scheduled:
                day = end_date + datetime.timedelta(days=index - count + 4)
            else:
                day = end_date - datetime.timedelta(days=r.randint(0, span))
            publish_at = g.midnight(day) + datetime.timedelta(minutes=r.randint(360, 1320))
            section = self.sections[r.choice(WEB_SECTIONS)]
            article, credits = self.article(section=section, edition=None, publish_at=publish_at)
            if scheduled:
                article.status = ArticleStatus.PUBLISHED
            rows.append((article, credits))
        articles = Article.objects.bulk_create([row[0] for row in rows], batch_size=500)
        ArticleAuthor.objects.bulk_create(
            [
                ArticleAuthor(article=article, author=author, role=role, position=index)
                for article, (_, people) in zip(articles, rows, strict=True)
                for index, (author, role) in enumerate(people)
            ],
            batch_size=1000,
        )
        search.index.index_in_chunks([a.pk for a in articles], chunk_size=500)
        self.articles += len(articles)
        self.bar.update(len(articles))
