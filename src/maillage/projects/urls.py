from django.urls import path

from maillage.projects import views, views_meetings

app_name = "projects"
urlpatterns = [
    path("", views.project_list, name="list"),
    # Before <slug>/ so that "nouveau" is never read as a project's slug.
    path("nouveau/", views.project_create, name="create"),
    path("<slug:slug>/", views.project_detail, name="detail"),
    path("<slug:slug>/modifier/", views.project_edit, name="edit"),
    path("<slug:slug>/communaute/", views.project_community, name="community"),
    path(
        "<slug:slug>/communaute/<int:membership_id>/modifier/",
        views.member_edit,
        name="member_edit",
    ),
    path(
        "<slug:slug>/communaute/<int:membership_id>/retirer/",
        views.member_remove,
        name="member_remove",
    ),
    path("<slug:slug>/rencontres/", views_meetings.meeting_list, name="meetings"),
    path(
        "<slug:slug>/rencontres/<int:meeting_id>/supprimer/",
        views_meetings.meeting_delete,
        name="meeting_delete",
    ),
]
