"""The demo world as a visitor of `maillage demo` meets it (DESIGN §6)."""

from decimal import Decimal

import pytest
from django.contrib.auth import authenticate
from django.db import connection
from django.test import RequestFactory

from maillage import access
from maillage.accounts.models import User
from maillage.demo import registry
from maillage.demo.registry import DEMO_ACCOUNTS, DEMO_PASSWORD
from maillage.organisations.models import (
    Network,
    NetworkMembership,
    NetworkShare,
    Organisation,
    OrganisationMember,
)
from maillage.projects.models import Membership, Project, SharedPost

pytestmark = pytest.mark.django_db


@pytest.fixture
def fresh_world(world):
    """The demo world as `registry.build()` made it from an empty database for this session
    (conftest). Building it again in each test would cost seconds each; that a wiped database
    gets the same world back is proven once, by `test_world_can_be_wiped_and_built_again`."""
    assert registry.is_loaded()
    return world


def _user(email):
    return User.objects.get(email=email)


def _login(email, password):
    # django-axes' backend needs the request to count failures.
    request = RequestFactory().post("/connexion/")
    return authenticate(request=request, username=email, password=password)


def test_every_demo_account_logs_in_with_the_demo_password(fresh_world):
    assert registry.is_loaded()
    for email, _label in DEMO_ACCOUNTS:
        user = _login(email, DEMO_PASSWORD)
        assert user is not None, email
        assert user.email == email
        assert user.full_name
        assert user.memberships.exists(), f"{email} belongs to no structure"
    assert _login("direction@falaises.demo", "pas-le-bon-mot-de-passe") is None


def test_les_falaises_has_its_people_figures_partners_and_projet_social(fresh_world):
    falaises = Organisation.objects.get(name="Centre social Les Falaises")
    assert falaises.kind == Organisation.Kind.SOCIAL_CENTRE
    assert falaises.department.code == "76"
    assert falaises.postal_code.startswith("76")
    assert falaises.agrement_end.isoformat() == "2026-12-31"
    figures = falaises.latest_key_figures()
    assert figures.year == 2025
    assert 25 <= figures.salaried_staff <= 35
    assert figures.board_members == 28
    assert 600 <= figures.member_families <= 800
    assert falaises.key_figures.count() == 2

    roles = dict(falaises.members.values_list("user__email", "role"))
    assert roles["direction@falaises.demo"] == "admin"
    assert roles["referente@falaises.demo"] == "contributor"
    assert "reader" in roles.values()
    assert all(email.endswith("@falaises.demo") for email in roles)

    project = Project.objects.get(title="Projet social 2023-2026 des Falaises")
    assert project.lead == falaises
    by_role = {}
    for membership in project.memberships.select_related("organisation"):
        by_role.setdefault(membership.role, set()).add(membership.organisation.kind)
    assert by_role["financeur"] == {"collectivite", "caf"}
    assert by_role["partenaire"] == {"service_public", "association"}
    referent = project.memberships.get(role="porteur").referent
    assert referent.email == "referente@falaises.demo"


def test_bien_vieillir_gathers_seven_centres_and_the_ccas_around_one_lead(fresh_world):
    project = Project.objects.get(title="Collectif Bien Vieillir")
    assert project.kind == Project.Kind.COOPERATION
    members = project.memberships.select_related("organisation", "referent")
    centres = [m for m in members if m.organisation.kind == Organisation.Kind.SOCIAL_CENTRE]
    assert len(centres) == 7
    assert len({m.organisation.commune for m in centres}) == 1
    assert [m.organisation.name for m in members if m.role == "porteur"] == [project.lead.name]
    assert project.lead.kind == Organisation.Kind.SOCIAL_CENTRE
    ccas = members.get(organisation__name="CCAS de Bellerive")
    assert ccas.role == "partenaire"
    assert ccas.referent.email == "partenaire@ccas.demo"
    assert members.get(role="porteur").referent.email == "coordination@bienvieillir.demo"

    coordinator = OrganisationMember.objects.get(user__email="coordination@bienvieillir.demo")
    assert coordinator.organisation == project.lead
    assert coordinator.role == "contributor"
    for membership in centres:
        assert membership.organisation.members.filter(role="admin").exists()
        assert membership.organisation.key_figures.filter(year=2025).exists()


def test_partenaire_ccas_belongs_to_the_ccas_only_and_sees_only_bien_vieillir(fresh_world):
    ccas_user = _user("partenaire@ccas.demo")
    assert list(ccas_user.memberships.values_list("organisation__name", flat=True)) == [
        "CCAS de Bellerive"
    ]
    assert list(access.visible_projects(ccas_user)) == [
        Project.objects.get(title="Collectif Bien Vieillir")
    ]


@pytest.mark.parametrize(
    ("title", "n_structures"),
    [
        ("Responsable des ressources humaines mutualisé", 2),
        ("Conseiller numérique (inclusion numérique)", 3),
    ],
)
def test_shared_posts_are_fully_allocated(fresh_world, title, n_structures):
    post = SharedPost.objects.get(title=title)
    allocations = list(post.allocations.select_related("organisation"))
    assert len(allocations) == n_structures
    assert sum(a.fte for a in allocations) == post.total_fte
    assert sum(a.cost_share for a in allocations) == Decimal("1")
    assert sum(a.annual_cost for a in allocations) == post.annual_cost
    assert post.project.kind == Project.Kind.POOLING
    project_members = set(post.project.organisations.all())
    assert project_members == {a.organisation for a in allocations}
    assert post.project.lead == post.employer
    assert not post.project.organisations.filter(name="CCAS de Bellerive").exists()


def test_hr_manager_is_shared_by_two_associations_outside_bien_vieillir(fresh_world):
    post = SharedPost.objects.get(title="Responsable des ressources humaines mutualisé")
    structures = post.project.organisations.all()
    assert {o.kind for o in structures} == {Organisation.Kind.ASSOCIATION}
    bien_vieillir = Project.objects.get(title="Collectif Bien Vieillir")
    assert not bien_vieillir.organisations.filter(pk__in=structures).exists()


def test_causses_network_accompanies_eight_structures_and_six_share_figures(fresh_world):
    network = Network.objects.get(name="Réseau des Causses")
    animators = network.memberships.filter(role=NetworkMembership.Role.ANIMATOR)
    accompanied = network.memberships.filter(role=NetworkMembership.Role.ACCOMPANIED)
    assert {m.organisation.kind for m in animators} == {"federation", "caf"}
    assert accompanied.count() == 8
    assert {m.organisation.kind for m in accompanied} == {"evs", "centre_social"}
    shares = NetworkShare.objects.filter(network=network, scope=NetworkShare.Scope.KEY_FIGURES)
    assert shares.count() == 6
    not_sharing = set(
        accompanied.exclude(organisation__in=shares.values("organisation")).values_list(
            "organisation__slug", flat=True
        )
    )
    assert not_sharing == set(fresh_world.extra["causses_not_sharing"])
    assert not network.organisations.filter(name="Centre social Les Falaises").exists()

    for membership in accompanied.select_related("organisation"):
        structure = membership.organisation
        assert structure.members.filter(role="admin").exists()
        figures = structure.key_figures.get(year=2025)
        assert 1 <= figures.salaried_staff <= 8
        projet_social = structure.projects.get(kind=Project.Kind.SOCIAL_PROJECT)
        assert projet_social.title.startswith("Projet social 2027-2030 ")
        assert projet_social.lead == structure
        assert projet_social.memberships.get(role="financeur").organisation.name == (
            "CAF des Causses"
        )


def test_caf_advisor_sees_figures_only_where_they_are_shared(fresh_world):
    caf_user = _user("caf@causses.demo")
    network = fresh_world.networks["causses"]
    assert access.can(caf_user, "network.advise", network)
    for slug in fresh_world.extra["causses_structures"]:
        structure = Organisation.objects.get(slug=slug)
        assert access.can(caf_user, "organisation.view", structure)
        shared = slug not in fresh_world.extra["causses_not_sharing"]
        assert access.can(caf_user, "organisation.view_figures", structure) is shared, slug


def test_each_structure_keeps_its_projects_to_itself(fresh_world):
    direction_falaises = _user("direction@falaises.demo")
    bien_vieillir = Project.objects.get(title="Collectif Bien Vieillir")
    assert not access.can(direction_falaises, "project.view", bien_vieillir)
    assert access.can(_user("coordination@bienvieillir.demo"), "project.edit", bien_vieillir)
    assert not access.can(_user("partenaire@ccas.demo"), "project.edit", bien_vieillir)
    assert not access.visible_networks(direction_falaises).exists()
    federation_user = _user("federation@causses.demo")
    assert not access.visible_projects(federation_user).exists()


def test_slugs_are_lowercase_ascii(fresh_world):
    for model in (Organisation, Project, Network):
        for slug in model.objects.values_list("slug", flat=True):
            assert slug.isascii() and slug == slug.lower() and " " not in slug, slug


def test_world_can_be_wiped_and_built_again(fresh_world):
    models = (User, Organisation, OrganisationMember, Project, Membership, SharedPost, Network)
    counts = {model: model.objects.count() for model in models}
    # PostgreSQL refuses to TRUNCATE tables with pending deferred foreign-key checks from the
    # same transaction (the test's): run those checks first, as Django's TestCase does.
    connection.check_constraints()
    registry.wipe()
    assert not registry.is_loaded()
    registry.build()
    assert {model: model.objects.count() for model in models} == counts
