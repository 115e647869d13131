"""The stored, indexed ``Article.published_at``: Coalesce(publish_at, edition.publish_at).

Latest-first lists, feeds and search windows order by it through ``article_published_idx``
(and ``article_section_published_idx`` for a section) instead of computing the Coalesce for
every row. The data step is plain SQL, the same on PostgreSQL and SQLite, and imports no
application code."""

from django.db import migrations, models

FILL = """
UPDATE articles_article SET published_at = COALESCE(
    publish_at,
    (SELECT e.publish_at FROM editions_edition e WHERE e.id = articles_article.edition_id)
)
"""


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0008_ingest_jobs"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="published_at",
            field=models.DateTimeField(
                blank=True,
                editable=False,
                help_text="Its own publish time, else its edition's.",
                null=True,
                verbose_name="published at",
            ),
        ),
        migrations.RunSQL(FILL, migrations.RunSQL.noop),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(fields=["published_at", "id"], name="article_published_idx"),
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                fields=["section", "published_at", "id"], name="article_section_published_idx"
            ),
        ),
    ]
