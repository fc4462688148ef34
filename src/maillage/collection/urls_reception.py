"""URLs of the reception log (fonction accueil)."""

from django.urls import path

from maillage.collection import views_reception as views

RECEPTION = "structures/<slug:slug>/accueil/"

urlpatterns = [
    path(RECEPTION, views.reception_entry, name="reception"),
    path(
        f"{RECEPTION}<int:request_id>/supprimer/",
        views.reception_delete,
        name="reception_delete",
    ),
    path(f"{RECEPTION}journal/", views.reception_journal, name="reception_journal"),
    path(f"{RECEPTION}journal.<str:fmt>", views.reception_export, name="reception_export"),
    path(f"{RECEPTION}chiffres/", views.reception_figures, name="reception_figures"),
]
