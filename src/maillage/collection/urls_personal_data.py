"""URLs of a structure's personal data pages (register, search, export, erasure, consent
records, pseudonymised dataset)."""

from django.urls import path

from maillage.collection import views_consents
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
    path(f"{STRUCTURE}consentements/", views_consents.consent_list, name="consents"),
    path(
        f"{STRUCTURE}consentements/<int:record_id>/",
        views_consents.consent_detail,
        name="consent",
    ),
    path(
        f"{STRUCTURE}consentements/<int:record_id>/retirer/",
        views_consents.consent_withdraw,
        name="consent_withdraw",
    ),
    path(
        f"{STRUCTURE}donnees-personnelles/export-pseudonymise/",
        views_consents.pseudonymised_export,
        name="pseudonymised_export",
    ),
]
