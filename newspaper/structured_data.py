"""schema.org JSON-LD for editions (PublicationIssue) and their pages, built from what
the views already loaded: no query of its own."""

from django.urls import reverse

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
        "name": f"{edition.publication.name} {edition.masthead.gregorian} 总第{edition.number}期",
        "issueNumber": str(edition.number),
        "datePublished": edition.date.isoformat(),
        "inLanguage": "zh-CN",
        "numberOfPages": len(pages),
        "isPartOf": periodical(edition),
        "hasPart": [
            {
                "@type": "WebPage",
                "name": f"{page.label}:{page.name}",
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
        "name": f"{edition.publication.name} {edition.masthead.gregorian} {page.label}:{page.name}",
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
