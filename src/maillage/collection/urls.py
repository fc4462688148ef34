"""The collection app's URLs, one module per part (surveys; records; testimonies)."""

from maillage.collection import urls_surveys

app_name = "collection"
urlpatterns = [
    *urls_surveys.urlpatterns,
]
