"""URLs of the analysis app: a project's results and the trace of each indicator value."""

from django.urls import path

from maillage.analysis import views

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
]
