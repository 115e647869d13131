"""A night in the newsroom, in Chromium: a reporter, an editor and the duty chief editor
close tomorrow's paper (issue 9).

The next edition in one step; three articles written; one autosaved draft recovered
after its tab was closed; the articles placed and reordered on the page plan by mouse and
by keyboard; an unsaved 电头 kept through 审核通过; the edition signed off after
confirmation; the articles on the site. Every click (and drag) of the night is counted
and printed: ``pytest -s`` shows the count.
"""

import datetime
import importlib
import zoneinfo
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse

from articles.models import Article, ArticleAutosave, ArticleStatus, Placement
from editions.models import Edition

from .factories import EditionFactory, PageFactory
from .helpers import DESKTOP, eventually

pytestmark = [pytest.mark.urls("tests.urls_media"), pytest.mark.django_db(transaction=True)]

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


class Night:
    """Counts what the people of the night do with the mouse, and their key presses."""

    def __init__(self):
        self.clicks = 0
        self.keys = 0

    def click(self, locator):
        locator.click()
        self.clicks += 1

    def drag(self, source, target, **kwargs):
        source.drag_to(target, **kwargs)
        self.clicks += 1

    def press(self, page, key):
        page.keyboard.press(key)
        self.keys += 1


def ensure_roles():
    """The three roles as the data migration made them: a transactional test's flush
    empties the tables, so the groups are made again from the migration's lists."""
    roles = importlib.import_module("articles.migrations.0003_roles").ROLES
    for name, perms in roles.items():
        group, _created = Group.objects.get_or_create(name=name)
        for perm in perms:
            app_label, codename = perm.split(".")
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )


@pytest.fixture
def people(browser, live_server, django_user_model):  # noqa: F811
    """A logged-in browser tab opener for each role."""

    ensure_roles()

    def make(username, group, name):
        user = django_user_model.objects.create_user(
            username, password="pw", is_staff=True, first_name=name
        )
        user.groups.add(Group.objects.get(name=group))
        client = Client()
        client.force_login(user)
        context = browser.new_context(viewport=DESKTOP, base_url=live_server.url)
        context.add_cookies(
            [
                {
                    "name": "sessionid",
                    "value": client.cookies["sessionid"].value,
                    "url": live_server.url,
                }
            ]
        )

        def open_tab():
            page = context.new_page()
            page.set_default_timeout(15000)
            page.js_errors = []
            page.on("pageerror", lambda error: page.js_errors.append(str(error)))
            return page

        return open_tab

    return {
        "reporter": make("reporter", "记者", "李记者"),
        "editor": make("editor", "编辑", "王编辑"),
        "chief": make("chief", "值班总编", "赵总编"),
    }


@pytest.fixture
def yesterday(db):
    """Yesterday's paper: three pages, published."""
    edition = EditionFactory(
        date=datetime.date(2024, 4, 1),
        number=8986,
        publish_at=datetime.datetime(2024, 4, 1, 0, 0, tzinfo=SHANGHAI),
    )
    for number, name in [(1, "要闻"), (2, "综合"), (3, "经济")]:
        page = PageFactory(edition=edition, number=number, name=name, editor="张编辑")
    Article.objects.create(edition=edition, title="全市经济运行平稳", status="published")
    Placement.objects.create(article=Article.objects.get(edition=edition), page=page)
    return edition


def type_in_body(night, page, text):
    body = page.frame_locator("iframe.cke_wysiwyg_frame").locator("body")
    night.click(body)
    page.keyboard.press("End")
    page.keyboard.type(text)


def wait_for_form(page):
    page.wait_for_selector("#article_form[data-newsroom-ready]")


def plan_card(page, title):
    return page.locator(".plan-card", has_text=title)


def wait_for_placements(edition, expected, timeout=10.0):
    """The placements as {page number: [titles]} once they equal ``expected``."""
    import time

    deadline = time.monotonic() + timeout
    while True:
        rows = (
            Placement.objects.filter(page__edition=edition)
            .order_by("page__number", "position")
            .values_list("page__number", "article__title")
        )
        found = {}
        for number, title in rows:
            found.setdefault(number, []).append(title)
        if found == expected or time.monotonic() > deadline:
            return found
        time.sleep(0.1)


def test_a_night_in_the_newsroom(people, yesterday, settings, live_server):
    settings.NEWSROOM_AUTOSAVE_SECONDS = 1
    night = Night()
    titles = ["市政府召开常务会议", "春耕备耕正当时", "全市经济运行平稳"]

    # --- the editor: tomorrow's edition in one step -------------------------------------
    editor = people["editor"]()
    editor.goto(reverse("admin:editions_edition_changelist"))
    night.click(editor.locator("#next-edition"))
    editor.wait_for_url("**/change/")
    edition = Edition.objects.get(date=datetime.date(2024, 4, 2))
    assert edition.number == 8987
    assert [(p.number, p.name, p.editor) for p in edition.pages.all()] == [
        (1, "要闻", "张编辑"),
        (2, "综合", "张编辑"),
        (3, "经济", "张编辑"),
    ]

    # --- the reporter writes three articles -----------------------------------------------
    reporter_tab = people["reporter"]()
    for index, title in enumerate(titles):
        page = reporter_tab
        page.goto(reverse("admin:articles_article_add"))
        night.clicks += 1  # the 添加稿件 link
        wait_for_form(page)
        # The new article goes into tomorrow's edition without a choice being made.
        assert page.locator("#id_edition").input_value() == str(edition.pk)
        night.click(page.locator("#id_title"))
        page.keyboard.type(title)
        # Yesterday's paper has the third headline already: flagged before saving.
        duplicates = page.locator("#title-duplicates")
        if index == 2:
            duplicates.wait_for(state="visible")
            assert "2024-04-01" in duplicates.inner_text()
        else:
            assert duplicates.is_hidden()
        type_in_body(night, page, f"第{index + 1}篇稿件的正文。")
        if index < 2:
            # Saved and handed to the editors in one click.
            night.click(page.locator("#save-and-submit"))
            page.wait_for_selector(".messagelist .success")
        else:
            night.click(page.locator('input[name="_continue"]'))
            page.wait_for_url("**/change/")
            wait_for_form(page)
    articles = {a.title: a for a in Article.objects.filter(edition=edition)}
    assert len(articles) == 3
    assert [articles[t].status for t in titles] == ["submitted", "submitted", "draft"]

    # The third article: more text, autosaved, then the tab is closed without saving.
    third = articles[titles[2]]
    type_in_body(night, reporter_tab, "深夜补写的一段。")
    reporter_tab.wait_for_selector("#autosave-status:has-text('已自动保存')")
    # The autosave of the whole text is in, and none still on its way when the tab closes.
    assert eventually(
        lambda: "深夜补写的一段。" in ArticleAutosave.objects.get(article=third).data["body"]
    )
    assert live_server.traffic.wait_for_silence()
    reporter_tab.close()
    third.refresh_from_db()
    assert "深夜补写的一段" not in third.body

    # Reopened: the autosaved text is offered; restored and submitted in one click more.
    reporter_tab = people["reporter"]()
    reporter_tab.goto(reverse("admin:articles_article_change", args=[third.pk]))
    night.clicks += 1  # 我的稿件 → the article
    wait_for_form(reporter_tab)
    assert reporter_tab.locator("#autosave-offer").is_visible()
    # The restored text is autosaved at the next tick: that answer is in before the submit,
    # which deletes the autosave, or it would land after it and leave one.
    with reporter_tab.expect_response(lambda r: "/autosave/" in r.url):
        night.click(reporter_tab.locator("#autosave-restore"))
    assert live_server.traffic.wait_for_silence(quiet=1.5)
    night.click(reporter_tab.locator("button[form='transition-submit']"))
    reporter_tab.wait_for_selector(".messagelist .success")
    third.refresh_from_db()
    assert "深夜补写的一段" in third.body and third.status == "submitted"
    assert not ArticleAutosave.objects.exists()

    # --- the editor arranges the pages --------------------------------------------------------
    editor.goto(reverse("admin:articles_article_desk") + "?date=2024-04-02")
    night.clicks += 1  # 今日版面
    night.click(editor.get_by_role("link", name="版面编排"))
    editor.wait_for_selector("#page-plan")
    lists = editor.locator(".plan-list")
    tray, front, second = (lists.nth(i) for i in range(3))
    assert tray.locator(".plan-card").count() == 3

    def saved(action):
        with editor.expect_response("**/plan/arrange/") as response:
            action()
        assert response.value.ok, response.value.text()
        # The plan takes the next move once it has read the answer.
        editor.wait_for_selector("#page-plan:not([aria-busy])", state="attached")

    a, b, c = titles
    # By mouse: A and then B onto the front page, B below A.
    saved(lambda: night.drag(plan_card(editor, a), front))
    box = front.bounding_box()
    saved(
        lambda: night.drag(
            plan_card(editor, b), front, target_position={"x": 20, "y": box["height"] - 4}
        )
    )
    assert wait_for_placements(edition, {1: [a, b]}) == {1: [a, b]}
    # By keyboard: B up to the lead story.
    plan_card(editor, b).focus()
    for key in ["Space", "ArrowUp"]:
        night.press(editor, key)
    saved(lambda: night.press(editor, "Space"))
    assert wait_for_placements(edition, {1: [b, a]}) == {1: [b, a]}
    editor.wait_for_selector("#plan-status:has-text('第 1 条')")
    # By mouse: A back above B.
    saved(
        lambda: night.drag(
            plan_card(editor, a), plan_card(editor, b), target_position={"x": 20, "y": 2}
        )
    )
    assert wait_for_placements(edition, {1: [a, b]}) == {1: [a, b]}
    # By keyboard: B over to the third page.
    plan_card(editor, b).focus()
    for key in ["Space", "ArrowRight", "ArrowRight"]:
        night.press(editor, key)
    saved(lambda: night.press(editor, "Space"))
    # By mouse: C onto the second page.
    saved(lambda: night.drag(plan_card(editor, c), second))
    assert wait_for_placements(edition, {1: [a], 2: [c], 3: [b]}) == {1: [a], 2: [c], 3: [b]}
    heading_total = editor.locator(".plan-column").nth(3).locator("[data-total]").inner_text()
    assert heading_total == str(articles[b].word_count)

    # Approve A and C from the plan.
    for title in (a, c):
        with editor.expect_navigation():
            night.click(plan_card(editor, title).get_by_role("button", name="审核通过"))
        editor.wait_for_selector(".messagelist .success")

    # B: the editor types a 电头 and clicks 审核通过 without saving: the 电头 is kept.
    night.click(plan_card(editor, b).get_by_role("link"))
    wait_for_form(editor)
    night.click(editor.locator("#id_dateline"))
    editor.keyboard.type("本报讯")
    # Leaving with the unsaved 电头 asks first (and staying keeps it).
    dialogs = []
    editor.once("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))
    editor.locator("#site-name a, .breadcrumbs a").first.click(no_wait_after=True)
    editor.wait_for_timeout(500)
    assert dialogs == ["beforeunload"]
    assert editor.locator("#id_dateline").input_value() == "本报讯"
    night.click(editor.locator("button[form='transition-approve']"))
    editor.wait_for_selector(".messagelist .success")
    article_b = Article.objects.get(pk=articles[b].pk)
    assert (article_b.dateline, article_b.status) == ("本报讯", ArticleStatus.APPROVED)

    # --- the duty chief signs off, after seeing what goes out ---------------------------
    chief = people["chief"]()
    chief.goto(reverse("admin:articles_article_desk") + "?date=2024-04-02")
    night.clicks += 1  # 今日版面
    night.click(chief.get_by_role("button", name="签发本期"))
    chief.wait_for_selector("#sign-off-articles")
    listed = chief.locator("#sign-off-articles tbody").inner_text()
    assert all(title in listed for title in titles)
    assert Edition.objects.get(pk=edition.pk).status == "draft"
    night.click(chief.get_by_role("button", name="确认签发本期"))
    chief.wait_for_selector(".messagelist .success")
    assert Edition.objects.get(pk=edition.pk).status == "published"

    # --- the articles are on the site ----------------------------------------------------
    reader = people["reporter"]()
    reader.context.clear_cookies()
    reader.goto("/editions/2024-04-02/")
    toc = reader.locator("main").inner_text()
    assert all(title in toc for title in titles)
    reader.goto(article_b.get_absolute_url())
    assert "本报讯" in reader.locator("main").inner_text()

    for tab in (editor, chief, reader):
        assert tab.js_errors == []
    print(f"\nThe night took {night.clicks} clicks and drags and {night.keys} key presses.")
    assert night.clicks <= 35


def test_the_character_count_follows_a_paste_at_once(people, yesterday):
    """字数 beside the body is right after a paste, before any key is pressed; the
    editor offers no image button (pictures are the article's images)."""
    tab = people["reporter"]()
    tab.goto(reverse("admin:articles_article_add"))
    wait_for_form(tab)
    assert tab.locator(".cke_button__image").count() == 0
    tab.evaluate(
        "CKEDITOR.instances.id_body.execCommand('paste', '<p>粘贴进来的十二个字的一段话</p>')"
    )
    tab.wait_for_function(
        "document.querySelector('.field-word_count .readonly').textContent === '13'"
    )


AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"


def serious_violations(tab) -> list[str]:
    """axe-core's serious and critical findings on the page, one line each."""
    tab.add_script_tag(path=str(AXE))
    results = tab.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {node['target']} {node['failureSummary'][:200]}"
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
        for node in v["nodes"]
    ]


def test_the_newsroom_screens_have_no_serious_accessibility_violations(people, yesterday):
    """axe-core finds nothing serious or critical on the screens of the night."""
    edition = yesterday
    article = Article.objects.create(edition=edition, title="无障碍检查", body="<p>正文</p>")
    Placement.objects.create(article=article, page=edition.pages.first(), position=1)
    tab = people["editor"]()
    screens = [
        reverse("admin:index"),
        reverse("admin:articles_article_changelist"),
        reverse("admin:articles_article_change", args=[article.pk]),
        reverse("admin:articles_article_add"),
        reverse("admin:editions_edition_change", args=[edition.pk]),
        reverse("admin:articles_article_desk") + "?date=2024-04-01",
        reverse("admin:articles_article_plan", args=[edition.pk]),
    ]
    found = {}
    for url in screens:
        tab.goto(url)
        tab.wait_for_selector("html[data-a11y-named]", state="attached")
        assert tab.locator("img[alt=Search], img[alt=True], img[alt=False]").count() == 0, url
        problems = serious_violations(tab)
        if problems:
            found[url] = problems
    assert tab.js_errors == []
    assert found == {}, "\n".join(
        f"{url}: {line}" for url, lines in found.items() for line in lines
    )


def test_a_page_added_by_hand_gets_the_next_number(people, yesterday):
    tab = people["editor"]()
    tab.goto(reverse("admin:editions_edition_change", args=[yesterday.pk]))
    tab.locator("#pages-group .add-row a").click()
    assert tab.locator("input[name='pages-3-number']").input_value() == "4"


def test_article_titles_take_at_most_two_lines_in_the_list_at_1280px(people, yesterday):
    """A long headline is cut to two lines in the article list, not ten."""
    Article.objects.create(edition=yesterday, title="很长的标题" * 30, body="<p>正文</p>")
    tab = people["editor"]()
    tab.goto(reverse("admin:articles_article_changelist"))
    heights = tab.eval_on_selector_all(
        "#result_list .field-headline_display a",
        "links => links.map(a => a.getBoundingClientRect().height"
        " / parseFloat(getComputedStyle(a).lineHeight))",
    )
    assert heights and max(heights) <= 2.05
    assert tab.evaluate("document.documentElement.scrollWidth") <= 1280
