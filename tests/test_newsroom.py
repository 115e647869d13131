"""The newsroom at deadline (issue 9), on the server: autosave, saving before a workflow
step, recall, the page plan, the next edition, unambiguous placing and sign-off confirmation.
The same night in Chromium is in test_newsroom_browser.py."""

import datetime
import json

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from reversion.models import Version

from articles import workflow
from articles.models import Article, ArticleAutosave, ArticleStatus, Placement
from articles.planning import PlanError, PlanStale, edition_placements_arrange, plan_token
from editions.models import Edition
from editions.services import edition_create_next

from .factories import ArticleFactory, EditionFactory, PageFactory
from .helpers import article_by, login
from .test_admin import article_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def edition(db):
    return EditionFactory(date=datetime.date(2024, 4, 2), number=8987, draft=True)


@pytest.fixture
def pages(edition):
    return [
        PageFactory(edition=edition, number=n, name=name) for n, name in [(1, "要闻"), (2, "综合")]
    ]


def newsroom_config(html):
    """The change form script's configuration, from its JSON block."""
    return json.loads(html.split('id="newsroom-form" type="application/json">')[1].split("<")[0])


def autosave_url(article):
    return reverse("admin:articles_article_autosave", args=[article.pk])


# --- item 1: no work is lost -------------------------------------------------------------


def test_autosave_keeps_one_record_per_article_and_user_and_no_revision(client, staff):
    """Autosaving while typing updates one record and never adds a revision."""
    article = article_by(staff["reporter"])
    login(client, staff["reporter"])
    revisions_before = Version.objects.get_for_object(article).count()
    for text in ["<p>第一稿</p>", "<p>第一稿，再写几句</p>"]:
        response = client.post(
            autosave_url(article), {"body": text, "title": "标题", "base_version": 1}
        )
        assert response.status_code == 200
    autosave = ArticleAutosave.objects.get()
    assert autosave.data["body"] == "<p>第一稿，再写几句</p>"
    assert (autosave.article, autosave.user) == (article, staff["reporter"])
    assert Version.objects.get_for_object(article).count() == revisions_before
    article.refresh_from_db()
    assert article.body != autosave.data["body"]


def test_autosaved_text_is_cleaned_and_bounded(client, staff):
    """Control characters are stripped, the body sanitised, an overlong field refused."""
    article = article_by(staff["reporter"])
    login(client, staff["reporter"])
    client.post(autosave_url(article), {"title": "标\x00题", "body": "<p onclick='x()'>正文</p>"})
    data = ArticleAutosave.objects.get().data
    assert data == {"title": "标题", "body": "<p>正文</p>"}
    response = client.post(autosave_url(article), {"title": "长" * 301})
    assert response.status_code == 400
    assert ArticleAutosave.objects.get().data["title"] == "标题"


def test_nobody_autosaves_an_article_they_may_not_edit(client, staff):
    """Another reporter's article, or a submitted one, takes no autosave."""
    article = article_by(staff["reporter"])
    login(client, staff["other"])
    assert client.post(autosave_url(article), {"title": "x"}).status_code == 403
    submitted = article_by(staff["reporter"], status=ArticleStatus.SUBMITTED)
    login(client, staff["reporter"])
    assert client.post(autosave_url(submitted), {"title": "x"}).status_code == 403
    assert not ArticleAutosave.objects.exists()


def test_reopening_an_article_offers_the_autosaved_text_and_saving_clears_it(client, staff):
    """After a closed tab the form offers the autosave; a save of the form forgets it."""
    article = article_by(staff["reporter"], title="原标题")
    login(client, staff["reporter"])
    client.post(autosave_url(article), {"title": "原标题", "body": "<p>没来得及保存的一段</p>"})
    url = reverse("admin:articles_article_change", args=[article.pk])
    html = client.get(url).content.decode()
    assert newsroom_config(html)["offer"]["body"] == "<p>没来得及保存的一段</p>"
    response = client.post(url, article_form_data(article, body="<p>保存了</p>"))
    assert response.status_code == 302
    assert not ArticleAutosave.objects.exists()


def test_a_new_articles_text_is_autosaved_and_offered_on_the_add_form(client, staff):
    """Text typed into a new article before its first save is offered back too."""
    login(client, staff["reporter"])
    response = client.post(
        reverse("admin:articles_article_autosave_new"), {"title": "新稿", "body": "<p>新写的</p>"}
    )
    assert response.status_code == 200
    html = client.get(reverse("admin:articles_article_add")).content.decode()
    assert newsroom_config(html)["offer"]["body"] == "<p>新写的</p>"


def test_a_workflow_step_with_unsaved_edits_saves_them_first(client, staff):
    """Typing a 电头 then clicking 审核通过 keeps the 电头 and approves."""
    article = article_by(staff["reporter"], status=ArticleStatus.SUBMITTED)
    login(client, staff["editor"])
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = article_form_data(article, dateline="本报讯", _then_transition="approve")
    response = client.post(url, data)
    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.dateline, article.status) == ("本报讯", ArticleStatus.APPROVED)


def test_a_workflow_step_on_a_stale_form_neither_saves_nor_steps(client, staff):
    """The save before a step goes through the stale-save check: refused, nothing done."""
    article = article_by(staff["reporter"], status=ArticleStatus.SUBMITTED)
    stale = article_form_data(article, dateline="本报讯", _then_transition="approve")
    Article.objects.filter(pk=article.pk).update(version=article.version + 1)
    login(client, staff["editor"])
    response = client.post(reverse("admin:articles_article_change", args=[article.pk]), stale)
    assert response.status_code == 200
    assert "本报讯" in response.content.decode()
    article.refresh_from_db()
    assert (article.dateline, article.status) == ("", ArticleStatus.SUBMITTED)


def test_returning_with_unsaved_edits_saves_them_then_asks_for_the_comment(client, staff):
    article = article_by(staff["reporter"], status=ArticleStatus.SUBMITTED)
    login(client, staff["editor"])
    url = reverse("admin:articles_article_change", args=[article.pk])
    response = client.post(
        url, article_form_data(article, source="本报", _then_transition="return")
    )
    assert response["Location"] == reverse(
        "admin:articles_article_transition", args=[article.pk, "return"]
    )
    article.refresh_from_db()
    assert (article.source, article.status) == ("本报", ArticleStatus.SUBMITTED)


# --- item 7: recall ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "role, may_recall",
    [("reporter", True), ("other", False), ("editor", False), ("chief", False)],
)
def test_only_the_author_recalls_a_submitted_article(staff, role, may_recall):
    """撤回: the author takes a submitted article back to draft; nobody else can."""
    article = article_by(staff["reporter"], status=ArticleStatus.SUBMITTED)
    assert ("recall" in workflow.allowed_transitions(staff[role], article)) is may_recall
    if may_recall:
        workflow.article_recall(article=article, user=staff[role])
        article.refresh_from_db()
        assert article.status == ArticleStatus.DRAFT
    else:
        with pytest.raises(PermissionDenied):
            workflow.article_recall(article=article, user=staff[role])


def test_an_approved_article_can_no_longer_be_recalled(staff):
    article = article_by(staff["reporter"], status=ArticleStatus.APPROVED)
    assert "recall" not in workflow.allowed_transitions(staff["reporter"], article)
    with pytest.raises(workflow.WorkflowError):
        workflow.article_recall(article=article, user=staff["reporter"])


def test_the_recall_button_is_on_the_authors_form_and_works(client, staff):
    article = article_by(staff["reporter"], status=ArticleStatus.SUBMITTED)
    login(client, staff["reporter"])
    html = client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    assert 'form="transition-recall"' in html and "撤回" in html
    client.post(reverse("admin:articles_article_transition", args=[article.pk, "recall"]))
    article.refresh_from_db()
    assert article.status == ArticleStatus.DRAFT


# --- item 2: the page plan ---------------------------------------------------------------


def test_the_page_plan_shows_pages_in_order_with_totals_and_a_tray(client, staff, edition, pages):
    lead = article_by(staff["reporter"], page=pages[0], title="头条", body="<p>一二三四五</p>")
    second = article_by(staff["reporter"], title="二条", body="<p>一二三</p>", edition=edition)
    Placement.objects.create(article=second, page=pages[0], position=2)
    article_by(staff["reporter"], title="待上版", edition=edition)
    login(client, staff["editor"])
    html = client.get(reverse("admin:articles_article_plan", args=[edition.pk])).content.decode()
    assert html.index("头条") < html.index("二条")
    assert "<span data-total>8</span>" in html
    tray = html.split('data-page=""')[1].split("</ol>")[0]
    assert "待上版" in tray and "头条" not in tray
    assert lead.pk


def test_a_reporter_has_no_page_plan(client, staff, edition, pages):
    login(client, staff["reporter"])
    response = client.get(reverse("admin:articles_article_plan", args=[edition.pk]))
    assert response.status_code == 403


def test_the_desk_links_to_the_page_plan(client, staff, edition, pages):
    login(client, staff["editor"])
    html = client.get(reverse("admin:articles_article_desk") + "?date=2024-04-02").content.decode()
    assert reverse("admin:articles_article_plan", args=[edition.pk]) in html


def test_arranging_moves_orders_and_unplaces_articles(staff, edition, pages):
    """One call writes a whole arrangement; a region stays only with its own page."""
    a = article_by(staff["reporter"], page=pages[0])
    Placement.objects.filter(article=a).update(x=0.1, y=0.1, width=0.5, height=0.5)
    b = article_by(staff["reporter"], page=pages[0])
    Placement.objects.filter(article=b).update(position=2, x=0.1, y=0.6, width=0.5, height=0.3)
    c = article_by(staff["reporter"])
    Article.objects.filter(pk=c.pk).update(edition=edition)
    edition_placements_arrange(
        edition=edition,
        user=staff["editor"],
        layout={pages[0].pk: [b.pk, c.pk], pages[1].pk: [a.pk]},
        token=plan_token(edition=edition),
    )
    rows = {
        (p.article_id, p.page_id): (p.position, p.region)
        for p in Placement.objects.filter(page__edition=edition)
    }
    assert rows == {
        (b.pk, pages[0].pk): (1, (0.1, 0.6, 0.5, 0.3)),
        (c.pk, pages[0].pk): (2, None),
        (a.pk, pages[1].pk): (1, None),
    }
    assert Version.objects.get_for_object(c).first().revision.comment


def test_a_stale_arrangement_is_refused(staff, edition, pages):
    a = article_by(staff["reporter"], page=pages[0])
    token = plan_token(edition=edition)
    Placement.objects.filter(article=a).update(position=5)
    with pytest.raises(PlanStale):
        edition_placements_arrange(
            edition=edition,
            user=staff["editor"],
            layout={pages[0].pk: [], pages[1].pk: [a.pk]},
            token=token,
        )
    assert Placement.objects.get(article=a).page == pages[0]


def test_an_article_of_another_edition_cannot_be_arranged(staff, edition, pages):
    stranger = article_by(staff["reporter"], page=PageFactory(edition=EditionFactory()))
    with pytest.raises(PlanError):
        edition_placements_arrange(
            edition=edition,
            user=staff["editor"],
            layout={pages[0].pk: [stranger.pk], pages[1].pk: []},
            token=plan_token(edition=edition),
        )


def test_a_reporter_may_not_arrange(staff, edition, pages):
    with pytest.raises(PermissionDenied):
        edition_placements_arrange(
            edition=edition, user=staff["reporter"], layout={}, token=plan_token(edition=edition)
        )


def test_arranging_through_the_view_answers_json_and_409_when_stale(client, staff, edition, pages):
    a = article_by(staff["reporter"], page=pages[0])
    login(client, staff["editor"])
    url = reverse("admin:articles_article_plan_arrange", args=[edition.pk])
    layout = {str(pages[0].pk): [], str(pages[1].pk): [a.pk]}
    body = {"token": plan_token(edition=edition), "pages": layout}
    response = client.post(url, json.dumps(body), content_type="application/json")
    assert response.status_code == 200
    assert response.json()["totals"][str(pages[1].pk)] == a.word_count
    response = client.post(url, json.dumps(body), content_type="application/json")
    assert response.status_code == 409
    response = client.post(url, "{not json", content_type="application/json")
    assert response.status_code == 400


def test_approving_from_the_page_plan_goes_through_the_workflow(client, staff, edition, pages):
    article = article_by(staff["reporter"], status=ArticleStatus.SUBMITTED, page=pages[0])
    login(client, staff["editor"])
    html = client.get(reverse("admin:articles_article_plan", args=[edition.pk])).content.decode()
    approve = reverse("admin:articles_article_plan_approve", args=[edition.pk, article.pk])
    assert approve in html
    client.post(approve)
    article.refresh_from_db()
    assert article.status == ArticleStatus.APPROVED
    login(client, staff["reporter"])
    assert client.post(approve).status_code == 302  # refused with a message, not done
    assert Article.objects.get(pk=article.pk).status == ArticleStatus.APPROVED


# --- item 4: the next edition ------------------------------------------------------------


def test_the_next_edition_follows_the_latest_with_its_pages(edition, pages):
    pages[0].editor = "张三"
    pages[0].save()
    nxt = edition_create_next(publication=edition.publication)
    assert (nxt.date, nxt.number, nxt.status) == (datetime.date(2024, 4, 3), 8988, "draft")
    assert nxt.publish_at - edition.publish_at == datetime.timedelta(days=1)
    assert [(p.number, p.name, p.editor) for p in nxt.pages.all()] == [
        (1, "要闻", "张三"),
        (2, "综合", ""),
    ]


def test_the_next_edition_skips_the_days_the_paper_does_not_come_out(db):
    """Four weeks without a Sunday issue: Saturday's next edition is Monday's."""
    saturday = datetime.date(2024, 4, 6)
    day, number = saturday - datetime.timedelta(days=27), 9000
    while day <= saturday:
        if day.weekday() != 6:
            EditionFactory(date=day, number=number)
            number += 1
        day += datetime.timedelta(days=1)
    publication = Edition.objects.first().publication
    assert edition_create_next(publication=publication).date == datetime.date(2024, 4, 8)


def test_new_next_edition_is_one_click_in_the_admin(client, staff, edition, pages):
    login(client, staff["editor"])
    html = client.get(reverse("admin:editions_edition_changelist")).content.decode()
    assert reverse("admin:editions_edition_next") in html
    response = client.post(reverse("admin:editions_edition_next"))
    created = Edition.objects.get(date=datetime.date(2024, 4, 3))
    assert response["Location"] == reverse("admin:editions_edition_change", args=[created.pk])
    assert created.pages.count() == 2


def test_a_reporter_cannot_create_the_next_edition(client, staff, edition):
    login(client, staff["reporter"])
    assert client.post(reverse("admin:editions_edition_next")).status_code == 403
    assert Edition.objects.count() == 1


def test_the_only_publication_is_preselected_and_page_numbers_prefilled(
    client, staff, edition, pages
):
    login(client, staff["editor"])
    form = client.get(reverse("admin:editions_edition_add")).context["adminform"].form
    assert form.initial["publication"] == edition.publication.pk
    page_form = (
        client.get(reverse("admin:editions_page_add") + f"?edition={edition.pk}")
        .context["adminform"]
        .form
    )
    assert page_form.initial["number"] == 3


# --- item 3: placing is unambiguous --------------------------------------------------------


def test_page_choices_show_the_date_and_only_the_articles_edition(client, staff, edition, pages):
    article = article_by(staff["reporter"], page=pages[0])
    PageFactory(edition=EditionFactory(date=datetime.date(2024, 4, 1)), number=1)
    login(client, staff["editor"])
    html = client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    assert "2024-04-02 第01版:要闻" in html and "2024-04-02 第02版:综合" in html
    assert "2024-04-01 第01版" not in html
    assert 'name="placements-0-x"' not in html and 'name="placements-0-width"' not in html


def test_a_reporter_sees_no_empty_placements_table(client, staff):
    article = article_by(staff["reporter"])
    login(client, staff["reporter"])
    html = client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    assert "placements-group" not in html


def test_saving_the_article_form_keeps_a_drawn_region(client, staff, edition, pages):
    article = article_by(staff["reporter"], page=pages[0], status=ArticleStatus.SUBMITTED)
    Placement.objects.filter(article=article).update(x=0.1, y=0.2, width=0.3, height=0.4)
    login(client, staff["editor"])
    url = reverse("admin:articles_article_change", args=[article.pk])
    assert client.post(url, article_form_data(article, title="改")).status_code == 302
    assert Placement.objects.get(article=article).region == (0.1, 0.2, 0.3, 0.4)


# --- item 7: sign-off confirmation and duplicate titles -------------------------------------


def test_sign_off_first_shows_what_it_will_publish(client, staff, edition, pages):
    for page in pages:
        article_by(
            staff["reporter"], status=ArticleStatus.APPROVED, page=page, title=f"稿{page.number}"
        )
    login(client, staff["chief"])
    desk = client.get(reverse("admin:articles_article_desk") + "?date=2024-04-02").content.decode()
    confirm = reverse("admin:articles_article_sign_off_confirm", args=[edition.pk])
    assert confirm in desk
    html = client.get(confirm).content.decode()
    assert "稿1" in html and "稿2" in html
    edition.refresh_from_db()
    assert edition.status == "draft"  # looking is not signing off
    assert reverse("admin:articles_article_sign_off", args=[edition.pk]) in html


def test_only_the_duty_chief_sees_the_sign_off_confirmation(client, staff, edition):
    login(client, staff["editor"])
    url = reverse("admin:articles_article_sign_off_confirm", args=[edition.pk])
    assert client.get(url).status_code == 403


def test_a_duplicate_title_in_this_or_the_previous_edition_is_flagged(client, staff, edition):
    previous = EditionFactory(date=datetime.date(2024, 4, 1), publication=edition.publication)
    older = EditionFactory(date=datetime.date(2024, 3, 1), publication=edition.publication)
    for e in (previous, older):
        ArticleFactory(edition=e, title="春耕备耕正当时")
    login(client, staff["editor"])
    url = reverse("admin:articles_article_title_check")
    matches = client.get(url, {"title": "春耕备耕 正当时", "edition": edition.pk}).json()["matches"]
    assert [m["edition"] for m in matches] == ["2024-04-01"]
    assert client.get(url, {"title": "别的标题", "edition": edition.pk}).json()["matches"] == []
    assert client.get(url, {"title": "x", "edition": "abc"}).status_code == 200


def test_a_new_article_is_saved_and_submitted_in_one_step(client, staff, edition):
    """保存并提交审核 on the add form: one click from a new article to the editors."""
    login(client, staff["reporter"])
    html = client.get(reverse("admin:articles_article_add")).content.decode()
    assert 'id="save-and-submit"' in html
    assert f'<option value="{edition.pk}" selected>' in html  # tomorrow's edition preselected
    data = {
        "title": "新稿",
        "body": "<p>正文</p>",
        "edition": edition.pk,
        "genre": "消息",
        "_then_transition": "submit",
    }
    for prefix in ["credits", "placements", "images"]:
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    response = client.post(reverse("admin:articles_article_add"), data)
    article = Article.objects.get(title="新稿")
    assert response.status_code == 302
    assert (article.status, article.created_by) == (ArticleStatus.SUBMITTED, staff["reporter"])


# --- items 5 and 6: the dashboard and the lists --------------------------------------------


def test_a_reporter_lands_on_their_own_work(client, staff, edition, pages):
    returned = article_by(staff["reporter"], status=ArticleStatus.RETURNED, title="退回的稿")
    Article.objects.filter(pk=returned.pk).update(review_note="请补充电头")
    article_by(staff["other"], status=ArticleStatus.SUBMITTED, title="别人的稿")
    login(client, staff["reporter"])
    html = client.get(reverse("admin:index")).content.decode()
    assert 'id="newsroom-dashboard"' in html
    assert "退回的稿" in html and "请补充电头" in html
    assert "别人的稿" not in html
    assert reverse("admin:articles_article_plan", args=[edition.pk]) not in html


def test_an_editor_lands_on_what_waits_and_what_blocks(client, staff, edition, pages):
    for n in range(3):
        article_by(staff["reporter"], status=ArticleStatus.SUBMITTED, title=f"待审{n}")
    login(client, staff["editor"])
    html = client.get(reverse("admin:index")).content.decode()
    assert "待审0" in html and "(3)" in html
    assert reverse("admin:articles_article_plan", args=[edition.pk]) in html
    assert "第02版:综合" in html  # an empty page blocks sign-off
    assert reverse("admin:articles_article_sign_off_confirm", args=[edition.pk]) not in html


def test_the_duty_chief_is_offered_sign_off_when_nothing_blocks(client, staff, edition, pages):
    for page in pages:
        article_by(staff["reporter"], status=ArticleStatus.APPROVED, page=page)
    login(client, staff["chief"])
    html = client.get(reverse("admin:index")).content.decode()
    assert reverse("admin:articles_article_sign_off_confirm", args=[edition.pk]) in html


def test_the_article_list_names_people_and_goes_by_edition_date(client, staff, edition, pages):
    staff["reporter"].first_name = "李记者"
    staff["reporter"].save()
    article_by(staff["reporter"], page=pages[0])
    login(client, staff["editor"])
    response = client.get(reverse("admin:articles_article_changelist"))
    html = response.content.decode()
    assert "李记者" in html and ">reporter<" not in html
    assert response.context["cl"].date_hierarchy == "edition__date"
    response = client.get(
        reverse("admin:articles_article_changelist") + "?edition__date__year=2024"
    )
    assert response.status_code == 200 and "李记者" in response.content.decode()


# --- item 8: Chinese throughout, one role control ------------------------------------------


@pytest.fixture
def boss(client, django_user_model):
    user = django_user_model.objects.create_superuser("boss", "b@example.com", "pw")
    client.force_login(user)
    return user


def test_giving_a_role_is_one_choice_and_makes_the_user_staff(client, boss, django_user_model):
    user = django_user_model.objects.create_user("newcomer", password="pw")
    url = reverse("admin:auth_user_change", args=[user.pk])
    form = client.get(url).context["adminform"].form
    assert "role" in form.fields and "groups" not in form.fields
    data = {
        "username": "newcomer",
        "first_name": "小",
        "last_name": "王",
        "email": "",
        "is_active": "on",
        "role": "编辑",
        "last_login_0": "",
        "last_login_1": "",
        "date_joined_0": "2024-04-01",
        "date_joined_1": "08:00:00",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    user.refresh_from_db()
    assert user.is_staff
    assert list(user.groups.values_list("name", flat=True)) == ["编辑"]
    data["role"] = "值班总编"
    client.post(url, data)
    assert list(user.groups.values_list("name", flat=True)) == ["值班总编"]


def test_a_new_user_gets_a_role_when_created(client, boss, django_user_model):
    response = client.post(
        reverse("admin:auth_user_add"),
        {
            "username": "reporter2",
            "usable_password": "true",
            "password1": "a-Long-pass-9876",
            "password2": "a-Long-pass-9876",
            "role": "记者",
        },
    )
    assert response.status_code == 302
    user = django_user_model.objects.get(username="reporter2")
    assert user.is_staff and user.groups.get().name == "记者"


def test_permission_names_and_the_user_admin_are_in_chinese(client, boss):
    html = client.get(reverse("admin:auth_user_change", args=[boss.pk])).content.decode()
    assert "可以添加稿件" in html and "Can add article" not in html
    assert "稿件 | 稿件 | 可以提交稿件审核" in html
    group = Group.objects.get(name="编辑")
    html = client.get(reverse("admin:auth_group_change", args=[group.pk])).content.decode()
    assert "可以修改版面" in html and "Can change" not in html


def test_the_admins_screen_reader_headers_are_in_chinese(client, boss):
    html = client.get(reverse("admin:index")).content.decode()
    for english in ["Model name", "Add link", "Change or view list link"]:
        assert english not in html
    assert "模型名称" in html


def test_a_reporter_is_told_of_a_colleagues_headline_without_a_link(client, staff, edition):
    article_by(staff["other"], title="同一个标题", edition=edition)
    login(client, staff["reporter"])
    url = reverse("admin:articles_article_title_check")
    matches = client.get(url, {"title": "同一个标题", "edition": edition.pk}).json()["matches"]
    assert matches == [{"title": "同一个标题", "edition": "2024-04-02", "url": ""}]


def test_the_desk_names_the_authors(client, staff, edition, pages):
    staff["reporter"].first_name = "李记者"
    staff["reporter"].save()
    article_by(staff["reporter"], page=pages[0])
    login(client, staff["editor"])
    html = client.get(reverse("admin:articles_article_desk") + "?date=2024-04-02").content.decode()
    assert "<td>李记者</td>" in html


def test_an_edition_links_to_its_desk_and_page_plan(client, staff, edition):
    login(client, staff["editor"])
    html = client.get(reverse("admin:editions_edition_change", args=[edition.pk])).content.decode()
    assert reverse("admin:articles_article_plan", args=[edition.pk]) in html
    assert reverse("admin:articles_article_desk") + "?date=2024-04-02" in html
