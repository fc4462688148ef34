"""URLs of the evaluation app: library pages (mounted by evaluation/urls.py)."""

from django.urls import path

from maillage.evaluation import views_library

urlpatterns: list = [
    path("bibliotheque/", views_library.library_page, name="library"),
    path(
        "projets/<slug:slug>/cadre/bibliotheque/<int:entry_id>/ajouter/",
        views_library.library_add,
        name="library_add",
    ),
]
