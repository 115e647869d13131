"""Upgrading a database that already holds articles, from the first migration to the latest.

The data is written with the historical models of the first migrations (as an old
installation would hold it), then every later migration runs, data migrations included.
"""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

FIRST = [("editions", "0001_initial"), ("articles", "0001_initial")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def latest():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_a_database_with_articles_migrates_from_the_first_migration_to_the_latest():
    """Articles with credited authors and images written at the first migration are found
    by search once every migration has run: the search data migration needs no app code."""
    apps = migrate(FIRST)
    Publication = apps.get_model("editions", "Publication")
    Edition = apps.get_model("editions", "Edition")
    Section = apps.get_model("articles", "Section")
    Author = apps.get_model("articles", "Author")
    Article = apps.get_model("articles", "Article")
    ArticleAuthor = apps.get_model("articles", "ArticleAuthor")
    ArticleImage = apps.get_model("articles", "ArticleImage")
    publication = Publication.objects.create(slug="lyrb", name="辽源日报")
    edition = Edition.objects.create(
        publication=publication, date="2024-04-01", number=8986, status="published"
    )
    section = Section.objects.create(name="要闻", slug="yaowen")
    article = Article.objects.create(
        edition=edition,
        section=section,
        title="动能澎湃向新行",
        body="<p>吉林向着高质量发展笃定前行</p>",
        status="published",
    )
    author = Author.objects.create(name="翟伟", slug="zhai-wei", role="记者")
    ArticleAuthor.objects.create(article=article, author=author, role="记者", position=1)
    ArticleImage.objects.create(article=article, image="articles/x.jpg", caption="雾凇奇观")

    migrate(latest())

    from articles import search
    from articles.models import Article as CurrentArticle
    from articles.models import SearchDocument

    document = SearchDocument.objects.get(article_id=article.pk)
    assert "动能" in document.head.split()
    assert {"翟伟", "雾凇", "笃定"} <= set(document.body.split())
    found = search.search(CurrentArticle.objects.all(), search.parse_query("雾凇"))
    assert list(found.values_list("pk", flat=True)) == [article.pk]
