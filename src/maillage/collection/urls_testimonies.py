"""URLs of testimonies, and of open survey answers turned into testimonies."""

from django.urls import path

from maillage.collection import views_testimonies as views

TESTIMONY = "temoignages/<int:testimony_id>/"

urlpatterns = [
    path("structures/<slug:slug>/temoignages/", views.testimony_list, name="testimonies"),
    path("structures/<slug:slug>/temoignages/ajouter/", views.testimony_add, name="testimony_add"),
    path(TESTIMONY, views.testimony_detail, name="testimony"),
    path(f"{TESTIMONY}modifier/", views.testimony_edit, name="testimony_edit"),
    path(f"{TESTIMONY}supprimer/", views.testimony_delete, name="testimony_delete"),
    path(f"{TESTIMONY}fichier/", views.testimony_media, name="testimony_media"),
    path(
        "questionnaires/<int:survey_id>/reponses-ouvertes/",
        views.open_answers,
        name="open_answers",
    ),
    path(
        "questionnaires/<int:survey_id>/reponses-ouvertes/<int:answer_id>/temoignage/",
        views.testimony_from_answer,
        name="testimony_from_answer",
    ),
]
