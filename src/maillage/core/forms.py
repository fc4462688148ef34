"""Form pieces shared by several apps: a filter period, the year chosen in the address."""

from datetime import date

from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _


class PeriodFilterMixin:
    """Filter forms with optional `start` and `end` dates: the end may not come before it."""

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("La fin de la période (« Au ») doit suivre son début."))
        return data


def years_with_data(queryset, field: str) -> list[int]:
    """The years in which `queryset` has a `field` date, and this year, newest first."""
    years = set(queryset.annotate(y=ExtractYear(field)).values_list("y", flat=True).distinct())
    return sorted(years | {date.today().year}, reverse=True)


def chosen_year(request, years: list[int]) -> int:
    """The year asked for with « ?annee= » if it is one of `years`, else the first of them."""
    try:
        wanted = int(request.GET.get("annee", ""))
    except ValueError:
        wanted = None
    if wanted in years:
        return wanted
    return years[0] if years else date.today().year
