"""URLs of the restitution: the report page, its PDF, and the indicators as XLSX."""

from django.urls import path

from maillage.reports import views

app_name = "reports"
PROJECT = "projets/<slug:slug>/"

urlpatterns = [
    path(f"{PROJECT}rapport/", views.report, name="report"),
    path(f"{PROJECT}rapport.pdf", views.report_pdf, name="report_pdf"),
    path(f"{PROJECT}indicateurs.xlsx", views.report_xlsx, name="report_xlsx"),
]
