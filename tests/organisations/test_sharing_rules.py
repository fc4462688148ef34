"""What a structure shares with its network and with its project partners, proven from the side of
the people who read it: federation and CAF advisors, and the CCAS partner of Bien Vieillir."""

from datetime import date
from decimal import Decimal
from html import unescape

import pytest
from django.urls import reverse

from demo_people import CAF, COORDINATION, DIRECTION, FEDERATION, PARTENAIRE
from maillage.analysis.indicators import compute, project_period
from maillage.collection.models import Survey
from maillage.collection.models import Testimony as CollectedTestimony
from maillage.core.models import AuditEvent
from maillage.evaluation.actions import framework_for
from maillage.evaluation.models import Indicator, ManualValue, TransformationGoal
from maillage.organisations import actions, sharing
from maillage.organisations.models import NetworkShare, Organisation
from maillage.projects.models import Membership, Project, ProjectShare

pytestmark = pytest.mark.django_db
ADVISORS = [FEDERATION, CAF]
Scope = NetworkShare.Scope


def project_of(slug):
    return Project.objects.get(slug=f"projet-social-{slug}-2027-2030")


def page(client, name, **kwargs):
    response = client.get(reverse(name, kwargs=kwargs))
    return response.status_code, unescape(response.content.decode())


def admin_of(slug):
    return Organisation.objects.get(slug=slug).members.get(role="admin").user


# --- the demo's choices ---------------------------------------------------------------------------


def test_demo_shares_what_the_brief_describes(world):
    network = world.networks["causses"]
    assert sharing.shared_organisation_ids(network, Scope.REPORTS) == {
        world.organisations[s].pk for s in world.extra["causses_sharing_all"]
    }
    framework_ids = sharing.shared_organisation_ids(network, Scope.FRAMEWORK)
    assert len(framework_ids) == 5
    for slug in world.extra["causses_not_sharing"]:
        assert sharing.shares_of(world.organisations[slug]).with_network(network) == set()
    lauze = sharing.shares_of(world.organisations["la-lauze"]).with_network(network)
    assert lauze == {Scope.KEY_FIGURES, Scope.FRAMEWORK}


# --- network advisors -----------------------------------------------------------------------------


@pytest.mark.parametrize("email", ADVISORS)
def test_advisor_reads_a_shared_framework_chain_and_pathway_without_editing(email, client_of):
    client = client_of(email)
    status, text = page(client, "evaluation:framework", slug=project_of("haut-tarn").slug)
    assert status == 200
    assert "Socle" in text or "Cohésion sociale" in text
    assert "Ajouter un objectif" not in text and "Valider le cadre" not in text

    chain = project_of("haut-tarn").value_chains.get()
    status, text = page(client, "evaluation:chain", slug=chain.project.slug, chain_id=chain.pk)
    assert status == 200 and "Café associatif du samedi" in text
    link_add = reverse(
        "evaluation:chain_link_add", kwargs={"slug": chain.project.slug, "chain_id": chain.pk}
    )
    assert link_add not in text  # no form to add a maillon
    status, text = page(client, "evaluation:pathways", slug=project_of("la-lauze").slug)
    assert status == 200 and "Du repas partagé à l'entraide" in text

    # Every write is still refused, and nothing changes.
    framework = framework_for(project_of("haut-tarn"))
    goal_add = reverse("evaluation:goal_add", kwargs={"framework_id": framework.pk})
    assert client.post(goal_add, {"target": "territoire", "title": "Intrus"}).status_code == 403
    assert client.post(link_add, {"maillon-title": "Intrus"}).status_code == 403
    chains = reverse("evaluation:chains", kwargs={"slug": chain.project.slug})
    assert client.post(chains, {"title": "Intrus"}).status_code == 403
    validate = reverse("evaluation:framework_validate", kwargs={"framework_id": framework.pk})
    assert client.get(validate).status_code == 403
    pathways = reverse("evaluation:pathways", kwargs={"slug": project_of("la-lauze").slug})
    assert client.post(pathways, {"title": "Intrus"}).status_code == 403
    assert not TransformationGoal.objects.filter(title="Intrus").exists()


@pytest.mark.parametrize("email", ADVISORS)
def test_advisor_sees_nothing_of_a_structure_that_does_not_share(email, world, client_of):
    client = client_of(email)
    for slug in world.extra["causses_not_sharing"]:
        project = project_of(slug)
        TransformationGoal.objects.create(
            framework=framework_for(project), target="habitants", title="Objectif confidentiel"
        )
        for name in ("evaluation:framework", "evaluation:chains", "evaluation:pathways",
                     "analysis:results", "reports:report", "reports:report_pdf"):  # fmt: skip
            status, text = page(client, name, slug=project.slug)
            assert status == 403, (name, slug)
            assert "Objectif confidentiel" not in text


@pytest.mark.parametrize("email", ADVISORS)
def test_a_framework_share_opens_neither_results_nor_report(email, client_of):
    client = client_of(email)
    slug = project_of("la-lauze").slug
    assert page(client, "evaluation:framework", slug=slug)[0] == 200
    for name in ("analysis:results", "reports:report", "reports:report_pdf"):
        assert page(client, name, slug=slug)[0] == 403, name
    indicator = Indicator.objects.filter(framework__project__slug=slug).first()
    assert page(client, "analysis:indicator", slug=slug, indicator_id=indicator.pk)[0] == 403
    values = reverse(
        "evaluation:indicator_values",
        kwargs={"framework_id": indicator.framework_id, "item_id": indicator.pk},
    )
    assert client.get(values).status_code == 403


@pytest.mark.parametrize("email", ADVISORS)
def test_advisor_reads_shared_results_but_never_a_row(email, client_of):
    client = client_of(email)
    project = project_of("haut-tarn")
    status, text = page(client, "analysis:results", slug=project.slug)
    assert status == 200
    assert "Habitants membres des instances de décision" in text
    assert "answer_question" not in text and "<textarea" not in text  # no answer form
    indicator = Indicator.objects.get(
        framework__project=project, name="Habitants membres des instances de décision"
    )
    ManualValue.objects.create(
        indicator=indicator,
        period_start=date(2027, 1, 1),
        period_end=date(2027, 12, 31),
        value=Decimal("14"),
        note="Note interne du bilan 2027",
    )
    response = client.get(
        reverse("analysis:indicator", kwargs={"slug": project.slug, "indicator_id": indicator.pk})
    )
    assert response.status_code == 200
    assert compute(indicator, None).records.exists()  # there are rows behind the value…
    assert response.context["record_count"] == 0  # …and the advisor sees none of them
    assert not list(response.context["records"])
    assert "Note interne du bilan 2027" not in unescape(response.content.decode())
    own = client_of(admin_of("haut-tarn").email).get(response.request["PATH_INFO"])
    assert "Note interne du bilan 2027" in unescape(own.content.decode())
    values = reverse(
        "evaluation:indicator_values",
        kwargs={"framework_id": indicator.framework_id, "item_id": indicator.pk},
    )
    assert client.get(values).status_code == 200
    assert client.post(values, {"period_start": "2027-01-01", "value": "99"}).status_code == 403
    question = indicator.question
    answer = reverse(
        "analysis:answer_question", kwargs={"slug": project.slug, "question_id": question.pk}
    )
    assert client.post(answer, {f"q{question.pk}-text": "Intrus"}).status_code == 403


@pytest.mark.parametrize("email", ADVISORS)
def test_advisor_never_reaches_answers_records_or_testimonies(email, client_of):
    client = client_of(email)
    for name in ("collection:surveys", "collection:testimonies", "collection:activities",
                 "collection:volunteering"):  # fmt: skip
        assert page(client, name, slug="haut-tarn")[0] == 403, name
    survey = Survey.objects.create(
        organisation=Organisation.objects.get(slug="haut-tarn"),
        project=project_of("haut-tarn"),
        code="habitants-haut-tarn-2027",
        title="Questionnaire des habitants du Haut-Tarn",
    )
    for name in ("collection:survey", "collection:survey_responses"):
        assert page(client, name, survey_id=survey.pk)[0] == 403, name
    project = project_of("haut-tarn")
    testimony = CollectedTestimony.objects.create(
        organisation=Organisation.objects.get(slug="haut-tarn"),
        project=project,
        text="Témoignage confidentiel du Haut-Tarn",
        author_group="habitant",
        said_on=date(2026, 5, 1),
        consent_scope=CollectedTestimony.Scope.REPORTS,
        consent_on=date(2026, 5, 1),
    )
    testimony.goals.add(*framework_for(project).goals.all())
    response = client.get(reverse("collection:testimony", kwargs={"testimony_id": testimony.pk}))
    assert response.status_code in (403, 404)
    # The structure's own people see the quote on the results page; the advisor does not.
    own = client_of(admin_of("haut-tarn").email)
    assert "Témoignage confidentiel" in page(own, "analysis:results", slug=project.slug)[1]
    assert "Témoignage confidentiel" not in page(client, "analysis:results", slug=project.slug)[1]


@pytest.mark.parametrize("email", ADVISORS)
def test_advisor_reads_the_funders_report_in_html_and_pdf_but_builds_nothing(email, client_of):
    client = client_of(email)
    slug = project_of("haut-tarn").slug
    response = client.get(reverse("reports:report", kwargs={"slug": slug}), {"public": "residents"})
    assert response.status_code == 200
    assert response.context["options"].audience == "funders"  # the version shared with them
    text = unescape(response.content.decode())
    assert "Fabriquer le PDF" not in text and "XLSX" not in text
    pdf = client.get(reverse("reports:report_pdf", kwargs={"slug": slug}))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert "financeurs" in pdf["Content-Disposition"]
    build = client.post(reverse("reports:build_report", kwargs={"slug": slug}))
    assert build.status_code == 403
    assert client.get(reverse("reports:report_xlsx", kwargs={"slug": slug})).status_code == 403


def test_withdrawing_a_share_closes_the_pages_at_once(client_of):
    client = client_of(CAF)
    slug = project_of("haut-tarn").slug
    assert page(client, "reports:report", slug=slug)[0] == 200
    haut_tarn = Organisation.objects.get(slug="haut-tarn")
    actions.set_network_sharing(
        haut_tarn,
        haut_tarn.networks.get(),
        {Scope.KEY_FIGURES},
        by=admin_of("haut-tarn"),
    )
    for name in ("evaluation:framework", "evaluation:chains", "analysis:results",
                 "reports:report", "reports:report_pdf"):  # fmt: skip
        assert page(client, name, slug=slug)[0] == 403, name
    event = AuditEvent.objects.filter(verb="sharing.changed", organisation=haut_tarn).latest("pk")
    assert set(event.details["removed"]) == {"framework", "indicator_values", "reports"}


def test_leaving_the_network_ends_its_shares(client_of, world):
    from maillage.organisations.models import NetworkMembership

    NetworkMembership.objects.filter(organisation__slug="haut-tarn").delete()
    assert page(client_of(FEDERATION), "evaluation:framework", slug=project_of("haut-tarn").slug)[
        0
    ] == 403  # fmt: skip


def test_the_caf_as_funder_reads_only_what_is_shared(client_of):
    """The CAF funds every Causses projet social; being its funder shows the project, not its
    evaluation: that the structure shares or not."""
    client = client_of(CAF)
    estive = project_of("estive")
    assert estive.memberships.filter(organisation__slug="caf-causses", role="financeur").exists()
    assert page(client, "projects:detail", slug=estive.slug)[0] == 200
    assert page(client, "evaluation:framework", slug=estive.slug)[0] == 403


# --- the advisor's page for one structure ---------------------------------------------------------


@pytest.mark.parametrize("email", ADVISORS)
def test_advisor_page_links_each_shared_item_and_says_what_is_private(email, client_of):
    client = client_of(email)
    slug = project_of("haut-tarn").slug
    status, text = page(
        client, "organisations:shared_with_network", slug="reseau-causses", org_slug="haut-tarn"
    )
    assert status == 200
    assert "Ce que Centre social du Haut-Tarn partage avec le réseau" in text
    for name in ("evaluation:framework", "evaluation:chains", "analysis:results",
                 "reports:report", "reports:report_pdf"):  # fmt: skip
        assert reverse(name, kwargs={"slug": slug}) in text, name
    assert "jamais partagés" in text

    status, text = page(
        client, "organisations:shared_with_network", slug="reseau-causses", org_slug="la-lauze"
    )
    lauze = project_of("la-lauze").slug
    assert reverse("evaluation:framework", kwargs={"slug": lauze}) in text
    assert reverse("analysis:results", kwargs={"slug": lauze}) not in text
    assert "Valeurs des indicateurs" in text  # listed under what is not shared

    status, text = page(
        client, "organisations:shared_with_network", slug="reseau-causses", org_slug="estive"
    )
    assert status == 200 and "Rien pour l'instant." in text
    assert reverse("evaluation:framework", kwargs={"slug": project_of("estive").slug}) not in text


def test_advisor_page_is_for_the_networks_advisors_and_its_structures_only(client_of):
    url = "organisations:shared_with_network"
    for email in (DIRECTION, COORDINATION, PARTENAIRE):
        assert page(client_of(email), url, slug="reseau-causses", org_slug="haut-tarn")[0] == 404
    # A structure the network does not accompany, and an animator of the network itself.
    for org_slug in ("falaises", "caf-causses"):
        assert page(client_of(CAF), url, slug="reseau-causses", org_slug=org_slug)[0] == 404


# --- project partners -----------------------------------------------------------------------------


def test_partner_sees_key_figures_only_of_centres_that_share_them(world, client_of):
    client = client_of(PARTENAIRE)
    sharing_centre = world.organisations[world.extra["bien_vieillir_sharing"][0]]
    private_centre = world.organisations[world.extra["bien_vieillir_not_sharing"][0]]
    status, text = page(client, "projects:community", slug="bien-vieillir")
    assert status == 200
    section = text.split("Chiffres clés partagés par les membres")[1]
    assert sharing_centre.name in section
    assert private_centre.name not in section
    status, text = page(client, "organisations:detail", slug=sharing_centre.slug)
    assert "Budget annuel" in text
    status, text = page(client, "organisations:detail", slug=private_centre.slug)
    assert status == 200 and "Budget annuel" not in text

    actions.set_project_sharing(
        sharing_centre, world.projects["bien-vieillir"], set(), by=admin_of(sharing_centre.slug)
    )
    text = page(client, "projects:community", slug="bien-vieillir")[1]
    assert sharing_centre.name not in text.split("Chiffres clés partagés par les membres")[1]


def _visits_indicator(world):
    project = world.projects["bien-vieillir"]
    for indicator in Indicator.objects.filter(
        framework__project=project, source_type=Indicator.Source.ACTIVITY_RECORDS
    ):
        records = compute(indicator, None).records
        if records is not None and records.exists():
            return project, indicator
    pytest.skip("pas d'indicateur de relevés d'activité dans Bien Vieillir")


def test_partner_sees_rows_in_traces_only_of_centres_that_share_them(world, client_of):
    project, indicator = _visits_indicator(world)
    url = reverse("analysis:indicator", kwargs={"slug": project.slug, "indicator_id": indicator.pk})
    records = compute(indicator, project_period(project, None)).records
    sharing_ids = {world.organisations[s].pk for s in world.extra["bien_vieillir_sharing"]}
    expected = records.filter(activity__organisation_id__in=sharing_ids).count()
    assert 0 < expected < records.count()

    response = client_of(PARTENAIRE).get(url)
    assert response.status_code == 200
    assert response.context["record_count"] == expected
    assert {r.activity.organisation_id for r in response.context["records"]} <= sharing_ids

    # Withdrawn: the CCAS, which has no rows of its own, sees none.
    for slug in world.extra["bien_vieillir_sharing"]:
        actions.set_project_sharing(
            world.organisations[slug], project, {Scope.KEY_FIGURES}, by=admin_of(slug)
        )
    assert client_of(PARTENAIRE).get(url).context["record_count"] == 0


def test_a_framework_share_with_partners_opens_the_centres_projet_social(world, client_of):
    tilleuls = world.organisations["tilleuls"]
    social = Project.objects.create(
        title="Projet social des Tilleuls", slug="projet-social-tilleuls", kind="projet_social"
    )
    Membership.objects.create(project=social, organisation=tilleuls, role="porteur")
    TransformationGoal.objects.create(
        framework=framework_for(social), target="habitants", title="Objectif des Tilleuls"
    )
    client = client_of(PARTENAIRE)
    assert page(client, "evaluation:framework", slug=social.slug)[0] == 403

    actions.set_project_sharing(
        tilleuls, world.projects["bien-vieillir"], {Scope.FRAMEWORK}, by=admin_of("tilleuls")
    )
    status, text = page(client, "evaluation:framework", slug=social.slug)
    assert status == 200 and "Objectif des Tilleuls" in text
    assert page(client, "reports:report", slug=social.slug)[0] == 403
    assert page(client, "analysis:results", slug=social.slug)[0] == 403
    # People outside Bien Vieillir gain nothing from it.
    assert page(client_of(DIRECTION), "evaluation:framework", slug=social.slug)[0] == 403
    # A Bien Vieillir project that is not its projet social stays closed.
    assert page(client, "evaluation:framework", slug="inclusion-numerique")[0] == 403


# --- the sharing page -----------------------------------------------------------------------------


def test_sharing_page_lists_networks_and_projects_with_plain_sentences(world, client_of):
    director = "direction@tilleuls.demo"
    url = reverse("organisations:sharing", kwargs={"slug": "tilleuls"})
    text = unescape(client_of(director).get(url).content.decode())
    assert "Collectif Bien Vieillir" in text and "Inclusion numérique partagée" in text
    assert "voient vos derniers chiffres clés sur la page de la communauté" in text
    project = world.projects["inclusion-numerique"]
    response = client_of(director).post(url, {f"p{project.pk}-scopes": ["key_figures", "reports"]})
    assert response.status_code == 302
    assert set(
        ProjectShare.objects.filter(project=project, organisation__slug="tilleuls").values_list(
            "scope", flat=True
        )
    ) == {"key_figures", "reports"}
    # Bien Vieillir's boxes were not sent: unticked, so its shares are withdrawn.
    assert not ProjectShare.objects.filter(
        project=world.projects["bien-vieillir"], organisation__slug="tilleuls"
    ).exists()
    event = AuditEvent.objects.filter(verb="sharing.project_changed").latest("pk")
    assert event.details["added"] == ["key_figures", "reports"]


def test_only_the_structures_admins_change_what_it_shares(client_of, world):
    url = reverse("organisations:sharing", kwargs={"slug": "tilleuls"})
    project = world.projects["bien-vieillir"]
    for email in (CAF, PARTENAIRE, COORDINATION):
        response = client_of(email).post(url, {f"p{project.pk}-scopes": ["framework"]})
        assert response.status_code == 403, email
    assert not ProjectShare.objects.filter(
        project=project, organisation__slug="tilleuls", scope="framework"
    ).exists()
