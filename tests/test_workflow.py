"""The newsroom workflow: roles, states, sign-off, scheduling, previews, revisions,
corrections, the audit log and no lost edits."""

import datetime
import re

import feedparser
import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from articles import workflow
from articles.bundles.export import edition_bundle_document
from articles.models import Article, ArticleStatus, AuditAction, AuditEntry, Correction
from articles.previews import make_token, preview_url
from articles.revisions import article_versions
from editions.models import Edition

from .factories import EditionFactory, PageFactory
from .helpers import article_by, login
from .test_admin import article_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def edition(db):
    return EditionFactory(date=datetime.date(2024, 4, 2), draft=True)


@pytest.fixture
def page(edition):
    return PageFactory(edition=edition, number=1)


def test_migration_creates_the_three_roles():
    assert set(Group.objects.values_list("name", flat=True)) >= {"记者", "编辑", "值班总编"}


# --- every role against every action, in the services ------------------------------------

ACTIONS = {
    "submit": lambda a, u: workflow.article_submit(article=a, user=u),
    "approve": lambda a, u: workflow.article_approve(article=a, user=u),
    "return": lambda a, u: workflow.article_return(article=a, user=u, comment="请补充数据"),
    "publish": lambda a, u: workflow.article_publish(article=a, user=u),
    "withdraw": lambda a, u: workflow.article_withdraw(article=a, user=u),
}
START = {
    "submit": ArticleStatus.DRAFT,
    "approve": ArticleStatus.SUBMITTED,
    "return": ArticleStatus.SUBMITTED,
    "publish": ArticleStatus.APPROVED,
    "withdraw": ArticleStatus.PUBLISHED,
}
ALLOWED = {
    # (role, action): may they?  The article belongs to "reporter".
    ("reporter", "submit"): True,
    ("other", "submit"): False,
    ("editor", "submit"): True,
    ("chief", "submit"): True,
    ("reporter", "approve"): False,
    ("editor", "approve"): True,
    ("chief", "approve"): True,
    ("reporter", "return"): False,
    ("editor", "return"): True,
    ("chief", "return"): True,
    ("reporter", "publish"): False,
    ("editor", "publish"): False,
    ("chief", "publish"): True,
    ("reporter", "withdraw"): False,
    ("editor", "withdraw"): False,
    ("chief", "withdraw"): True,
}


@pytest.mark.parametrize(("role", "action"), list(ALLOWED))
def test_each_role_may_do_exactly_its_job_in_the_services(staff, role, action):
    article = article_by(staff["reporter"], status=START[action])
    run = ACTIONS[action]
    if ALLOWED[(role, action)]:
        run(article, staff[role])
        article.refresh_from_db()
        assert article.status != START[action]
    else:
        with pytest.raises(PermissionDenied):
            run(article, staff[role])
        article.refresh_from_db()
        assert article.status == START[action]


@pytest.mark.parametrize(("role", "action"), list(ALLOWED))
def test_each_role_may_do_exactly_its_job_through_the_admin(client, staff, role, action):
    """The POST a button would send, sent whether or not the button is shown."""
    article = article_by(staff["reporter"], status=START[action])
    login(client, staff[role])
    url = reverse("admin:articles_article_transition", args=[article.pk, action])
    response = client.post(url, {"comment": "请补充数据"})
    article.refresh_from_db()
    if ALLOWED[(role, action)]:
        assert response.status_code == 302
        assert article.status != START[action]
    else:
        assert response.status_code == 403
        assert article.status == START[action]


@pytest.mark.parametrize(
    ("role", "status", "may_edit", "answer"),
    [
        ("reporter", ArticleStatus.DRAFT, True, 302),
        ("reporter", ArticleStatus.RETURNED, True, 302),
        ("reporter", ArticleStatus.SUBMITTED, False, 403),
        ("reporter", ArticleStatus.PUBLISHED, False, 403),
        # Someone else's article is not in a reporter's newsroom at all: sent back.
        ("other", ArticleStatus.DRAFT, False, 302),
        ("editor", ArticleStatus.SUBMITTED, True, 302),
        ("editor", ArticleStatus.APPROVED, True, 302),
        ("editor", ArticleStatus.PUBLISHED, False, 403),
        ("chief", ArticleStatus.PUBLISHED, True, 302),
    ],
)
def test_who_may_change_an_articles_copy(client, staff, role, status, may_edit, answer):
    """The change form's POST saves exactly when the rule allows; otherwise it is refused."""
    article = article_by(staff["reporter"], status=status)
    login(client, staff[role])
    url = reverse("admin:articles_article_change", args=[article.pk])
    response = client.post(url, article_form_data(article, title="改过的标题"))
    assert response.status_code == answer
    if answer == 302 and not may_edit:
        assert response["Location"] == reverse("admin:index")
    article.refresh_from_db()
    assert (article.title == "改过的标题") is may_edit


def test_a_reporter_sees_only_their_own_articles(client, staff):
    mine = article_by(staff["reporter"], title="我的稿件")
    theirs = article_by(staff["other"], title="别人的稿件")
    login(client, staff["reporter"])
    html = client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert "我的稿件" in html and "别人的稿件" not in html
    elsewhere = client.get(reverse("admin:articles_article_change", args=[theirs.pk]))
    assert elsewhere.status_code == 302 and elsewhere["Location"] == reverse("admin:index")
    assert client.get(reverse("admin:articles_article_change", args=[mine.pk])).status_code == 200


def test_a_crafted_status_in_the_change_form_is_ignored(client, staff):
    article = article_by(staff["reporter"])
    login(client, staff["reporter"])
    data = article_form_data(article, status="published")
    client.post(reverse("admin:articles_article_change", args=[article.pk]), data)
    article.refresh_from_db()
    assert article.status == ArticleStatus.DRAFT


def test_a_crafted_bulk_publish_by_a_reporter_does_nothing(client, staff):
    article = article_by(staff["reporter"], status=ArticleStatus.APPROVED)
    login(client, staff["reporter"])
    client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish_selected", "_selected_action": [article.pk]},
    )
    article.refresh_from_db()
    assert article.status == ArticleStatus.APPROVED


def test_bulk_approve_and_sign_off_by_the_right_roles(client, staff):
    articles = [article_by(staff["reporter"], status=ArticleStatus.SUBMITTED) for _ in range(3)]
    ids = [a.pk for a in articles]
    login(client, staff["editor"])
    changelist = reverse("admin:articles_article_changelist")
    client.post(changelist, {"action": "approve_selected", "_selected_action": ids})
    assert set(Article.objects.filter(pk__in=ids).values_list("status", flat=True)) == {"approved"}
    client.post(changelist, {"action": "publish_selected", "_selected_action": ids})
    assert set(Article.objects.filter(pk__in=ids).values_list("status", flat=True)) == {"approved"}
    login(client, staff["chief"])
    client.post(changelist, {"action": "publish_selected", "_selected_action": ids})
    assert set(Article.objects.filter(pk__in=ids).values_list("status", flat=True)) == {"published"}


def test_returning_needs_a_comment_that_the_author_then_sees(client, staff):
    article = article_by(staff["reporter"], status=ArticleStatus.SUBMITTED)
    with pytest.raises(workflow.WorkflowError):
        workflow.article_return(article=article, user=staff["editor"], comment=" ")
    workflow.article_return(article=article, user=staff["editor"], comment="导语太长")
    login(client, staff["reporter"])
    html = client.get(reverse("admin:articles_article_change", args=[article.pk])).content
    assert "导语太长" in html.decode()
    assert "导语太长" in client.get(reverse("admin:articles_article_mine")).content.decode()
    workflow.article_submit(article=article, user=staff["reporter"])
    article.refresh_from_db()
    assert article.review_note == ""


def test_a_transition_out_of_order_is_refused(staff):
    article = article_by(staff["reporter"], status=ArticleStatus.DRAFT)
    with pytest.raises(workflow.WorkflowError):
        workflow.article_publish(article=article, user=staff["chief"])


def test_each_transition_records_who_and_when(staff):
    """Each step's entry names its actor and the moment it was taken."""
    article = article_by(staff["reporter"])
    start = timezone.now().replace(microsecond=0)
    moments = [start + datetime.timedelta(minutes=n) for n in (1, 2, 3, 4)]
    with time_machine.travel(moments[0], tick=False) as traveller:
        workflow.article_submit(article=article, user=staff["reporter"])
        traveller.move_to(moments[1])
        workflow.article_approve(article=article, user=staff["editor"])
        traveller.move_to(moments[2])
        workflow.article_publish(article=article, user=staff["chief"])
        traveller.move_to(moments[3])
        workflow.article_withdraw(article=article, user=staff["chief"], reason="事实有误")
    entries = list(
        AuditEntry.objects.filter(
            target_type="articles.article", target_id=str(article.pk)
        ).order_by("timestamp", "id")
    )
    assert [(e.action, e.actor.username) for e in entries] == [
        ("submit", "reporter"),
        ("approve", "editor"),
        ("publish", "chief"),
        ("withdraw", "chief"),
    ]
    assert entries[-1].message == "事实有误"
    assert [e.timestamp for e in entries] == moments


# --- edition sign-off and scheduling ----------------------------------------------------


def test_sign_off_lists_what_blocks_it(staff, edition, page):
    PageFactory(edition=edition, number=2)
    article_by(staff["reporter"], status=ArticleStatus.SUBMITTED, page=page, title="待审稿件")
    blockers = workflow.edition_sign_off_blockers(edition=edition)
    assert any("第02版" in b for b in blockers)
    assert any("待审稿件" in b for b in blockers)
    with pytest.raises(workflow.WorkflowError):
        workflow.edition_sign_off(edition=edition, user=staff["chief"])
    edition.refresh_from_db()
    assert edition.status == "draft"


def test_signing_off_an_edition_puts_its_approved_articles_live_together(
    client, staff, edition, page
):
    first = article_by(staff["reporter"], status=ArticleStatus.APPROVED, page=page, title="甲")
    second = article_by(staff["reporter"], status=ArticleStatus.APPROVED, page=page, title="乙")
    assert not Article.objects.public().exists()
    with pytest.raises(PermissionDenied):
        workflow.edition_sign_off(edition=edition, user=staff["editor"])
    workflow.edition_sign_off(edition=edition, user=staff["chief"])
    assert set(Article.objects.public()) == {first, second}
    assert Edition.objects.public().get() == edition
    assert AuditEntry.objects.filter(action=AuditAction.SIGN_OFF).count() == 1


def test_sign_off_with_a_future_time_schedules_the_whole_paper(client, staff, edition, page):
    article_by(staff["reporter"], status=ArticleStatus.APPROVED, page=page, title="明早见报")
    later = timezone.now() + datetime.timedelta(hours=6)
    login(client, staff["chief"])
    client.post(
        reverse("admin:articles_article_sign_off", args=[edition.pk]),
        {"publish_at": timezone.localtime(later).strftime("%Y-%m-%d %H:%M")},
    )
    edition.refresh_from_db()
    assert edition.status == "published"
    assert not Article.objects.public().exists()
    scheduled = client.get(reverse("admin:articles_article_scheduled")).content.decode()
    assert str(edition) in scheduled
    with time_machine.travel(later + datetime.timedelta(1), tick=False):
        assert Article.objects.public().count() == 1
        assert "明早见报" in client.get("/").content.decode()


def test_desk_shows_the_edition_page_by_page_with_states(client, staff, edition, page):
    article_by(staff["reporter"], status=ArticleStatus.SUBMITTED, page=page, title="头版头条")
    login(client, staff["chief"])
    html = client.get(reverse("admin:articles_article_desk") + "?date=2024-04-02").content
    html = html.decode()
    assert "第01版" in html and "头版头条" in html and "待审" in html
    assert "sign-off-blockers" in html
    assert (
        client.get(reverse("admin:articles_article_desk") + "?date=2024-99-99").status_code == 200
    )


def test_a_scheduled_article_is_listed_with_its_time(client, staff):
    later = timezone.now() + datetime.timedelta(days=1)
    article = article_by(staff["reporter"], status=ArticleStatus.PUBLISHED, title="明天发")
    Article.objects.filter(pk=article.pk).update(publish_at=later)
    Article.objects.filter(pk=article.pk).sync_published_at()  # as every writer does
    login(client, staff["editor"])
    html = client.get(reverse("admin:articles_article_scheduled")).content.decode()
    assert "明天发" in html
    assert timezone.localtime(later).strftime("%Y-%m-%d %H:%M") in html


# --- previews -------------------------------------------------------------------------------


def test_staff_preview_shows_a_draft_as_readers_will_uncached_and_unindexed(client, staff):
    article = article_by(staff["reporter"], title="尚未发布")
    assert client.get(article.get_absolute_url()).status_code == 404
    url = reverse("previews:article", kwargs={"pk": article.pk})
    assert client.get(url).status_code == 302  # to the login page
    login(client, staff["reporter"])
    response = client.get(url)
    assert response.status_code == 200
    assert "尚未发布" in response.content.decode()
    assert '<meta name="robots" content="noindex, nofollow">' in response.content.decode()
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-cache" in response["Cache-Control"]


def test_a_reporter_cannot_preview_someone_elses_draft(client, staff):
    article = article_by(staff["other"])
    login(client, staff["reporter"])
    assert client.get(reverse("previews:article", kwargs={"pk": article.pk})).status_code == 404


def test_a_signed_link_shows_the_draft_to_someone_without_an_account(client, staff):
    article = article_by(staff["reporter"], title="分享给专家看")
    response = client.get(preview_url(article))
    assert response.status_code == 200
    assert "分享给专家看" in response.content.decode()
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_a_tampered_preview_link_is_not_found(client, staff):
    article = article_by(staff["reporter"])
    token = make_token("article", article.pk)
    assert client.get(f"/preview/{token[:-2]}xx/").status_code == 404
    assert client.get("/preview/not-a-token/").status_code == 404


def test_an_expired_preview_link_is_not_found(client, staff):
    article = article_by(staff["reporter"])
    url = preview_url(article)
    in_eight_days = timezone.now().timestamp() + 8 * 24 * 3600
    with time_machine.travel(in_eight_days, tick=False):
        assert client.get(url).status_code == 404


def test_page_preview_shows_approved_articles_of_an_unpublished_edition(
    client, staff, edition, page
):
    article_by(staff["reporter"], status=ArticleStatus.APPROVED, page=page, title="待签发")
    article_by(staff["reporter"], status=ArticleStatus.DRAFT, page=page, title="还是草稿")
    assert client.get("/editions/2024-04-02/01/").status_code == 404
    login(client, staff["chief"])
    html = client.get(reverse("previews:page", args=["2024-04-02", 1])).content.decode()
    assert "待签发" in html and "还是草稿" not in html


# --- revisions ------------------------------------------------------------------------------


def test_every_save_keeps_a_revision_and_any_can_be_restored(client, staff):
    article = article_by(staff["reporter"], title="第一稿")
    login(client, staff["reporter"])
    url = reverse("admin:articles_article_change", args=[article.pk])
    client.post(url, article_form_data(article, title="第二稿"))
    article.refresh_from_db()
    client.post(url, article_form_data(article, title="第三稿"))
    versions = list(article_versions(article))
    assert len(versions) == 2
    assert [v.field_dict["title"] for v in versions] == ["第三稿", "第二稿"]

    history = client.get(reverse("admin:articles_article_history", args=[article.pk]))
    assert history.status_code == 200
    compare = client.get(
        reverse("admin:articles_article_compare", args=[article.pk]),
        {"a": versions[1].pk, "b": versions[0].pk},
    ).content.decode()
    assert "<del>二</del><ins>三</ins>" in compare

    restore = reverse("admin:articles_article_restore", args=[article.pk, versions[1].pk])
    assert client.get(restore).status_code == 200
    client.post(restore)
    article.refresh_from_db()
    assert article.title == "第二稿"
    assert article.status == ArticleStatus.DRAFT
    assert len(article_versions(article)) == 3  # the restore is itself a revision
    assert AuditEntry.objects.filter(action=AuditAction.RESTORE).count() == 1


def test_transitions_keep_revisions_too(staff):
    article = article_by(staff["reporter"])
    workflow.article_submit(article=article, user=staff["reporter"])
    assert Version.objects.get_for_object(article).count() == 1


def test_restore_keeps_the_workflow_state(client, staff):
    article = article_by(staff["reporter"], title="旧标题")
    login(client, staff["chief"])
    url = reverse("admin:articles_article_change", args=[article.pk])
    client.post(url, article_form_data(article))
    old = article_versions(article).first()
    article.refresh_from_db()
    client.post(url, article_form_data(article, title="新标题"))
    for action in ("submit", "approve", "publish"):
        ACTIONS[action](Article.objects.get(pk=article.pk), staff["chief"])
    client.post(reverse("admin:articles_article_restore", args=[article.pk, old.pk]))
    article.refresh_from_db()
    assert article.title == "旧标题"
    assert article.status == ArticleStatus.PUBLISHED


def test_compare_with_a_bad_revision_id_is_404(client, staff):
    article = article_by(staff["reporter"])
    login(client, staff["reporter"])
    url = reverse("admin:articles_article_compare", args=[article.pk])
    assert client.get(url, {"a": "x", "b": "999999"}).status_code == 404


# --- no lost edits ----------------------------------------------------------------------


def test_the_second_of_two_colliding_saves_is_refused_and_keeps_its_text(client, staff):
    article = article_by(staff["editor"], status=ArticleStatus.SUBMITTED, title="原标题")
    url = reverse("admin:articles_article_change", args=[article.pk])
    opened_by_editor = article_form_data(article)
    opened_by_chief = article_form_data(article)

    staff["editor"].first_name = "王编辑"
    staff["editor"].save()
    login(client, staff["editor"])
    opened_by_editor.update(title="编辑改的标题")
    assert client.post(url, opened_by_editor).status_code == 302

    login(client, staff["chief"])
    opened_by_chief.update(title="总编改的标题", body="<p>总编的一整段新正文。</p>")
    response = client.post(url, opened_by_chief)
    html = response.content.decode()
    assert response.status_code == 200
    assert "王编辑" in html
    saved_at = timezone.localtime(Article.objects.get(pk=article.pk).updated_at)
    assert saved_at.strftime("%Y-%m-%d %H:%M") in html
    assert "总编改的标题" in html and "总编的一整段新正文" in html  # nothing lost
    article.refresh_from_db()
    assert article.title == "编辑改的标题"

    # Having read the message, a deliberate second save goes through.
    version = re.search(r'name="expected_version" value="(\d+)"', html).group(1)
    opened_by_chief["expected_version"] = version
    assert client.post(url, opened_by_chief).status_code == 302
    article.refresh_from_db()
    assert article.title == "总编改的标题"


# --- corrections ------------------------------------------------------------------------


def published_article(staff, **kwargs):
    article = article_by(staff["reporter"], status=ArticleStatus.PUBLISHED, **kwargs)
    Article.objects.filter(pk=article.pk).update(
        publish_at=timezone.now() - datetime.timedelta(hours=3)
    )
    article.refresh_from_db()
    return article


def test_a_correction_shows_on_the_article_and_the_corrections_page(client, staff):
    article = published_article(staff, title="有错的稿件")
    login(client, staff["editor"])
    response = client.post(
        reverse("admin:articles_correction_add"),
        {"article": article.pk, "date": "2024-04-03", "text": "本文第二段中的数字应为7278户。"},
    )
    assert response.status_code == 302
    client.logout()
    assert "本文第二段中的数字应为7278户" in client.get(article.get_absolute_url()).content.decode()
    corrections = client.get(reverse("articles:corrections")).content.decode()
    assert "有错的稿件" in corrections and "7278户" in corrections
    assert AuditEntry.objects.filter(action=AuditAction.CORRECT).count() == 1


def test_a_corrected_item_shows_as_updated_in_the_feeds(client, staff):
    article = published_article(staff, title="将被更正")
    before = feedparser.parse(client.get("/feeds/latest/atom/").content).entries[0].updated_parsed
    later = timezone.now() + datetime.timedelta(hours=2)
    with time_machine.travel(later, tick=False):
        workflow.article_correct(article=article, user=staff["chief"], text="更正内容")
    after = feedparser.parse(client.get("/feeds/latest/atom/").content).entries[0].updated_parsed
    assert after > before


def test_only_published_articles_take_corrections(staff):
    draft = article_by(staff["reporter"])
    with pytest.raises(workflow.WorkflowError):
        workflow.article_correct(article=draft, user=staff["chief"], text="x")
    with pytest.raises(PermissionDenied):
        workflow.article_correct(article=draft, user=staff["reporter"], text="x")
    assert not Correction.objects.exists()


def test_corrections_of_withdrawn_articles_are_not_listed(client, staff):
    article = published_article(staff, title="撤下的稿件")
    workflow.article_correct(article=article, user=staff["chief"], text="更正")
    workflow.article_withdraw(article=article, user=staff["chief"])
    assert "撤下的稿件" not in client.get(reverse("articles:corrections")).content.decode()


# --- audit log and desk views --------------------------------------------------------------


def test_only_the_duty_chief_editor_browses_the_audit_log(client, staff):
    article = article_by(staff["reporter"])
    workflow.article_submit(article=article, user=staff["reporter"])
    url = reverse("admin:articles_auditentry_changelist")
    for role in ("reporter", "editor"):
        login(client, staff[role])
        assert client.get(url).status_code == 403
    login(client, staff["chief"])
    assert client.get(url).status_code == 200
    filtered = client.get(url, {"action__exact": "submit"}).content.decode()
    assert str(article) in filtered


def test_role_changes_are_audited(client, staff, django_user_model):
    admin_user = django_user_model.objects.create_superuser("boss", "b@example.com", "pw")
    login(client, admin_user)
    user = staff["reporter"]
    url = reverse("admin:auth_user_change", args=[user.pk])
    data = {
        "username": user.username,
        "password": user.password,
        "is_active": "on",
        "is_staff": "on",
        "role": "编辑",  # one role control (articles/admin/roles.py)
        "last_login_0": "",
        "last_login_1": "",
        "date_joined_0": "2024-04-01",
        "date_joined_1": "00:00:00",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = AuditEntry.objects.get(action=AuditAction.ROLE_CHANGE, actor=admin_user)
    assert entry.actor == admin_user
    assert "+编辑" in entry.message and "-记者" in entry.message


def test_my_articles_lists_a_reporters_own_with_their_states(client, staff):
    article_by(staff["reporter"], title="我写的", status=ArticleStatus.SUBMITTED)
    article_by(staff["other"], title="他写的")
    login(client, staff["reporter"])
    html = client.get(reverse("admin:articles_article_mine")).content.decode()
    assert "我写的" in html and "待审" in html and "他写的" not in html


def test_bundle_export_turns_workflow_states_into_draft(staff, page):
    article_by(staff["reporter"], status=ArticleStatus.SUBMITTED, page=page)
    document, _ = edition_bundle_document(edition=page.edition)
    assert document["articles"][0]["status"] == "draft"


def test_transition_buttons_post_forms_that_are_not_nested_in_the_change_form(client, staff):
    """Browsers drop a form nested in another, which would leave the button dead."""
    article = article_by(staff["reporter"])
    login(client, staff["reporter"])
    html = client.get(reverse("admin:articles_article_change", args=[article.pk])).content
    html = html.decode()
    main_form_end = html.index("</form>", html.index('id="article_form"'))
    assert html.index('<form id="transition-submit"') > main_form_end
    assert 'form="transition-submit"' in html


def test_view_on_site_leads_to_the_preview_until_the_article_is_public(staff):
    from django.contrib import admin

    model_admin = admin.site._registry[Article]
    draft = article_by(staff["reporter"])
    assert model_admin.view_on_site(draft) == reverse("previews:article", kwargs={"pk": draft.pk})
    live = published_article(staff)
    assert model_admin.view_on_site(live) == live.get_absolute_url()


@pytest.mark.parametrize(("role", "allowed"), [("reporter", False), ("editor", True)])
def test_editors_arrange_editions_and_pages_reporters_do_not(client, staff, role, allowed):
    edition = EditionFactory(date=datetime.date(2024, 5, 1), draft=True)
    login(client, staff[role])
    response = client.post(
        reverse("admin:editions_page_add"), {"edition": edition.pk, "number": 1, "name": "要闻"}
    )
    assert (response.status_code == 302) is allowed
    assert edition.pages.exists() is allowed


@pytest.mark.parametrize(("role", "allowed"), [("editor", False), ("chief", True)])
def test_only_the_chief_signs_off_an_edition_through_the_admin(
    client, staff, edition, page, role, allowed
):
    article_by(staff["reporter"], status=ArticleStatus.APPROVED, page=page)
    login(client, staff[role])
    response = client.post(reverse("admin:articles_article_sign_off", args=[edition.pk]))
    edition.refresh_from_db()
    assert (edition.status == "published") is allowed
    if not allowed:
        assert response.status_code == 403


def test_an_edition_cannot_be_published_by_editing_its_status(client, staff, edition):
    login(client, staff["chief"])
    client.post(
        reverse("admin:editions_edition_change", args=[edition.pk]),
        {
            "publication": edition.publication_id,
            "date": "2024-04-02",
            "number": edition.number,
            "status": "published",
            "publish_at_0": "2024-04-02",
            "publish_at_1": "00:00:00",
            "pages-TOTAL_FORMS": 0,
            "pages-INITIAL_FORMS": 0,
        },
    )
    edition.refresh_from_db()
    assert edition.status == "draft"


def test_robots_keep_crawlers_out_of_previews(client):
    assert "Disallow: /preview/" in client.get("/robots.txt").content.decode()
