"""The pseudonymised dataset of a structure: no name nor address of anybody in the ZIP, stable
pseudonyms that link the same person across files and exports, not across structures; formula-safe
cells; internal testimonies left out; the same file from the page and from the command line."""

import csv
import io
import zipfile
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from demo_people import DEMO_EMAILS, DIRECTION, REFERENTE
from maillage import cli
from maillage.collection import pseudonymised
from maillage.collection.models import Participant, Response, Survey, VolunteerTime
from maillage.collection.models import Testimony as Quote  # "Test…" would be collected by pytest
from maillage.core.models import AuditEvent
from maillage.organisations.models import Mandate

pytestmark = pytest.mark.django_db

PAGE = reverse("collection:pseudonymised_export", kwargs={"slug": "falaises"})
EMAIL, PHONE = "jeanne.martin@exemple.fr", "06 12 34 56 78"


def _files(data: bytes) -> dict[str, list[dict]]:
    archive = zipfile.ZipFile(io.BytesIO(data))
    return {
        name: list(
            csv.DictReader(io.StringIO(archive.read(name).decode("utf-8-sig")), delimiter=";")
        )
        for name in archive.namelist()
        if name.endswith(".csv")
    }


def _all_text(data: bytes) -> str:
    archive = zipfile.ZipFile(io.BytesIO(data))
    return "\n".join(archive.read(name).decode("utf-8-sig") for name in archive.namelist())


def _people(organisation) -> set[str]:
    """Every name and address of a person that Maillage holds for the structure, and accounts."""
    names = set(
        Participant.objects.filter(organisation=organisation).values_list("name", flat=True)
    )
    names |= set(
        Mandate.objects.filter(body__organisation=organisation).values_list(
            "person_name", flat=True
        )
    )
    names |= set(
        Quote.objects.filter(organisation=organisation).values_list("author_name", flat=True)
    )
    for name, email in Response.objects.filter(survey__organisation=organisation).values_list(
        "respondent_name", "respondent_email"
    ):
        names |= {name, email}
    for name, email in get_user_model().objects.values_list("full_name", "email"):
        names |= {name, email}
    return {name for name in names if name} | set(DEMO_EMAILS)


@pytest.fixture
def extra(world):
    """What the demo does not hold: an identified answer whose open text gives an address and a
    phone number, a testimony that names a volunteer in its text and one starting with '='."""
    falaises = world.organisations["falaises"]
    survey = Survey.objects.get(organisation=falaises, code="benevoles-falaises-2025")
    response = survey.responses.filter(respondent_name="").first()
    response.respondent_name, response.respondent_email = "Jeanne Martin", EMAIL
    response.save()
    answer = response.answers.filter(question__type__in=["short_text", "long_text"]).first()
    answer.text = f"Appelez-moi au {PHONE} ou écrivez à {EMAIL}"
    answer.save()
    volunteer = Participant.objects.filter(organisation=falaises, volunteer_times__isnull=False)[0]
    first_name = volunteer.name.split()[0]
    quoted = Quote.objects.create(
        organisation=falaises, text=f"{first_name} m'a appris à coudre, merci {volunteer.name} !",
        author_group="habitant", said_on=date(2026, 1, 5), consent_on=date(2026, 1, 5),
        consent_scope="reports",
    )  # fmt: skip
    formula = Quote.objects.create(
        organisation=falaises, text='=HYPERLINK("http://exemple.invalid")',
        author_group="benevole",
        said_on=date(2026, 1, 6), consent_on=date(2026, 1, 6), consent_scope="public",
    )  # fmt: skip
    return {"volunteer": volunteer, "quoted": quoted, "formula": formula}


def test_the_export_names_nobody(world, client_of, extra):
    falaises = world.organisations["falaises"]
    response = client_of(DIRECTION).post(PAGE)
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert "falaises-pseudonymise-" in response["Content-Disposition"]
    content = _all_text(response.content).casefold()
    people = _people(falaises)
    assert len(people) > 50
    assert [name for name in people if name.casefold() in content] == []
    assert PHONE not in content and "[téléphone retiré]" in content

    files = _files(response.content)
    assert set(files) == {
        "reponses.csv", "reponses_detail.csv", "questions.csv", "temoignages.csv",
        "seances.csv", "presences.csv", "benevolat.csv", "accueil.csv", "mandats.csv",
    }  # fmt: skip
    for name in ("reponses.csv", "seances.csv", "benevolat.csv", "accueil.csv", "mandats.csv"):
        assert files[name], f"{name} est vide"
    testimonies = {row["temoignage"]: row for row in files["temoignages.csv"]}
    quoted = testimonies[pseudonymised.pseudonym(falaises, "testimony", extra["quoted"].pk)]
    assert quoted["texte"] == "[nom retiré] m'a appris à coudre, merci [nom retiré] !"
    formula = testimonies[pseudonymised.pseudonym(falaises, "testimony", extra["formula"].pk)]
    assert formula["texte"].startswith("'=")  # text for the spreadsheet, never a formula
    internal = Quote.objects.filter(organisation=falaises, consent_scope="internal").count()
    assert (
        internal
        and len(testimonies) == Quote.objects.filter(organisation=falaises).count() - internal
    )
    event = AuditEvent.objects.get(organisation=falaises, verb="personal_data.pseudonymised_export")
    assert event.details["counts"]["reponses"] == len(files["reponses.csv"])


def test_pseudonyms_are_stable_and_link_one_person_across_files(world, extra, settings):
    falaises = world.organisations["falaises"]
    first, _counts = pseudonymised.build(falaises)
    second, _counts = pseudonymised.build(falaises)
    assert _files(first) == _files(second)

    files = _files(first)
    volunteer = pseudonymised.person(falaises, extra["volunteer"].name)
    assert volunteer.startswith("P-") and len(volunteer) == 14
    assert volunteer in {row["personne"] for row in files["benevolat.csv"]}
    jeanne = pseudonymised.person(falaises, "Jeanne Martin")
    assert jeanne in {row["personne"] for row in files["reponses.csv"]}  # her named answer
    assert jeanne in {row["personne"] for row in files["benevolat.csv"]}  # and her hours
    hours = VolunteerTime.objects.filter(organisation=falaises, person__name="Jeanne Martin")
    assert sum(row["personne"] == jeanne for row in files["benevolat.csv"]) == hours.count()

    other = next(org for slug, org in world.organisations.items() if slug != "falaises")
    assert pseudonymised.person(other, "Jeanne Martin") != jeanne
    settings.SECRET_KEY = "une-autre-instance-" * 3
    assert pseudonymised.person(falaises, "Jeanne Martin") != jeanne


def test_only_the_structure_admins_download_it(world, client_of):
    from maillage.organisations.models import OrganisationMember

    other = (
        OrganisationMember.objects.filter(role="admin")
        .exclude(organisation__slug="falaises")
        .exclude(user__memberships__organisation__slug="falaises")
        .first()
    )
    for email in (REFERENTE, other.user.email):
        assert client_of(email).post(PAGE).status_code == 403
    page = client_of(DIRECTION).get(PAGE)
    assert "Télécharger l'export (ZIP)" in page.content.decode().replace("&#x27;", "'")
    assert not AuditEvent.objects.filter(verb="personal_data.pseudonymised_export").exists()


def test_the_command_line_writes_the_same_export(world, extra, tmp_path, capsys):
    target = tmp_path / "falaises.zip"
    code = cli.main(["export", "--pseudonymise", "--structure", "falaises", "-o", str(target)])
    assert code == 0
    assert "Données pseudonymisées de « Centre social Les Falaises »" in capsys.readouterr().out
    assert _files(target.read_bytes()) == _files(
        pseudonymised.build(world.organisations["falaises"])[0]
    )
    assert cli.main(["export", "--pseudonymise", "-o", str(target)]) == 2
    assert "--structure SLUG" in capsys.readouterr().err
    assert cli.main(["export", "--pseudonymise", "--structure", "inconnue", "-o", str(target)]) == 1
    assert "Aucune structure" in capsys.readouterr().err
