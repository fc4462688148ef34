from django.contrib import admin
from django.urls import include, path

from maillage.api.api import api

urlpatterns = [
    # Collection first: its public answer pages take the most requests (collection/urls_surveys).
    path("", include("maillage.collection.urls")),
    path("", include("maillage.core.urls")),
    path("compte/", include("maillage.accounts.urls")),
    path("", include("maillage.organisations.urls")),
    path("projets/", include("maillage.projects.urls")),
    path("", include("maillage.evaluation.urls")),
    path("", include("maillage.analysis.urls")),
    path("", include("maillage.reports.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]

handler403 = "maillage.core.views.permission_denied"
handler404 = "maillage.core.views.page_not_found"
handler500 = "maillage.core.views.server_error"
