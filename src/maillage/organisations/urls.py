from django.urls import path

from maillage.organisations import views

app_name = "organisations"
urlpatterns = [
    path("structures/", views.organisation_list, name="list"),
    path("structures/<slug:slug>/", views.organisation_detail, name="detail"),
    path("structures/<slug:slug>/modifier/", views.organisation_edit, name="edit"),
    path("structures/<slug:slug>/membres/", views.organisation_members, name="members"),
    path(
        "structures/<slug:slug>/membres/<int:member_id>/role/",
        views.member_role,
        name="member_role",
    ),
    path(
        "structures/<slug:slug>/membres/<int:member_id>/retirer/",
        views.member_remove,
        name="member_remove",
    ),
    path(
        "structures/<slug:slug>/invitations/<int:invitation_id>/annuler/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    path("structures/<slug:slug>/partage/", views.organisation_sharing, name="sharing"),
    path("reseaux/<slug:slug>/", views.network_detail, name="network"),
]
