"""Control characters are stripped from every text field on save, whatever saves it.

A vertical tab pasted from a layout program, a NUL from a broken export or a lone surrogate
from a bad decoder is invisible to an editor and fatal to XML: one such headline made the
feeds answer 500 for everyone. So the text of every ``CharField`` and ``TextField`` of the
project's models is cleaned in a ``pre_save`` signal, the one path that the admin, the
services, bundle imports and plain code all take (``QuerySet.update()`` and
``bulk_create()`` skip signals: the writers that use them pass text through
``strip_control_characters`` themselves).
"""

import re

from django.db import models
from django.db.models.signals import pre_save
from django.dispatch import receiver

# C0 controls but tab, line feed and carriage return; DEL and the C1 controls; the
# non-characters U+FFFE and U+FFFF; and lone surrogates, which no UTF-8 text can carry.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")
# The apps whose models are cleaned: the project's own.
PROJECT_APPS = frozenset({"editions", "articles", "newspaper"})


def strip_control_characters(text: str) -> str:
    """``text`` without the control characters that XML and feeds cannot carry."""
    return CONTROL_CHARACTERS.sub("", text) if text else text


def _text_fields(model) -> list[str]:
    return [
        field.attname
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField)
    ]


@receiver(pre_save, dispatch_uid="editions.cleaning.strip_control_characters")
def strip_control_characters_on_save(sender, instance, raw=False, **kwargs) -> None:
    """Clean every text field of a project model before it is written."""
    if raw or sender._meta.app_label not in PROJECT_APPS:
        return
    for attname in _text_fields(sender):
        value = getattr(instance, attname, None)
        if isinstance(value, str):
            cleaned = strip_control_characters(value)
            if cleaned != value:
                setattr(instance, attname, cleaned)
