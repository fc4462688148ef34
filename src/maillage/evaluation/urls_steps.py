"""URLs of the evaluation app: step tracker and change pathways (mounted by evaluation/urls.py)."""

from django.urls import path

from maillage.evaluation import views_pathways, views_steps

PROJECT = "projets/<slug:slug>/"

urlpatterns = [
    path(f"{PROJECT}etapes/", views_steps.steps, name="steps"),
    path(f"{PROJECT}chemins/", views_pathways.pathways, name="pathways"),
    path(f"{PROJECT}chemins/<int:pathway_id>/", views_pathways.pathway, name="pathway"),
    path(
        f"{PROJECT}chemins/<int:pathway_id>/supprimer/",
        views_pathways.pathway_delete,
        name="pathway_delete",
    ),
]
