"""The collection app's URLs, one module per part (surveys; records; testimonies;
reception log)."""

from maillage.collection import (
    urls_personal_data,
    urls_reception,
    urls_records,
    urls_surveys,
    urls_testimonies,
)

app_name = "collection"
urlpatterns = [
    *urls_surveys.urlpatterns,
    *urls_records.urlpatterns,
    *urls_testimonies.urlpatterns,
    *urls_reception.urlpatterns,
    *urls_personal_data.urlpatterns,
]
