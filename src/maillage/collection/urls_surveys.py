"""URLs of surveys: the builder, campaigns, the public answer pages and paper entry."""

from django.urls import path

from maillage.collection import views_answer as public
from maillage.collection import views_imports as imports
from maillage.collection import views_surveys as views

SURVEY = "questionnaires/<int:survey_id>/"
CAMPAIGN = f"{SURVEY}campagnes/<int:campaign_id>/"

urlpatterns = [
    # Public pages: no account; the token is the only key. First of all the site's routes
    # (config/urls.py), so that a respondent's request is resolved at the first patterns tried.
    path("r/<str:token>/", public.answer, name="answer"),
    path("r/<str:token>/merci/", public.answer_thanks, name="answer_thanks"),
    path("r/i/<str:token>/", public.answer_invitation, name="invitation"),
    path("structures/<slug:slug>/questionnaires/", views.survey_list, name="surveys"),
    path(
        "structures/<slug:slug>/questionnaires/importer-xlsform/",
        views.xlsform_import,
        name="xlsform_import",
    ),
    path(SURVEY, views.survey_detail, name="survey"),
    path(f"{SURVEY}modifier/", views.survey_edit, name="survey_edit"),
    path(f"{SURVEY}apercu/", views.survey_preview, name="survey_preview"),
    path(f"{SURVEY}xlsform.xlsx", views.survey_xlsform, name="survey_xlsform"),
    path(f"{SURVEY}importer/", imports.import_upload, name="import_upload"),
    path(f"{SURVEY}importer/<int:import_id>/", imports.import_mapping, name="import_mapping"),
    path(f"{SURVEY}importer/<int:import_id>/suivi/", imports.import_status, name="import_status"),
    path(f"{SURVEY}reponses/", views.responses, name="survey_responses"),
    path(f"{SURVEY}reponses.<str:fmt>", views.survey_export, name="survey_export"),
    path(f"{SURVEY}parties/ajouter/", views.section_add, name="section_add"),
    path(f"{SURVEY}questions/ajouter/", views.question_edit, name="question_add"),
    path(f"{SURVEY}questions/<int:question_id>/", views.question_edit, name="question_edit"),
    path(
        f"{SURVEY}questions/<int:question_id>/supprimer/",
        views.question_delete,
        name="question_delete",
    ),
    path(f"{SURVEY}campagnes/ajouter/", views.campaign_add, name="campaign_add"),
    path(CAMPAIGN, views.campaign_detail, name="campaign"),
    path(f"{CAMPAIGN}cloturer/", views.campaign_close, name="campaign_close"),
    path(f"{CAMPAIGN}qr.<str:kind>", views.campaign_qr, name="campaign_qr"),
    path(f"{CAMPAIGN}affiche/", views.campaign_poster, name="campaign_poster"),
    path(f"{CAMPAIGN}saisie-papier/", views.paper_entry, name="paper_entry"),
]
