"""URLs of the cadre d'évaluation (mounted by evaluation/urls.py in the "evaluation" namespace).

A project's framework is reached from its project (/projets/<slug>/cadre/); its items, and a
network's common frameworks, by the framework's id under /cadres/<id>/."""

from django.urls import path

from maillage.evaluation import views_framework as views

ITEM_PATHS = {"goal": "objectifs", "question": "questions", "indicator": "indicateurs"}

urlpatterns = [
    path("projets/<slug:slug>/cadre/", views.project_framework, name="framework"),
    path("cadres/<int:framework_id>/", views.framework_detail, name="framework_detail"),
    path("cadres/<int:framework_id>/valider/", views.framework_validate, name="framework_validate"),
    path("cadres/<int:framework_id>/rouvrir/", views.framework_reopen, name="framework_reopen"),
    path(
        "cadres/<int:framework_id>/historique/", views.framework_history, name="framework_history"
    ),
    path("cadres/<int:framework_id>/copier/", views.framework_copy, name="framework_copy"),
    path("cadres/<int:framework_id>/proposer/", views.framework_propose, name="framework_propose"),
    path("cadres/<int:framework_id>/criteres/", views.criteria, name="criteria"),
    path(
        "cadres/<int:framework_id>/indicateurs/<int:item_id>/valeurs/",
        views.indicator_values,
        name="indicator_values",
    ),
    path(
        "cadres/<int:framework_id>/indicateurs/<int:item_id>/valeurs/<int:value_id>/supprimer/",
        views.manual_value_delete,
        name="manual_value_delete",
    ),
    path("reseaux/<slug:slug>/cadres/", views.network_frameworks, name="network_frameworks"),
]

for kind, segment in ITEM_PATHS.items():
    urlpatterns += [
        path(
            f"cadres/<int:framework_id>/{segment}/ajouter/",
            views.item_edit,
            {"kind": kind},
            name=f"{kind}_add",
        ),
        path(
            f"cadres/<int:framework_id>/{segment}/<int:item_id>/",
            views.item_edit,
            {"kind": kind},
            name=f"{kind}_edit",
        ),
        path(
            f"cadres/<int:framework_id>/{segment}/<int:item_id>/supprimer/",
            views.item_delete,
            {"kind": kind},
            name=f"{kind}_delete",
        ),
    ]
