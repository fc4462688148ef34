from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CollectionConfig(AppConfig):
    name = "maillage.collection"
    label = "collection"
    verbose_name = _("Collecte")

    def ready(self):
        # Counters of collected evidence for the step tracker register themselves on import;
        # so do the signals that raise Survey.version (the answer page's cached form).
        from maillage.collection import answer_cache, evidence  # noqa: F401
