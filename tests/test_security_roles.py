"""The role × action matrix, with crafted POSTs (issue 13, item 18). Marked ``security``.

Every newsroom role — reporter (the article's author), another reporter, editor, duty chief
editor, staff with no role, and an anonymous visitor — sends the POST of every newsroom
action, whether or not a button is shown to them; the state changes only where the role
may act. A second pass sends each allowed POST without its CSRF token: always refused.
"""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, ArticleStatus, Correction
from editions.models import Edition

from .factories import ArticleFactory, EditionFactory, PageFactory
from .security_report import record

pytestmark = [pytest.mark.security, pytest.mark.django_db]

ROLES = ["reporter", "other", "editor", "chief", "nobody", "anonymous"]


@pytest.fixture
def people(staff):
    """Every kind of visitor: the newsroom's staff and someone not logged in."""
    return {**staff, "anonymous": None}


def article(owner, status) -> Article:
    made = ArticleFactory(status=status, publish_at=None)
    Article.objects.filter(pk=made.pk).update(created_by=owner)
    made.refresh_from_db()
    return made


def transition(name, status):
    def act(people):
        target = article(people["reporter"], status)
        url = reverse("admin:articles_article_transition", args=[target.pk, name])
        data = {"comment": "请补充", "reason": "有误"}
        return url, data, lambda: Article.objects.get(pk=target.pk).status != status

    return act


def sign_off(people):
    edition = EditionFactory(draft=True)
    page = PageFactory(edition=edition, number=1)
    target = article(people["reporter"], ArticleStatus.APPROVED)
    Article.objects.filter(pk=target.pk).update(edition=edition)
    from articles.models import Placement

    Placement.objects.create(article=target, page=page, position=1)
    url = reverse("admin:articles_article_sign_off", args=[edition.pk])
    return url, {}, lambda: Edition.objects.get(pk=edition.pk).status == "published"


def reschedule(people):
    edition = EditionFactory(scheduled=True)
    before = edition.publish_at
    past = timezone.localtime(timezone.now() - datetime.timedelta(days=2))
    url = reverse("admin:editions_edition_change", args=[edition.pk])
    data = {
        "publication": edition.publication_id,
        "date": edition.date.isoformat(),
        "number": edition.number,
        "publish_at_0": past.strftime("%Y-%m-%d"),
        "publish_at_1": past.strftime("%H:%M:%S"),
        "pages-TOTAL_FORMS": "0",
        "pages-INITIAL_FORMS": "0",
        "pages-MIN_NUM_FORMS": "0",
        "pages-MAX_NUM_FORMS": "1000",
    }
    return url, data, lambda: Edition.objects.get(pk=edition.pk).publish_at != before


def revoke(people):
    target = article(people["reporter"], ArticleStatus.DRAFT)
    url = reverse("admin:articles_article_revoke_previews", args=[target.pk])
    return url, {}, lambda: Article.objects.get(pk=target.pk).preview_version > 0


def correct(people):
    target = article(people["reporter"], ArticleStatus.PUBLISHED)
    Article.objects.filter(pk=target.pk).update(publish_at=timezone.now())
    url = reverse("admin:articles_correction_add")
    data = {"article": target.pk, "text": "更正", "date": "2024-07-03"}
    return url, data, lambda: Correction.objects.filter(article=target).exists()


ACTIONS = {
    "submit": transition("submit", ArticleStatus.DRAFT),
    "approve": transition("approve", ArticleStatus.SUBMITTED),
    "return": transition("return", ArticleStatus.SUBMITTED),
    "publish": transition("publish", ArticleStatus.APPROVED),
    "withdraw": transition("withdraw", ArticleStatus.PUBLISHED),
    "sign off edition": sign_off,
    "move edition time": reschedule,
    "revoke previews": revoke,
    "add correction": correct,
}
ALLOWED = {
    "submit": {"reporter", "editor", "chief"},
    "approve": {"editor", "chief"},
    "return": {"editor", "chief"},
    "publish": {"chief"},
    "withdraw": {"chief"},
    "sign off edition": {"chief"},
    "move edition time": {"chief"},
    "revoke previews": {"reporter", "editor", "chief"},
    "add correction": {"editor", "chief"},
}


def client_for(user, csrf: bool) -> Client:
    client = Client(enforce_csrf_checks=not csrf, raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    return client


def test_every_role_against_every_action_with_crafted_posts(people):
    """Allowed roles change the state; everyone else changes nothing (and gets no 500)."""
    wrong = []
    attempts = 0
    for action, setup in ACTIONS.items():
        for role in ROLES:
            url, data, changed = setup(people)
            response = client_for(people[role], csrf=True).post(url, data)
            attempts += 1
            expected = role in ALLOWED[action]
            if response.status_code >= 500 or changed() != expected:
                wrong.append((action, role, response.status_code, changed()))
            # Clean up between roles: a fresh fixture row per attempt keeps them independent.
    record("role × action matrix (crafted POSTs)", attempts, len(wrong))
    assert not wrong, wrong


def test_every_allowed_post_without_its_csrf_token_is_refused(people):
    """The chief's (and others') allowed POSTs, sent without a CSRF token: 403, no change."""
    wrong = []
    attempts = 0
    for action, setup in ACTIONS.items():
        for role in sorted(ALLOWED[action]):
            url, data, changed = setup(people)
            response = client_for(people[role], csrf=False).post(url, data)
            attempts += 1
            if response.status_code != 403 or changed():
                wrong.append((action, role, response.status_code))
    record("crafted POSTs without CSRF token", attempts, len(wrong))
    assert not wrong, wrong
