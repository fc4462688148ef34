"""Template tags for what structures share: the community page shows the partners' figures."""

from django import template

from maillage.organisations import sharing

register = template.Library()


@register.simple_tag
def partner_key_figures(project):
    """Latest key figures of the members that share them with the project's partners."""
    return sharing.partner_key_figures(project)
