"""Building blocks of the access table: outcomes, accounts and the Case record.

Each module of this folder (except this one) defines `CASES`, the expected outcome of every URL
of one part of the site for every demo account. `tests/test_access_matrix.py` gathers them all."""

from dataclasses import dataclass, field

from demo_people import CAF, COORDINATION, DIRECTION, FEDERATION, PARTENAIRE, REFERENTE

ANON = "anonyme"
ALL = [ANON, DIRECTION, REFERENTE, COORDINATION, FEDERATION, CAF, PARTENAIRE]
LOGIN = "login"  # redirected to the login page
OK, REDIRECT, FORBIDDEN, NOT_FOUND, GONE = 200, 302, 403, 404, 410


@dataclass
class Case:
    name: str
    kwargs: object = None  # dict, or a callable(world) -> dict
    method: str = "get"
    data: dict = field(default_factory=dict)
    expect: dict = field(default_factory=dict)
    label: str = ""

    def outcome(self, account):
        return self.expect[account]


def everyone(value, **overrides):
    table = dict.fromkeys(ALL, value)
    table.update(overrides)
    return table


def logged_in(value, **overrides):
    """Anonymous visitors go to the login page; logged-in accounts get `value` unless overridden."""
    table = everyone(value)
    table[ANON] = LOGIN
    table.update(overrides)
    return table


def only(allowed: dict, default=FORBIDDEN):
    table = everyone(default)
    table[ANON] = LOGIN
    table.update(allowed)
    return table


def falaises_member(world, email=None):
    from maillage.organisations.models import OrganisationMember

    member = OrganisationMember.objects.get(
        organisation__slug="falaises", user__email=email or REFERENTE
    )
    return {"slug": "falaises", "member_id": member.pk}


def falaises_invitation(world):
    from maillage.accounts.models import Invitation

    invitation = Invitation.objects.create(
        organisation=world.organisations["falaises"], email="nouvelle@falaises.demo", role="reader"
    )
    return {"slug": "falaises", "invitation_id": invitation.pk}


def invitation_token(world):
    from maillage.accounts.models import Invitation

    invitation = Invitation.objects.create(
        organisation=world.organisations["falaises"], email="nouvelle@falaises.demo", role="reader"
    )
    return {"token": invitation.token}


def causses_structure(world, sharing=True):
    not_sharing = world.extra["causses_not_sharing"]
    slug = next(s for s in world.extra["causses_structures"] if (s not in not_sharing) == sharing)
    return {"slug": slug}
