"""Signed, expiring preview links: drafts and scheduled items for someone without an account.

A link carries the kind and id of what it shows and the article's preview version, signed
with the project's SECRET_KEY and a timestamp; a tampered or expired one is simply not
found. Revoking (the "revoke" button, and every withdrawal) moves the article's
``preview_version`` on, which ends every link shared before, with no setting changed.
"""

from django.core import signing
from django.urls import reverse

SALT = "newspaper.preview"
MAX_AGE = 7 * 24 * 3600  # a week


def make_token(kind: str, pk: int, version: int = 0) -> str:
    return signing.dumps({"k": kind, "id": pk, "v": version}, salt=SALT, compress=True)


def read_token(token: str, max_age: int = MAX_AGE) -> tuple[str, int, int] | None:
    """(kind, id, version) of a valid token; None when tampered, malformed or expired."""
    try:
        data = signing.loads(token, salt=SALT, max_age=max_age)
    except signing.BadSignature:  # SignatureExpired is a BadSignature too
        return None
    if not isinstance(data, dict) or not isinstance(data.get("id"), int):
        return None
    version = data.get("v", 0)
    if not isinstance(version, int):
        return None
    return data.get("k"), data["id"], version


def preview_url(article) -> str:
    """The shareable preview address of an article, valid until revoked or expired."""
    token = make_token("article", article.pk, article.preview_version)
    return reverse("previews:shared", kwargs={"token": token})
