"""Chemins de changement through their pages: create, write the steps, change, delete."""

from html import unescape

import pytest
from django.urls import reverse

from demo_people import COORDINATION, PARTENAIRE, REFERENTE
from maillage.evaluation.actions import framework_for
from maillage.evaluation.models import ChainLink, ChangePathway, PathwayStep

FALAISES = "projet-social-falaises-2023-2026"


def text(response) -> str:
    return unescape(response.content.decode())


def formset(rows, initial=0):
    """POST data of the steps formset: `rows` are dicts of one step's fields."""
    data = {
        "steps-TOTAL_FORMS": str(len(rows)),
        "steps-INITIAL_FORMS": str(initial),
        "steps-MIN_NUM_FORMS": "0",
        "steps-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"steps-{index}-{key}"] = value
    return data


@pytest.fixture
def goal(world):
    return framework_for(world.projects[FALAISES]).goals.get(target="territoire", order=2)


def create(client, goal, title="Des parents à l'école"):
    response = client.post(
        reverse("evaluation:pathways", args=[FALAISES]),
        {"goal": goal.pk, "title": title, "horizon": "projet social 2027-2030"},
    )
    pathway = ChangePathway.objects.get(title=title)
    assert response.status_code == 302
    assert response.url == reverse("evaluation:pathway", args=[FALAISES, pathway.pk])
    return pathway


def test_the_referent_traces_a_pathway_step_by_step(goal, client_of):
    client = client_of(REFERENTE)
    pathway = create(client, goal)
    effect = ChainLink.objects.get(chain__project__slug=FALAISES, title__startswith="École, mairie")
    response = client.post(
        reverse("evaluation:pathway", args=[FALAISES, pathway.pk]),
        {
            "title": pathway.title,
            "horizon": pathway.horizon,
            **formset(
                [
                    {
                        "order": "1",
                        "effect": "Les parents poussent la porte de l'école",
                        "assumption": "L'école ouvre une salle aux parents le matin.",
                    },
                    {
                        "order": "2",
                        "effect": "Enseignants et parents se parlent régulièrement",
                        "assumption": "Les rencontres ont lieu hors des heures de travail.",
                        "chain_link": str(effect.pk),
                    },
                ]
            ),
        },
    )
    assert response.status_code == 302
    steps = list(pathway.steps.all())
    assert [s.effect for s in steps] == [
        "Les parents poussent la porte de l'école",
        "Enseignants et parents se parlent régulièrement",
    ]
    assert steps[1].chain_link == effect

    page = text(client.get(reverse("evaluation:pathways", args=[FALAISES])))
    assert "Des parents à l'école" in page
    assert "L'école ouvre une salle aux parents le matin." in page  # the assumption beside it
    assert f"#maillon-{effect.pk}" in page
    summaries = list(
        framework_for(goal.framework.project).changes.values_list("summary", flat=True)
    )
    assert any("Chemin « Des parents à l'école » : étapes mises à jour (ajoutées : 2" in s
               for s in summaries)  # fmt: skip
    assert any(s.startswith("Ajout : chemin de changement") for s in summaries)


def test_a_step_without_its_effect_is_refused_in_french_and_nothing_changes(goal, client_of):
    client = client_of(REFERENTE)
    pathway = create(client, goal)
    response = client.post(
        reverse("evaluation:pathway", args=[FALAISES, pathway.pk]),
        {
            "title": "Nouveau titre",
            **formset([{"order": "1", "effect": "", "assumption": "Une hypothèse seule"}]),
        },
    )
    assert response.status_code == 400
    assert "Ce champ est obligatoire." in text(response)
    pathway.refresh_from_db()
    assert pathway.title == "Des parents à l'école"  # the valid part was not saved either
    assert not pathway.steps.exists()


def test_steps_are_changed_and_deleted_in_one_save(goal, client_of):
    client = client_of(REFERENTE)
    pathway = create(client, goal)
    first = PathwayStep.objects.create(pathway=pathway, order=1, effect="Premier")
    second = PathwayStep.objects.create(pathway=pathway, order=2, effect="Second")
    response = client.post(
        reverse("evaluation:pathway", args=[FALAISES, pathway.pk]),
        {
            "title": pathway.title,
            "horizon": pathway.horizon,
            **formset(
                [
                    {"id": str(first.pk), "order": "1", "effect": "Premier, réécrit"},
                    {"id": str(second.pk), "order": "2", "effect": "Second", "DELETE": "on"},
                ],
                initial=2,
            ),
        },
    )
    assert response.status_code == 302
    assert list(pathway.steps.values_list("effect", flat=True)) == ["Premier, réécrit"]


def test_deleting_asks_first_then_removes_the_pathway_and_its_steps(goal, client_of):
    client = client_of(REFERENTE)
    pathway = create(client, goal)
    PathwayStep.objects.create(pathway=pathway, order=1, effect="Premier")
    url = reverse("evaluation:pathway_delete", args=[FALAISES, pathway.pk])
    assert "Supprimer le chemin de changement" in text(client.get(url))
    assert ChangePathway.objects.filter(pk=pathway.pk).exists()
    assert client.post(url).status_code == 302
    assert not ChangePathway.objects.filter(pk=pathway.pk).exists()
    assert not PathwayStep.objects.filter(pathway_id=pathway.pk).exists()


def test_readers_see_the_pathway_but_cannot_change_it(world, client_of):
    goal = framework_for(world.projects["bien-vieillir"]).goals.first()
    pathway = ChangePathway.objects.create(goal=goal, title="Vers le quartier")
    PathwayStep.objects.create(
        pathway=pathway, order=1, effect="Les aînés sortent", assumption="Un voisin les invite"
    )
    url = reverse("evaluation:pathway", args=["bien-vieillir", pathway.pk])
    reader = client_of(PARTENAIRE)
    page = text(reader.get(url))
    assert "Les aînés sortent" in page and "Un voisin les invite" in page
    assert "<form" not in page.split("<main", 1)[1]
    assert reader.post(url, {"title": "Piraté", **formset([])}).status_code == 403
    pathway.refresh_from_db()
    assert pathway.title == "Vers le quartier"
    assert client_of(COORDINATION).get(url).status_code == 200


def test_only_effects_of_the_project_can_stand_for_a_step(goal, world, client_of):
    client = client_of(REFERENTE)
    pathway = create(client, goal)
    page = text(client.get(reverse("evaluation:pathway", args=[FALAISES, pathway.pk])))
    own_effect = ChainLink.objects.filter(chain__project__slug=FALAISES, kind="effect").first()
    own_activity = ChainLink.objects.filter(chain__project__slug=FALAISES, kind="activity").first()
    foreign = ChainLink.objects.filter(chain__project__slug="bien-vieillir", kind="effect").first()
    assert own_effect.title in page
    assert own_activity.title not in page
    assert foreign.title not in page
    response = client.post(
        reverse("evaluation:pathway", args=[FALAISES, pathway.pk]),
        {
            "title": pathway.title,
            **formset([{"order": "1", "effect": "Un effet", "chain_link": str(foreign.pk)}]),
        },
    )
    assert response.status_code == 400
    assert not pathway.steps.exists()


def test_a_pathway_is_created_only_for_an_objective_of_the_project(world, client_of):
    foreign_goal = framework_for(world.projects["bien-vieillir"]).goals.first()
    response = client_of(REFERENTE).post(
        reverse("evaluation:pathways", args=[FALAISES]),
        {"goal": foreign_goal.pk, "title": "Ailleurs"},
    )
    assert response.status_code == 400
    assert "Sélectionnez un choix valide" in text(response)
    assert not ChangePathway.objects.filter(title="Ailleurs").exists()
