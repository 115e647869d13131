"""Signed, expiring preview links: drafts and scheduled items for someone without an account.

A link carries the kind and id of what it shows, signed with the project's SECRET_KEY and
a timestamp; a tampered or expired one is simply not found.
"""

from django.core import signing
from django.urls import reverse

SALT = "newspaper.preview"
MAX_AGE = 7 * 24 * 3600  # a week


def make_token(kind: str, pk: int) -> str:
    return signing.dumps({"k": kind, "id": pk}, salt=SALT, compress=True)


def read_token(token: str, max_age: int = MAX_AGE) -> tuple[str, int] | None:
    """(kind, id) of a valid token; None when it is tampered, malformed or expired."""
    try:
        data = signing.loads(token, salt=SALT, max_age=max_age)
    except signing.BadSignature:  # SignatureExpired is a BadSignature too
        return None
    if not isinstance(data, dict) or not isinstance(data.get("id"), int):
        return None
    return data.get("k"), data["id"]


def preview_url(article) -> str:
    """The shareable preview address of an article."""
    return reverse("previews:shared", kwargs={"token": make_token("article", article.pk)})
