"""Chinese full-text search: the tokeniser, finding, ranking, filters, and an index that
follows every change. Runs the same on SQLite (FTS5) and PostgreSQL (GIN tsvector)."""

import datetime
import io
import re
from unittest import mock

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from articles import search
from articles.models import Article, ArticleAuthor, ArticleImage, Author, SearchDocument
from articles.search import index as indexing

from .factories import (
    ArticleFactory,
    AuthorFactory,
    EditionFactory,
    PageFactory,
    PublicationFactory,
    SectionFactory,
)
from .helpers import DEMO_BUNDLE

pytestmark = pytest.mark.django_db

SPORTS = (
    "2024中国·吉林(辽源)体育产业交流活动暨第27站“资源共享·供需对接”中体联公益系列活动"
    "体育资源对接大会在辽源成功举办"
)


def found(client, query: str, **params) -> list[str]:
    """The headlines the search page lists for ``query``, in order."""
    response = client.get("/search/", {"q": query, **params})
    assert response.status_code == 200, response.status_code
    return [result.article.headline for result in response.context["results"]]


def text_of(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


# --- the tokeniser ----------------------------------------------------------------------


def test_chinese_runs_become_overlapping_bigrams_then_single_characters():
    assert search.tokenize("吉林省") == ["吉林", "林省", "吉", "林", "省"]


def test_a_lone_chinese_character_is_its_own_token():
    assert search.tokenize("碳,") == ["碳"]


def test_latin_words_and_numbers_are_lower_cased_words():
    assert search.tokenize("T800、T1000级 2024年") == ["t800", "t1000", "级", "2024", "年"]


def test_full_width_letters_and_digits_are_folded():
    assert search.tokenize("ＴＶ２０２４") == ["tv2024"]


def test_a_whole_page_tokenises_as_its_runs_bigrams_then_their_characters():
    """The inlined tokeniser against its definition, on the demo bundle's text: each run's
    bigrams (a lone character for itself) in reading order, then the longer runs' characters;
    words over the length limit left out."""
    from articles.search.tokens import MAX_WORD_LENGTH, _runs, bigrams
    from newspaper.synthetic.words import DEMO_BUNDLE

    page = DEMO_BUNDLE.read_text(encoding="utf-8")
    text = page + " ｘ" + "y" * (MAX_WORD_LENGTH + 1) + " 碳 T800"
    runs = list(_runs(text))
    expected = [t for kind, run in runs for t in (bigrams(run) if kind == "cjk" else [run])]
    expected += [c for kind, run in runs if kind == "cjk" and len(run) > 1 for c in run]
    assert search.tokenize(text) == expected
    assert "y" * (MAX_WORD_LENGTH + 1) not in expected


def test_query_runs_become_phrases_of_their_bigrams():
    query = search.parse_query("新质生产力 T800 碳 2024年")
    assert query.clauses == (
        ("新质", "质生", "生产", "产力"),
        ("t800",),
        ("碳",),
        ("2024",),
        ("年",),
    )


def test_query_of_punctuation_only_is_empty():
    assert not search.parse_query("“”,。!?")


def test_query_with_too_many_words_is_refused():
    with pytest.raises(search.QueryTooComplex):
        search.parse_query(" ".join(f"w{n}" for n in range(search.MAX_CLAUSES + 1)))


def test_highlight_keeps_the_original_characters_and_escapes_html():
    query = search.parse_query("t800 ab")
    assert (
        str(search.highlight("ＡＢ<T800>", query)) == "<mark>ＡＢ</mark>&lt;<mark>T800</mark>&gt;"
    )


def test_a_latin_word_or_number_is_only_marked_whole():
    """T800 is indexed whole: 1800 and T1000 are not partly marked."""
    query = search.parse_query("T800")
    assert str(search.highlight("型号1800与T1000", query)) == "型号1800与T1000"
    assert str(search.highlight("T800级", query)) == "<mark>T800</mark>级"


def test_a_chinese_run_found_apart_is_marked_by_its_bigrams():
    query = search.parse_query("新质生产力")
    assert str(search.highlight("新质的生产力", query)) == (
        "<mark>新质</mark>的<mark>生产力</mark>"
    )


# --- the demo: done means -----------------------------------------------------------------


def test_two_character_query_finds_the_articles_that_name_it(client, demo):
    """吉林 is in the lead story (kicker and body) and in the sports story's title; both
    match in the headline, so which ranks first is the database's call."""
    assert set(found(client, "吉林")) == {"动能澎湃向“新”行", SPORTS}


def test_results_are_highlighted(client, demo):
    html = client.get("/search/", {"q": "吉林"}).content.decode()
    assert '<p class="result__kicker"><mark>吉林</mark>发展新质生产力一线观察</p>' in html
    assert "<mark>吉林</mark>(辽源)体育产业" in html
    assert html.count("<mark>") >= 4


def test_one_character_query_finds_a_word_inside_longer_words(client, demo):
    """碳 stands inside 碳纤维 and 零碳, never alone."""
    results = found(client, "碳")
    assert "动能澎湃向“新”行" in results
    html = client.get("/search/", {"q": "碳"}).content.decode()
    assert "<mark>碳</mark>纤维" in html


def test_latin_and_digits_query_finds_its_article(client, demo):
    assert found(client, "T800") == ["动能澎湃向“新”行"]
    assert found(client, "t800") == ["动能澎湃向“新”行"]
    assert "<mark>T800</mark>、T1000级" in client.get("/search/?q=T800").content.decode()


def test_mixed_query_of_digits_and_chinese(client, demo):
    results = found(client, "2024年")
    assert "2024中国·吉林(辽源)体育产业" in " ".join(results)
    assert len(results) >= 2


def test_long_chinese_query_is_found_as_written(client, demo):
    results = found(client, "新质生产力")
    assert "让新质生产力的底色更鲜明 让高质量发展的引擎更强劲" in results
    assert "动能澎湃向“新”行" in results
    assert "市委常委会召开会议" not in results


def test_a_word_in_the_middle_of_a_sentence_is_found(client, demo):
    """化纤 stands in the middle of 吉林化纤集团有限公司研制的碳纤维."""
    assert found(client, "化纤") == ["动能澎湃向“新”行"]


def test_reporters_named_only_in_the_credits_are_found(client, demo):
    """The second story's byline 徐楠 王彦雨 comes from its credits, not its text."""
    assert "市委常委会召开会议" in found(client, "徐楠")


def test_words_of_a_query_must_all_be_there(client, demo):
    assert found(client, "吉林 T800") == ["动能澎湃向“新”行"]
    assert found(client, "吉林 不存在的词语") == []


def test_a_run_is_not_found_from_its_bigrams_far_apart(client, db):
    """吉林省 is a phrase: 吉林 … 林省 in different places does not match it."""
    ArticleFactory(title="一篇", body="<p>吉林省发布新规。</p>")
    ArticleFactory(title="二篇", body="<p>吉林人在森林省外。</p>")
    assert found(client, "吉林省") == ["一篇"]


# --- ranking --------------------------------------------------------------------------------


def test_a_match_in_the_title_ranks_above_matches_in_the_body(client, db):
    ArticleFactory(title="正文提到", body="<p>碳纤维,碳纤维,还是碳纤维。</p>")
    ArticleFactory(title="碳纤维产业", body="<p>别的事情。</p>")
    ArticleFactory(title="无关", body="<p>无关。</p>")
    assert found(client, "碳纤维") == ["碳纤维产业", "正文提到"]


@pytest.mark.parametrize("field", ["kicker", "subtitle"])
def test_kicker_and_subtitle_rank_above_the_body(client, db, field):
    ArticleFactory(title="正文提到", body="<p>谈到冰雪旅游的事。</p>")
    ArticleFactory(title="标题", body="<p>别的事情。</p>", **{field: "冰雪旅游"})
    ArticleFactory(title="无关", body="<p>无关。</p>")
    assert found(client, "冰雪旅游") == ["标题", "正文提到"]


def test_results_can_be_ordered_newest_first(client, db):
    now = timezone.now()
    ArticleFactory(title="碳旧", publish_at=now - datetime.timedelta(days=3))
    ArticleFactory(title="碳新", publish_at=now - datetime.timedelta(days=1))
    ArticleFactory(title="碳最早", body="<p>碳</p>", publish_at=now - datetime.timedelta(days=9))
    assert found(client, "碳", sort="date") == ["碳新", "碳旧", "碳最早"]


# --- filters and pages ------------------------------------------------------------------------


def test_results_filter_by_section(client, demo):
    assert found(client, "新质生产力", section="pinglun") == [
        "让新质生产力的底色更鲜明 让高质量发展的引擎更强劲"
    ]
    assert found(client, "吉林", section="pinglun") == []


def test_results_filter_by_author(client, demo):
    author = Author.objects.get(name="翟伟")
    assert found(client, "新质生产力", author=author.slug) == ["动能澎湃向“新”行"]


def test_results_filter_by_page_in_print(client, demo):
    """ban=2: stories printed on 第02版, which the lead story jumps to."""
    assert set(found(client, "吉林", ban="2")) == {"动能澎湃向“新”行", SPORTS}
    assert found(client, "新质生产力", ban="3") == []


def test_results_filter_by_date_range(client, demo):
    assert len(found(client, "吉林", start="2024-04-01", end="2024-04-01")) == 2
    assert found(client, "吉林", start="2024-04-02") == []
    assert found(client, "吉林", end="2024-03-31") == []


def test_web_only_articles_are_dated_by_their_local_publish_day(client, db):
    """23:30 in Shanghai on 3 April is 15:30 UTC: the article belongs to 3 April."""
    ArticleFactory(
        title="深夜稿件", publish_at=datetime.datetime(2024, 4, 3, 15, 30, tzinfo=datetime.UTC)
    )
    assert found(client, "深夜", start="2024-04-03", end="2024-04-03") == ["深夜稿件"]
    assert found(client, "深夜", start="2024-04-04") == []


def test_results_paginate_and_keep_the_query(client, db):
    ArticleFactory.create_batch(25, body="<p>冰雪经济</p>")
    first = client.get("/search/", {"q": "冰雪"})
    assert len(first.context["results"]) == 20
    html = first.content.decode()
    assert 'rel="next" href="?q=%E5%86%B0%E9%9B%AA&amp;page=2"' in html
    second = client.get("/search/?q=%E5%86%B0%E9%9B%AA&page=2")
    assert len(second.context["results"]) == 5
    assert client.get("/search/?q=%E5%86%B0%E9%9B%AA&page=3").status_code == 404


def test_search_url_is_cleaned_of_empty_and_unknown_parameters(client, db):
    response = client.get("/search/?section=&utm_source=x&q=%E7%A2%B3&start=")
    assert response.status_code == 302
    assert response["Location"] == "/search/?q=%E7%A2%B3"


def test_empty_search_page_shows_the_form_only(client, db):
    response = client.get("/search/")
    assert response.status_code == 200
    assert response.context["results"] == []
    assert 'name="q"' in response.content.decode()


def test_search_results_are_not_indexed_by_search_engines(client, db):
    assert (
        '<meta name="robots" content="noindex, follow">' in client.get("/search/").content.decode()
    )


def test_a_query_of_punctuation_asks_for_words(client, db):
    response = client.get("/search/", {"q": "。。。"})
    assert response.status_code == 200
    assert "请输入" in response.content.decode()


def test_every_page_has_a_search_box(client, demo):
    for url in ["/", "/editions/", "/articles/"]:
        assert 'action="/search/"' in client.get(url).content.decode(), url


@pytest.mark.parametrize(
    "query",
    [
        "q=" + "长" * 101,
        "q=%00",
        "q=" + "+".join(f"w{n}" for n in range(20)),
        "q=%E7%A2%B3&start=2024-13-01",
        "q=%E7%A2%B3&start=20240401",
        "q=%E7%A2%B3&end=0000-01-01",
        "q=%E7%A2%B3&start=2024-04-02&end=2024-04-01",
        "q=%E7%A2%B3&section=no-such-section",
        "q=%E7%A2%B3&author=no-such-author",
        "q=%E7%A2%B3&genre=nonsense",
        "q=%E7%A2%B3&ban=0",
        "q=%E7%A2%B3&ban=100",
        "q=%E7%A2%B3&ban=1.5",
        "q=%E7%A2%B3&ban=abc",
        "q=%E7%A2%B3&sort=oldest",
    ],
)
def test_malformed_search_input_is_a_form_error_not_a_500(client, demo, query):
    response = client.get(f"/search/?{query}", follow=True)
    assert response.status_code == 400
    assert 'class="form-error"' in response.content.decode()


@pytest.mark.parametrize("query", ["?page=abc", "?page=0", "?page=99999999999999999999"])
def test_malformed_page_numbers_of_results_are_404(client, demo, query):
    assert client.get(f"/search/?q=%E5%90%89%E6%9E%97&{query[1:]}").status_code == 404


# --- only public articles -------------------------------------------------------------------


@pytest.fixture
def page(db):
    return PageFactory(edition=EditionFactory(date=datetime.date(2024, 4, 1)), number=1)


@pytest.mark.parametrize("trait", ["draft", "withdrawn", "scheduled"])
def test_hidden_articles_are_never_found(client, page, trait):
    ArticleFactory(title="冰雪可见", page=page)
    ArticleFactory(title="冰雪隐藏", page=page, **{trait: True})
    assert found(client, "冰雪") == ["冰雪可见"]


def test_articles_of_a_scheduled_edition_are_not_found_until_it_appears(client, db):
    edition = EditionFactory(scheduled=True)
    ArticleFactory(title="冰雪明天", page=PageFactory(edition=edition, number=1))
    assert found(client, "冰雪") == []
    later = timezone.now() + datetime.timedelta(hours=3)
    with time_machine.travel(later, tick=False):
        assert found(client, "冰雪") == ["冰雪明天"]


def test_articles_of_another_publication_are_not_found(client, db):
    other = EditionFactory(publication=PublicationFactory(slug="other", name="别的报纸"))
    ArticleFactory(title="冰雪别家", page=PageFactory(edition=other, number=1))
    assert found(client, "冰雪") == []


# --- the index follows every change ---------------------------------------------------------


def test_the_index_follows_an_edit(client, db):
    article = ArticleFactory(title="冰雪旅游")
    article.title = "避暑旅游"
    article.save()
    assert found(client, "冰雪") == []
    assert found(client, "避暑") == ["避暑旅游"]


def test_a_new_credit_and_a_renamed_author_are_found(client, db):
    article = ArticleFactory(title="一篇报道")
    author = AuthorFactory(name="张三丰")
    ArticleAuthor.objects.create(article=article, author=author, role="记者", position=1)
    assert found(client, "张三丰") == ["一篇报道"]
    author.name = "李四光"
    author.save()
    assert found(client, "李四光") == ["一篇报道"]
    assert found(client, "张三丰") == []


def test_image_captions_are_found_and_forgotten_with_the_image(client, db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    article = ArticleFactory(title="图片新闻")
    gif = (
        b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00"
        b"\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
    )
    image = ArticleImage.objects.create(
        article=article, image=SimpleUploadedFile("a.gif", gif), caption="雾凇奇观"
    )
    assert found(client, "雾凇") == ["图片新闻"]
    image.delete()
    assert found(client, "雾凇") == []


def test_deleting_an_article_deletes_its_document_cleanly(client, db):
    article = ArticleFactory(title="冰雪删除", with_author="王五")
    assert SearchDocument.objects.filter(article=article).exists()
    article.delete()
    connection.check_constraints()
    assert not SearchDocument.objects.exists()
    assert found(client, "冰雪") == []


def test_an_article_whose_deletion_failed_is_indexed_again_on_its_next_save(client, db):
    article = ArticleFactory(title="冰雪")
    search.article_deleting(article.pk)  # as if a delete had begun and then failed
    article.title = "避暑"
    article.save()
    assert found(client, "避暑") == ["避暑"]


def test_an_import_indexes_every_article_once(db):
    """One batch at the end of the import, not one re-index per row it writes."""
    with mock.patch.object(indexing, "index_articles", wraps=indexing.index_articles) as spy:
        call_command("import_edition", str(DEMO_BUNDLE), verbosity=0)
    assert spy.call_count == 1
    assert len(spy.call_args.args[0]) == 5
    assert SearchDocument.objects.count() == Article.objects.count() == 5


def test_a_replacing_import_leaves_one_document_per_article(client, demo):
    call_command("import_edition", str(DEMO_BUNDLE), replace=True, verbosity=0)
    connection.check_constraints()
    assert set(SearchDocument.objects.values_list("article_id", flat=True)) == set(
        Article.objects.values_list("id", flat=True)
    )
    assert found(client, "T800") == ["动能澎湃向“新”行"]


def test_an_import_that_fails_while_writing_leaves_the_index_as_it_was(demo):
    """Articles already written when the failure comes are rolled back and never indexed."""
    from articles.models import Placement

    with (
        mock.patch.object(indexing, "index_articles", wraps=indexing.index_articles) as spy,
        mock.patch.object(Placement.objects, "create", side_effect=RuntimeError("disk full")),
        pytest.raises(RuntimeError),
    ):
        call_command("import_edition", str(DEMO_BUNDLE), replace=True, verbosity=0)
    assert spy.call_count == 0
    assert SearchDocument.objects.count() == Article.objects.count() == 5


def test_rebuild_command_restores_the_index_with_a_progress_bar(client, demo, capsys):
    SearchDocument.objects.all().delete()  # a bulk delete: no signals
    assert found(client, "吉林") == []
    out = io.StringIO()
    call_command("rebuild_search_index", stdout=out)
    assert "Indexed 5 articles." in out.getvalue()
    assert "5/5" in capsys.readouterr().err
    assert len(found(client, "吉林")) == 2


def test_rebuild_drops_documents_whose_article_is_gone(db):
    ArticleFactory(title="冰雪")
    Article.objects.all()._raw_delete(Article.objects.db)  # behind the ORM's back
    call_command("rebuild_search_index", verbosity=0)
    assert not SearchDocument.objects.exists()


def test_the_database_index_structures_exist():
    """SQLite: the FTS5 table and its three triggers; PostgreSQL: the GIN index."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')")
            names = {row[0] for row in cursor.fetchall()}
            assert {
                search.FTS_TABLE,
                "articles_searchdocument_ai",
                "articles_searchdocument_ad",
                "articles_searchdocument_au",
            } <= names
        else:
            cursor.execute(
                "SELECT indexdef FROM pg_indexes WHERE indexname = %s", [search.POSTGRESQL_INDEX]
            )
            assert "USING gin (vector)" in cursor.fetchone()[0]


def test_section_filter_uses_a_section_of_the_paper(client, db):
    SectionFactory(name="体育")
    ArticleFactory(title="冰雪体育", section=SectionFactory(name="体育"))
    ArticleFactory(title="冰雪要闻")
    assert found(client, "冰雪", section="tiyu") == ["冰雪体育"]


def test_saves_that_change_no_indexed_text_do_not_reindex(db, django_user_model):
    """A workflow step or an author's new role leaves the search documents alone."""
    from articles import workflow
    from articles.models import ArticleAuthor, Author

    article = ArticleFactory(title="不必重建索引", status="draft")
    author = Author.objects.create(name="王彦雨", role="记者")
    ArticleAuthor.objects.create(article=article, author=author, role="记者", position=1)
    chief = django_user_model.objects.create_superuser("chief", "c@example.com", "pw")
    with mock.patch.object(indexing, "index_articles", wraps=indexing.index_articles) as spy:
        workflow.article_submit(article=article, user=chief)
        author.role = "通讯员"
        author.save()
        assert spy.call_count == 0
        author.name = "王 彦雨"
        author.save()
        assert spy.call_count == 1


def test_an_admin_save_with_its_inlines_reindexes_once(client, demo, django_user_model):
    from django.urls import reverse

    from articles.models import Article

    from .test_admin import article_form_data

    client.force_login(django_user_model.objects.create_superuser("ed", "e@example.com", "pw"))
    article = Article.objects.get(title__contains="动能澎湃")  # three credited authors
    url = reverse("admin:articles_article_change", args=[article.pk])
    with mock.patch.object(indexing, "index_articles", wraps=indexing.index_articles) as spy:
        response = client.post(url, article_form_data(article, subtitle="新副题"))
    assert response.status_code == 302
    assert spy.call_count == 1
    assert "新副题" in client.get("/search/?q=新副题").content.decode()
