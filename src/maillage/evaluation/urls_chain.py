"""URLs of the evaluation app: chain pages (mounted by evaluation/urls.py)."""

from django.urls import path

from maillage.evaluation import views_chain as views

CHAIN = "projets/<slug:slug>/chaines/<int:chain_id>/"

urlpatterns = [
    path("projets/<slug:slug>/chaines/", views.chain_list, name="chains"),
    path(CHAIN, views.chain_detail, name="chain"),
    path(f"{CHAIN}schema.svg", views.chain_svg, name="chain_svg"),
    path(f"{CHAIN}modifier/", views.chain_edit, name="chain_edit"),
    path(f"{CHAIN}supprimer/", views.chain_delete, name="chain_delete"),
    path(f"{CHAIN}maillons/ajouter/", views.link_add, name="chain_link_add"),
    path(f"{CHAIN}maillons/<int:link_id>/modifier/", views.link_edit, name="chain_link_edit"),
    path(f"{CHAIN}maillons/<int:link_id>/supprimer/", views.link_delete, name="chain_link_delete"),
    path(f"{CHAIN}liens/ajouter/", views.edge_add, name="chain_edge_add"),
    path(f"{CHAIN}liens/<int:edge_id>/supprimer/", views.edge_delete, name="chain_edge_delete"),
    path(f"{CHAIN}contributions/ajouter/", views.contribution_add, name="chain_contribution_add"),
    path(
        f"{CHAIN}contributions/<int:contribution_id>/supprimer/",
        views.contribution_delete,
        name="chain_contribution_delete",
    ),
]
