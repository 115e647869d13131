"""Roles and their audit: every change of a user's groups or staff, superuser and active
flags is written to the audit log, whatever makes it (the admin, a command, the shell).

The signals in ``articles/signals.py`` note a user's roles before a change and compare
after it. Inside ``roles_audited(actor=…)`` (the user admin wraps its saves in it) the
changes are gathered instead, and each user changed gets one entry by that actor.
"""

import contextlib
import contextvars
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.translation import gettext as _

from .models import AuditAction
from .workflow import CHIEF, EDITOR, REPORTER, audit

ROLE_FLAGS = ("is_staff", "is_superuser", "is_active")
# The newsroom's roles, least to most: a user has at most one (the user admin's one control).
NEWSROOM_ROLES = (REPORTER, EDITOR, CHIEF)


@dataclass(frozen=True)
class Roles:
    groups: frozenset[str]
    flags: tuple[bool, ...]


# What a user created with no arguments has: the roles a new user is compared against.
NEW_USER = Roles(frozenset(), (False, False, True))


def roles_of(user_pk) -> Roles:
    """A user's roles as stored now."""
    users = get_user_model()._default_manager.filter(pk=user_pk)
    flags = users.values_list(*ROLE_FLAGS).first()
    groups = users.values_list("groups__name", flat=True)
    return Roles(frozenset(name for name in groups if name), tuple(flags or NEW_USER.flags))


def role_changes(before: Roles, after: Roles) -> list[str]:
    """+编辑 -记者 is_staff=True: what changed, readably."""
    changes = [f"+{name}" for name in sorted(after.groups - before.groups)]
    changes += [f"-{name}" for name in sorted(before.groups - after.groups)]
    for flag, old, new in zip(ROLE_FLAGS, before.flags, after.flags, strict=True):
        if old != new:
            changes.append(f"{flag}={new}")
    return changes


@dataclass
class RoleBatch:
    """The users whose roles are changing, with their roles before, and who changes them."""

    actor: object = None
    before: dict = field(default_factory=dict)
    created: set = field(default_factory=set)

    def note(self, user_pk, *, created: bool = False) -> None:
        """Remember ``user_pk``'s roles before its first change here."""
        if user_pk is None or user_pk in self.before:
            return
        self.before[user_pk] = NEW_USER if created else roles_of(user_pk)
        if created:
            self.created.add(user_pk)

    def write(self) -> None:
        """One audit entry for each user whose roles changed (or who was created)."""
        users = get_user_model()._default_manager.in_bulk(list(self.before))
        for user_pk, before in self.before.items():
            if user_pk not in users:
                continue
            changes = role_changes(before, roles_of(user_pk))
            if changes or user_pk in self.created:
                audit(
                    actor=self.actor,
                    action=AuditAction.ROLE_CHANGE,
                    target=users[user_pk],
                    message=" ".join(changes) or _("created"),
                )
        self.before.clear()
        self.created.clear()


_batch: contextvars.ContextVar[RoleBatch | None] = contextvars.ContextVar(
    "role_batch", default=None
)


def current_batch() -> RoleBatch | None:
    """The batch gathering role changes here, if a ``roles_audited`` block is open."""
    return _batch.get()


@contextlib.contextmanager
def roles_audited(*, actor):
    """Gather the role changes made in the block; write them, by ``actor``, when it ends."""
    batch = RoleBatch(actor=actor)
    token = _batch.set(batch)
    try:
        yield batch
    finally:
        _batch.reset(token)
    batch.write()


def user_role_set(*, user, role: str, actor=None) -> None:
    """Give ``user`` exactly the newsroom role ``role`` ('' for none); other groups stay.

    Inside an open ``roles_audited`` block (the user admin's save) the change joins that
    block's one entry for the user; otherwise it is one entry by ``actor``.
    """
    audited = contextlib.nullcontext() if current_batch() else roles_audited(actor=actor)
    with audited, transaction.atomic():
        groups = list(user.groups.exclude(name__in=NEWSROOM_ROLES))
        if role:
            groups.append(Group.objects.get(name=role))
        user.groups.set(groups)
