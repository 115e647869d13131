"""Many rows written as one change (``editions.changes``): what an import relies on."""

import pytest

from editions import changes

# The site's own receiver moves its version when a batch ends.
pytestmark = pytest.mark.django_db


@pytest.fixture
def ended():
    seen = []

    def receiver(sender, edition_ids, **kwargs):
        seen.append(edition_ids)

    changes.batch_ended.connect(receiver, dispatch_uid="test_changes")
    yield seen
    changes.batch_ended.disconnect(dispatch_uid="test_changes")


def test_outside_a_batch_nothing_is_noted(ended):
    assert changes.note(3) is False
    assert ended == []


def test_a_batch_ends_once_with_every_edition_it_changed(ended):
    with changes.batched():
        assert changes.note(3)
        assert changes.note(None)
        with changes.batched():  # joins the outer batch
            changes.note(4)
        assert ended == []
    assert ended == [frozenset({3, 4, None})]


def test_a_batch_that_fails_announces_nothing(ended):
    with pytest.raises(RuntimeError), changes.batched():
        changes.note(3)
        raise RuntimeError("rolled back")
    assert ended == []
    assert changes.note(3) is False


def test_an_empty_batch_announces_nothing(ended):
    with changes.batched():
        pass
    assert ended == []


def test_a_remembered_value_lasts_until_the_version_moves(settings):
    """``remembered`` computes once per version; a failure (a 404) is not remembered."""
    from django.core.cache import cache

    cache.clear()
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    assert changes.remembered("test-value", compute, version="v1") == 1
    assert changes.remembered("test-value", compute, version="v1") == 1
    assert changes.remembered("test-value", compute, version="v2") == 2

    def fails():
        raise LookupError("no such page")

    with pytest.raises(LookupError):
        changes.remembered("test-failure", fails, version="v1")
    assert changes.remembered("test-failure", compute, version="v1") == 3
