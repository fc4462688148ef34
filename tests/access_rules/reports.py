"""Access table of a project's restitution (reports app): the members' people read it (Les
Falaises' direction D and référente R for its projet social; nobody else). Sharing is for those
who edit the project; a shared link opens only for its recipient (here the CAF advisor)."""

from access_rules.base import CAF, DIRECTION, OK, REDIRECT, REFERENTE, Case, only

FALAISES = {"slug": "projet-social-falaises-2023-2026"}
PEOPLE = {DIRECTION: OK, REFERENTE: OK}


def _share(world):
    from maillage.accounts.models import User
    from maillage.reports.actions import share_report
    from maillage.reports.content import Options

    project = world.projects["projet-social-falaises-2023-2026"]
    return share_report(project, User.objects.get(email=CAF), Options(), "", by=None)


def share(world):
    return {**FALAISES, "share_id": _share(world).pk}


def token(world):
    return {"token": _share(world).token}


CASES = [
    Case("reports:report", kwargs=FALAISES, expect=only(PEOPLE)),
    Case("reports:report_pdf", kwargs=FALAISES, expect=only(PEOPLE)),
    Case("reports:report_xlsx", kwargs=FALAISES, expect=only(PEOPLE)),
    Case("reports:shares", kwargs=FALAISES, expect=only(PEOPLE)),
    Case(
        "reports:share_revoke",
        kwargs=share,
        method="post",
        expect=only({DIRECTION: REDIRECT, REFERENTE: REDIRECT}),
    ),
    Case("reports:shared", kwargs=token, expect=only({CAF: OK})),
    Case("reports:shared_pdf", kwargs=token, expect=only({CAF: OK})),
]


def build(world):
    from maillage.reports.models import ReportBuild
    from maillage.reports.tasks import execute

    project = world.projects["projet-social-falaises-2023-2026"]
    item = ReportBuild.objects.create(project=project)
    execute(item)
    return {**FALAISES, "build_id": item.pk}


CASES += [
    Case("reports:build_report", kwargs=FALAISES, method="post", expect=only(
        {DIRECTION: REDIRECT, REFERENTE: REDIRECT})),
    Case("reports:build", kwargs=build, expect=only(PEOPLE)),
    Case("reports:build_pdf", kwargs=build, expect=only(PEOPLE)),
]  # fmt: skip
