"""URLs of the restitution: the report page, its PDF, and the indicators as XLSX."""

from django.urls import path

from maillage.reports import views, views_network

app_name = "reports"
PROJECT = "projets/<slug:slug>/"

urlpatterns = [
    path(f"{PROJECT}rapport/", views.report, name="report"),
    path(f"{PROJECT}rapport.pdf", views.report_pdf, name="report_pdf"),
    path(f"{PROJECT}indicateurs.xlsx", views.report_xlsx, name="report_xlsx"),
    path(f"{PROJECT}rapport/fabriquer/", views.build_report, name="build_report"),
    path(f"{PROJECT}rapport/fabrications/<int:build_id>/", views.build_status, name="build"),
    path(
        f"{PROJECT}rapport/fabrications/<int:build_id>/rapport.pdf",
        views.build_pdf,
        name="build_pdf",
    ),
    path(f"{PROJECT}rapport/partages/", views.shares, name="shares"),
    path(
        f"{PROJECT}rapport/partages/<int:share_id>/retirer/",
        views.share_revoke,
        name="share_revoke",
    ),
    path("reseaux/<slug:slug>/rapport/", views_network.network_report, name="network_report"),
    path(
        "reseaux/<slug:slug>/rapport.pdf",
        views_network.network_report_pdf,
        name="network_report_pdf",
    ),
    # The recipient's read-only view: the token and the recipient's own login are both needed.
    path("rapports/partages/<str:token>/", views.shared, name="shared"),
    path("rapports/partages/<str:token>/rapport.pdf", views.shared_pdf, name="shared_pdf"),
]
