from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalysisConfig(AppConfig):
    name = "maillage.analysis"
    verbose_name = _("Analyse")

    def ready(self):
        # Written answers count as deliberation in the step tracker.
        from maillage.analysis import judgements  # noqa: F401
