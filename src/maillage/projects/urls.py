from django.urls import path

from maillage.projects import views, views_charter, views_meetings, views_posts

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
    path("<slug:slug>/postes-mutualises/", views_posts.post_list, name="shared_posts"),
    path(
        "<slug:slug>/postes-mutualises/nouveau/", views_posts.post_edit, name="shared_post_create"
    ),
    path(
        "<slug:slug>/postes-mutualises/<int:post_id>/modifier/",
        views_posts.post_edit,
        name="shared_post_edit",
    ),
    path(
        "<slug:slug>/postes-mutualises/<int:post_id>/supprimer/",
        views_posts.post_delete,
        name="shared_post_delete",
    ),
    path(
        "<slug:slug>/postes-mutualises/<int:post_id>/chaine-de-valeur/",
        views_posts.post_to_chain,
        name="shared_post_chain",
    ),
    path("<slug:slug>/charte/", views_charter.charter_detail, name="charter"),
    path("<slug:slug>/charte/modifier/", views_charter.charter_edit, name="charter_edit"),
    path(
        "<slug:slug>/charte/approbation/<slug:organisation>/",
        views_charter.charter_agree,
        name="charter_agree",
    ),
]
