"""URLs of the analysis app: a project's results and the trace of each indicator value."""

from django.urls import path

from maillage.analysis import views, views_coding

app_name = "analysis"
PROJECT = "projets/<slug:slug>/"

urlpatterns = [
    path(f"{PROJECT}resultats/", views.results, name="results"),
    path(
        f"{PROJECT}resultats/indicateurs/<int:indicator_id>/",
        views.indicator_detail,
        name="indicator",
    ),
    path(
        f"{PROJECT}resultats/questions/<int:question_id>/reponse/",
        views.answer_question,
        name="answer_question",
    ),
    path(f"{PROJECT}themes/", views_coding.themes, name="themes"),
    path(f"{PROJECT}themes/suggerer/", views_coding.suggest, name="suggest"),
    path(
        f"{PROJECT}themes/suggestions/<int:suggestion_id>/",
        views_coding.decide,
        name="decide_suggestion",
    ),
    path(
        f"{PROJECT}themes/codages/<int:coding_id>/retirer/",
        views_coding.uncode,
        name="uncode",
    ),
    # After the two above: « suggestions » and « codages » would match <kind>.
    path(f"{PROJECT}themes/<str:kind>/<int:pk>/", views_coding.code_text, name="code_text"),
    path(f"{PROJECT}citations/", views_coding.quotes, name="quotes"),
]
