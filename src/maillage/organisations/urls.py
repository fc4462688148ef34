from django.urls import path

from maillage.organisations import views, views_governance, views_map, views_network, views_shared

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
    # Governance (issue 9): a structure's bodies, mandates and meetings; the network's figures.
    path(
        "structures/<slug:slug>/gouvernance/",
        views_governance.governance_overview,
        name="governance",
    ),
    path(
        "structures/<slug:slug>/gouvernance/instances/nouvelle/",
        views_governance.governance_body_add,
        name="governance_body_add",
    ),
    path(
        "structures/<slug:slug>/gouvernance/instances/<int:body_id>/",
        views_governance.governance_body,
        name="governance_body",
    ),
    path(
        "structures/<slug:slug>/gouvernance/instances/<int:body_id>/modifier/",
        views_governance.governance_body_edit,
        name="governance_body_edit",
    ),
    path(
        "structures/<slug:slug>/gouvernance/instances/<int:body_id>/dissoudre/",
        views_governance.governance_body_close,
        name="governance_body_close",
    ),
    path(
        "structures/<slug:slug>/gouvernance/instances/<int:body_id>/mandats/",
        views_governance.governance_mandate_add,
        name="governance_mandate_add",
    ),
    path(
        "structures/<slug:slug>/gouvernance/instances/<int:body_id>/reunions/",
        views_governance.governance_meeting_add,
        name="governance_meeting_add",
    ),
    path(
        "structures/<slug:slug>/gouvernance/mandats/<int:mandate_id>/fin/",
        views_governance.governance_mandate_end,
        name="governance_mandate_end",
    ),
    path(
        "structures/<slug:slug>/gouvernance/reunions/<int:meeting_id>/supprimer/",
        views_governance.governance_meeting_delete,
        name="governance_meeting_delete",
    ),
    path(
        "reseaux/<slug:slug>/gouvernance/",
        views_governance.network_governance,
        name="network_governance",
    ),
    path("reseaux/<slug:slug>/", views.network_detail, name="network"),
    # Cooperation map and agreements (views_map).
    path("structures/<slug:slug>/cooperations/", views_map.structure_map, name="structure_map"),
    path("reseaux/<slug:slug>/cooperations/", views_map.network_map, name="network_map"),
    path("projets/<slug:slug>/cooperations/", views_map.project_map, name="project_map"),
    path("structures/<slug:slug>/accords/", views_map.agreement_list, name="agreements"),
    path(
        "structures/<slug:slug>/accords/<int:agreement_id>/supprimer/",
        views_map.agreement_delete,
        name="agreement_delete",
    ),
    path(
        "reseaux/<slug:slug>/structures/<slug:org_slug>/",
        views_shared.shared_with_network,
        name="shared_with_network",
    ),
    path("reseaux/<slug:slug>/seances/", views_network.network_sessions, name="network_sessions"),
    path(
        "reseaux/<slug:slug>/seances/<int:session_id>/supprimer/",
        views_network.network_session_delete,
        name="network_session_delete",
    ),
    path(
        "reseaux/<slug:slug>/calendrier/", views_network.network_calendar, name="network_calendar"
    ),
    path(
        "reseaux/<slug:slug>/calendrier.ics",
        views_network.network_calendar_ics,
        name="network_calendar_ics",
    ),
]
