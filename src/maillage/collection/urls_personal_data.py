"""URLs of a structure's personal data pages (register, search, export, erasure)."""

from django.urls import path

from maillage.collection import views_personal_data as views

STRUCTURE = "structures/<slug:slug>/"

urlpatterns = [
    path(f"{STRUCTURE}donnees-personnelles/", views.search, name="personal_data"),
    path(
        f"{STRUCTURE}donnees-personnelles/exporter/",
        views.export,
        name="personal_data_export",
    ),
    path(f"{STRUCTURE}donnees-personnelles/effacer/", views.erase, name="personal_data_erase"),
    path(
        f"{STRUCTURE}registre-des-donnees-personnelles/",
        views.register,
        name="personal_data_register",
    ),
]
