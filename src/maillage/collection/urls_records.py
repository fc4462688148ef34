"""URLs of activity and volunteer records."""

from django.urls import path

from maillage.collection import views_records as views

STRUCTURE = "structures/<slug:slug>/"
ACTIVITY = "activites/<int:activity_id>/"

urlpatterns = [
    path(f"{STRUCTURE}activites/", views.activity_list, name="activities"),
    path(ACTIVITY, views.activity_detail, name="activity"),
    path(f"{ACTIVITY}modifier/", views.activity_edit, name="activity_edit"),
    path(
        f"{ACTIVITY}seances/<int:session_id>/supprimer/",
        views.session_delete,
        name="session_delete",
    ),
    path(f"{STRUCTURE}benevolat/", views.volunteering, name="volunteering"),
    path(
        f"{STRUCTURE}benevolat/<int:entry_id>/supprimer/",
        views.volunteer_time_delete,
        name="volunteer_time_delete",
    ),
    path(f"{STRUCTURE}releves/importer/", views.records_import, name="records_import"),
    path(
        f"{STRUCTURE}releves/modele-<str:kind>.csv",
        views.records_template,
        name="records_template",
    ),
]
