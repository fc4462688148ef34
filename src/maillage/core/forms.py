"""Form pieces shared by several apps."""

from django.utils.translation import gettext_lazy as _


class PeriodFilterMixin:
    """Filter forms with optional `start` and `end` dates: the end may not come before it."""

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("La fin de la période (« Au ») doit suivre son début."))
        return data
