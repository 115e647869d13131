"""schema.org JSON-LD for articles (NewsArticle), editions (PublicationIssue) and their
pages, built from what the views already loaded: no query of its own. The template tags
in ``newspaper_tags`` print them."""

from django.urls import reverse

from articles.models import Article
from editions.models import Edition, Page


def periodical(edition: Edition) -> dict:
    publication = edition.publication
    data = {"@type": "Periodical", "name": publication.name, "inLanguage": "zh-CN"}
    if publication.name_latin:
        data["alternateName"] = publication.name_latin
    if publication.cn_serial:
        data["identifier"] = publication.cn_serial
    if publication.publisher:
        data["publisher"] = {"@type": "Organization", "name": publication.publisher}
    return data


def publication_issue(request, edition: Edition, pages: list[Page]) -> dict:
    """An edition as a schema.org PublicationIssue, its pages as its parts."""
    url = request.build_absolute_uri(edition.get_absolute_url())
    return {
        "@context": "https://schema.org",
        "@type": "PublicationIssue",
        "@id": url,
        "url": url,
        "name": f"{edition.publication.name} {edition.gregorian} 总第{edition.number}期",
        "issueNumber": str(edition.number),
        "datePublished": edition.date.isoformat(),
        "inLanguage": "zh-CN",
        "numberOfPages": len(pages),
        "isPartOf": periodical(edition),
        "hasPart": [
            {
                "@type": "WebPage",
                "name": page.title,
                "url": request.build_absolute_uri(page.get_absolute_url()),
                "position": page.number,
            }
            for page in pages
        ],
    }


def printed_page(request, edition: Edition, page: Page, items: list) -> dict:
    """One page (版) as a WebPage that is part of its PublicationIssue, with its stories
    as NewsArticles printed on it."""
    issue_url = request.build_absolute_uri(edition.get_absolute_url())
    return {
        "@context": "https://schema.org",
        "@type": "WebPage",
        "@id": request.build_absolute_uri(page.get_absolute_url()),
        "url": request.build_absolute_uri(page.get_absolute_url()),
        "name": f"{edition.publication.name} {edition.gregorian} {page.title}",
        "inLanguage": "zh-CN",
        "isPartOf": {
            "@type": "PublicationIssue",
            "@id": issue_url,
            "url": issue_url,
            "issueNumber": str(edition.number),
            "datePublished": edition.date.isoformat(),
            "isPartOf": periodical(edition),
        },
        "hasPart": [
            {
                "@type": "NewsArticle",
                "headline": item.article.headline[:110],
                "url": request.build_absolute_uri(
                    reverse("articles:detail", kwargs={"pk": item.article.pk})
                ),
                "printPage": str(page.number),
                "printSection": page.name,
                "position": item.placement.position,
            }
            for item in items
        ],
    }


def news_article(request, article: Article, canonical_url: str) -> dict:
    """schema.org NewsArticle, with where it stood in print (printEdition/Page/Section)."""
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.headline[:110],
        "mainEntityOfPage": canonical_url,
        "url": canonical_url,
        "inLanguage": "zh-CN",
        "datePublished": (article.effective_publish_at or article.created_at).isoformat(),
        "dateModified": article.last_modified.isoformat(),
        "author": [
            {"@type": "Person", "name": credit.author.name} for credit in article.credits_in_order()
        ]
        or [{"@type": "Organization", "name": article.byline or article.source or "本报"}],
        "wordCount": article.word_count,
    }
    if article.kicker or article.subtitle:
        data["alternativeHeadline"] = " ".join(filter(None, [article.kicker, article.subtitle]))
    if article.section_id:
        data["articleSection"] = article.section.name
    if article.genre:
        data["genre"] = article.genre
    images = [request.build_absolute_uri(image.image.url) for image in article.images.all()]
    if images:
        data["image"] = images
    if article.edition_id:
        edition = article.edition
        data["publisher"] = {"@type": "Organization", "name": edition.publication.name}
        data["printEdition"] = f"{edition.date.isoformat()} 总第{edition.number}期"
        placement = article.first_placement
        if placement is not None:
            data["printPage"] = str(placement.page.number)
            data["printSection"] = placement.page.name
    return data
