from django.urls import path

from maillage.core import views, views_audit

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("sante/", views.health, name="health"),
    # Issue 8: a structure's journal des modifications, for its admins.
    path("structures/<slug:slug>/journal/", views_audit.audit_journal, name="audit_log"),
    path(
        "structures/<slug:slug>/journal/export.csv",
        views_audit.audit_journal_csv,
        name="audit_log_csv",
    ),
]
