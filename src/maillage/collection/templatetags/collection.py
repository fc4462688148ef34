"""Small filters for the answer forms."""

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def answer_of(mapping, code):
    """The raw answer (or error) for a question code, or an empty string."""
    if not mapping:
        return ""
    return mapping.get(code, "")


@register.filter
def is_in(value, raw):
    if isinstance(raw, list):
        return value in raw
    return value == raw


@register.filter
def first_value(raw):
    if isinstance(raw, list):
        return raw[0] if raw else ""
    return raw or ""


@register.filter
def condition_values(question):
    """The labels of the answers that make a question appear: « Oui » ou « Non »."""
    labels = dict(question.show_if_question.option_list()) if question.show_if_question else {}
    return _(" ou ").join(f"« {labels.get(v, v)} »" for v in question.show_if_values)
