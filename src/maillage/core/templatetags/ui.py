"""Template helpers for accessible forms and French number formats."""

from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.forms import CheckboxSelectMultiple, RadioSelect
from django.utils.formats import number_format

register = template.Library()


@register.inclusion_tag("includes/field.html")
def field(bound_field, hint=""):
    """A field with its label, help and errors tied to it by aria-describedby."""
    ids = []
    help_id = f"{bound_field.auto_id}_aide"
    errors_id = f"{bound_field.auto_id}_erreurs"
    if bound_field.help_text or hint:
        ids.append(help_id)
    if bound_field.errors:
        ids.append(errors_id)
    attrs = {}
    if ids:
        attrs["aria-describedby"] = " ".join(ids)
    if bound_field.errors:
        attrs["aria-invalid"] = "true"
    widget = bound_field.field.widget
    return {
        "field": bound_field,
        "widget_html": bound_field.as_widget(attrs=attrs),
        "grouped": isinstance(widget, CheckboxSelectMultiple | RadioSelect),
        "help_id": help_id,
        "errors_id": errors_id,
        "hint": hint,
        "is_checkbox": widget.input_type == "checkbox" if hasattr(widget, "input_type") else False,
    }


@register.filter
def figure(value, decimals=0):
    """A number in French format (1 234,5), or an en dash when unknown."""
    if value is None or value == "":
        return "–"
    decimals = int(decimals)
    # Django's number_format truncates extra decimals; round half up as people expect.
    value = Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return number_format(value, decimal_pos=decimals, force_grouping=True)


@register.filter
def quantity(value):
    """A quantity with only the decimals it has: 2 700, 1,5, 0,25."""
    if value is None or value == "":
        return "–"
    value = Decimal(str(value)).normalize()
    return figure(value, max(0, -value.as_tuple().exponent))


@register.filter
def euros(value):
    return f"{figure(value, 0)} €" if value not in (None, "") else "–"


@register.simple_tag(takes_context=True)
def may(context, action, obj):
    """`{% may "project.view_results" project as allowed %}`: asks `maillage.access`, so that a
    page offers only the links its reader may follow (someone reading through a share sees
    fewer)."""
    from maillage import access

    request = context.get("request")
    return bool(request) and access.can(request.user, action, obj)
