"""The `maillage` command: demo, serve, migrate, createadmin, worker, backup, restore…

Arguments are parsed before Django starts, because the mode (demo or production) decides the
settings. Every message is in French, including argparse's own.
"""

from __future__ import annotations

import argparse
import getpass
import os
import secrets
import socket
import subprocess
import sys
from pathlib import Path

DEMO_DIR_NAME = ".maillage-demo"

# argparse looks its messages up through its module-level `_`; give it French ones.
_ARGPARSE_FR = {
    "usage: ": "utilisation : ",
    "options": "options",
    "positional arguments": "arguments",
    "show this help message and exit": "afficher cette aide et quitter",
    "the following arguments are required: %s": "arguments obligatoires manquants : %s",
    "unrecognized arguments: %s": "arguments non reconnus : %s",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "choix invalide : %(value)r (choix possibles : %(choices)s)"
    ),
    "invalid %(type)s value: %(value)r": "valeur invalide (%(type)s attendu) : %(value)r",
    "expected one argument": "une valeur est attendue",
    "argument %(argument_name)s: %(message)s": "argument %(argument_name)s : %(message)s",
    "%(prog)s: error: %(message)s\n": "%(prog)s : erreur : %(message)s\n",
    "ambiguous option: %(option)s could match %(matches)s": (
        "option ambiguë : %(option)s peut désigner %(matches)s"
    ),
}
argparse._ = lambda message: _ARGPARSE_FR.get(message, message)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="maillage",
        description=(
            "Maillage : évaluer et montrer la valeur sociale créée par les centres sociaux, "
            "les espaces de vie sociale et leurs partenaires."
        ),
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMANDE", title="commandes")

    demo = commands.add_parser(
        "demo",
        help="lancer la démonstration (base SQLite dans .maillage-demo/, comptes de démonstration)",
        description=(
            "Crée si besoin une base SQLite dans .maillage-demo/, y charge le monde de "
            "démonstration, puis sert Maillage sur http://127.0.0.1:8000."
        ),
    )
    demo.add_argument("--port", type=int, default=8000, help="port d'écoute (défaut : 8000)")
    demo.add_argument("--host", default="127.0.0.1", help="adresse d'écoute (défaut : 127.0.0.1)")
    demo.add_argument(
        "--reset", action="store_true", help="effacer la démonstration et la reconstruire"
    )
    demo.add_argument(
        "--no-serve",
        action="store_true",
        help="préparer la base sans démarrer le serveur",
    )

    serve = commands.add_parser(
        "serve",
        help="démarrer le serveur de production (base : DATABASE_URL, SECRET_KEY obligatoire)",
        description=(
            "Démarre Maillage avec le serveur gunicorn. La base vient de DATABASE_URL ; "
            "SECRET_KEY est obligatoire."
        ),
    )
    serve.add_argument("--host", default="127.0.0.1", help="adresse d'écoute (défaut : 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port d'écoute (défaut : 8000)")
    serve.add_argument(
        "--workers", type=int, default=2, help="nombre de processus de service (défaut : 2)"
    )
    serve.add_argument(
        "--threads", type=int, default=4, help="fils d'exécution par processus (défaut : 4)"
    )

    commands.add_parser(
        "migrate",
        help="créer ou mettre à jour les tables de la base",
        description="Applique les migrations à la base désignée par DATABASE_URL.",
    )

    createadmin = commands.add_parser(
        "createadmin",
        help="créer un compte d'administration de l'instance",
        description=(
            "Crée un compte qui administre l'instance. Le mot de passe est demandé, ou lu dans "
            "la variable MAILLAGE_ADMIN_PASSWORD."
        ),
    )
    createadmin.add_argument("--email", required=True, help="adresse e-mail du compte")
    createadmin.add_argument("--name", default="", help="nom complet")

    worker = commands.add_parser(
        "worker",
        help="exécuter les tâches de fond (imports, rapports, e-mails)",
        description="Exécute les tâches de fond enregistrées dans la base, jusqu'à interruption.",
    )
    worker.add_argument(
        "--interval", type=float, default=1.0, help="secondes entre deux recherches de tâches"
    )
    worker.add_argument(
        "--batch", action="store_true", help="traiter les tâches en attente puis s'arrêter"
    )
    export = commands.add_parser(
        "export",
        help="exporter les réponses d'un questionnaire (CSV, XLSX), sa définition (XLSForm) "
        "ou toutes les données d'une structure, pseudonymisées",
        description=(
            "Écrit les réponses d'un questionnaire, personnes pseudonymisées, ou sa définition "
            "au format XLSForm (KoboToolbox, ODK). « export --pseudonymise --structure SLUG "
            "-o FICHIER.zip » écrit toutes les données de la structure (réponses, témoignages, "
            "activités, accueil, mandats), chaque personne remplacée par un pseudonyme."
        ),
    )
    export.add_argument(
        "survey", nargs="?", help="identifiant du questionnaire (ex. benevoles-2025)"
    )
    export.add_argument(
        "--pseudonymise", action="store_true",
        help="exporter toutes les données d'une structure, pseudonymisées (ZIP de CSV), "
        "avec --structure",
    )  # fmt: skip
    export.add_argument("--structure", metavar="SLUG", help="structure à exporter (ex. falaises)")
    export.add_argument("--format", choices=["csv", "xlsx", "xlsform"], default="xlsx")
    export.add_argument("-o", "--output", required=True, help="fichier à écrire")
    export.add_argument("--demo", action="store_true", help="utiliser la base de démonstration")

    report = commands.add_parser(
        "report",
        help="écrire la restitution d'un projet (PDF, HTML) ou ses indicateurs (XLSX)",
        description=(
            "Écrit le rapport d'un projet, tel que la page « Restitution » le montre : pour les "
            "financeurs, les partenaires ou les habitants (version en langage simple)."
        ),
    )
    report.add_argument(
        "project", nargs="?", help="identifiant du projet (ex. projet-social-falaises)"
    )
    report.add_argument(
        "--reseau", metavar="SLUG",
        help="écrire le rapport d'un réseau (ex. reseau-causses) au lieu de celui d'un projet",
    )  # fmt: skip
    report.add_argument("--format", choices=["pdf", "html", "xlsx"], default="pdf")
    report.add_argument("-o", "--output", required=True, help="fichier à écrire")
    report.add_argument(
        "--public", choices=["funders", "partners", "residents"], default="funders",
        help="pour qui : financeurs, partenaires ou habitants",
    )  # fmt: skip
    report.add_argument("--annee", help="une année du projet (par défaut : toute la période)")
    report.add_argument(
        "--taux", help="valoriser le bénévolat à ce taux horaire en euros (par défaut : le SMIC)"
    )
    report.add_argument("--demo", action="store_true", help="utiliser la base de démonstration")

    import_ = commands.add_parser(
        "import",
        help="importer un questionnaire XLSForm ou des réponses (CSV, XLSX)",
        description=(
            "« import xlsform FICHIER --structure SLUG » crée un questionnaire ; « import "
            "responses FICHIER --survey IDENTIFIANT » ajoute des réponses, en entier ou pas du "
            "tout, les colonnes étant associées aux questions par leur code ou leur libellé ; "
            "« import sessions » et « import volunteering FICHIER --structure SLUG » ajoutent "
            "des séances d'activité ou du temps bénévole, en entier ou pas du tout."
        ),
    )
    import_.add_argument(
        "kind",
        choices=["xlsform", "responses", "sessions", "volunteering"],
        help="ce que contient le fichier",
    )
    import_.add_argument("file", help="fichier à lire")
    import_.add_argument(
        "--structure", help="structure concernée (xlsform, sessions, volunteering)"
    )
    import_.add_argument("--survey", help="questionnaire qui reçoit les réponses (responses)")
    import_.add_argument("--demo", action="store_true", help="utiliser la base de démonstration")

    token = commands.add_parser(
        "token",
        help="gérer les jetons d'accès à l'API d'un compte",
        description=(
            "« token create --email E --name N » crée un jeton et l'affiche (une seule fois) ; "
            "« token list --email E » liste les jetons d'un compte ; « token revoke ID » "
            "révoque un jeton."
        ),
    )
    token_commands = token.add_subparsers(dest="token_command", metavar="ACTION", required=True)
    token_create = token_commands.add_parser("create", help="créer un jeton et l'afficher")
    token_create.add_argument("--email", required=True, help="adresse e-mail du compte")
    token_create.add_argument("--name", required=True, help="à quoi sert le jeton")
    token_list = token_commands.add_parser("list", help="lister les jetons d'un compte")
    token_list.add_argument("--email", required=True, help="adresse e-mail du compte")
    token_revoke = token_commands.add_parser("revoke", help="révoquer un jeton")
    token_revoke.add_argument("id", type=int, help="numéro du jeton (voir « token list »)")
    for sub in (token_create, token_list, token_revoke):
        sub.add_argument("--demo", action="store_true", help="utiliser la base de démonstration")

    backup = commands.add_parser(
        "backup",
        help="sauvegarder toute la base et les fichiers envoyés dans une archive",
        description=(
            "Écrit dans FICHIER (une archive zip) toutes les tables de la base, SQLite ou "
            "PostgreSQL, et les fichiers envoyés (photos, sons). L'archive se restaure avec "
            "« maillage restore », sur l'une ou l'autre base."
        ),
    )
    backup.add_argument("file", metavar="FICHIER", help="archive à écrire (ex. maillage.zip)")
    backup.add_argument("--demo", action="store_true", help="utiliser la base de démonstration")
    restore = commands.add_parser(
        "restore",
        help="restaurer une sauvegarde faite avec « maillage backup »",
        description=(
            "Vérifie l'archive en entier puis recharge toutes les tables en une seule "
            "transaction (tout ou rien) et les fichiers envoyés. La base doit avoir les mêmes "
            "migrations que la sauvegarde. Une base qui contient déjà des données n'est "
            "remplacée qu'avec --remplacer."
        ),
    )
    restore.add_argument("file", metavar="FICHIER", help="archive à lire")
    restore.add_argument(
        "--remplacer",
        action="store_true",
        help="effacer les données présentes dans la base et les remplacer par la sauvegarde",
    )
    restore.add_argument("--demo", action="store_true", help="utiliser la base de démonstration")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    handlers = {
        "demo": run_demo,
        "serve": run_serve,
        "migrate": run_migrate,
        "createadmin": run_createadmin,
        "worker": run_worker,
        "export": run_export,
        "import": run_import,
        "report": run_report,
        "token": run_token,
        "backup": run_backup,
        "restore": run_restore,
    }
    try:
        return handlers[args.command](args) or 0
    except KeyboardInterrupt:
        print("\nArrêt demandé.")
        return 130


# --- helpers ------------------------------------------------------------------------------------


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "maillage.config.settings")
    from django.core.exceptions import ImproperlyConfigured

    try:
        import django

        django.setup()
    except ImproperlyConfigured as error:
        print(f"Configuration incomplète : {error}", file=sys.stderr)
        raise SystemExit(2) from error


def _port_is_free(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


def _serve(host: str, port: int, workers: int, threads: int) -> None:
    from django.db import connections
    from gunicorn.app.base import BaseApplication

    from maillage.config.wsgi import application
    from maillage.core.startup import settle_server_process

    # Every view imported once, before the workers fork: after a (re)start they answer at once
    # and share that memory, instead of each importing it all on its first request.
    settle_server_process()
    # The migration check connected: no connection may be shared by the forked workers.
    connections.close_all()

    class MaillageServer(BaseApplication):
        def load_config(self):
            self.cfg.set("bind", f"{host}:{port}")
            self.cfg.set("workers", workers)
            self.cfg.set("threads", threads)
            self.cfg.set("worker_class", "gthread")
            self.cfg.set("accesslog", "-")
            self.cfg.set("graceful_timeout", 10)
            self.cfg.set("proc_name", "maillage")

        def load(self):
            return application

    MaillageServer().run()


def _pending_migrations() -> list[str]:
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]


# --- commands -----------------------------------------------------------------------------------


def prepare_demo_environment(base: Path) -> Path:
    """Point the settings at the demo database under `base`/.maillage-demo/."""
    demo_dir = base / DEMO_DIR_NAME
    demo_dir.mkdir(exist_ok=True)
    secret_file = demo_dir / "secret_key"
    if not secret_file.exists():
        secret_file.write_text(secrets.token_urlsafe(50))
        secret_file.chmod(0o600)
    os.environ["MAILLAGE_MODE"] = "demo"
    os.environ["SECRET_KEY"] = secret_file.read_text().strip()
    os.environ["DATABASE_URL"] = f"sqlite:///{demo_dir / 'maillage.sqlite3'}"
    os.environ.setdefault("MEDIA_ROOT", str(demo_dir / "media"))
    return demo_dir


def run_demo(args) -> int:
    if not args.no_serve and not _port_is_free(args.host, args.port):
        print(
            f"Le port {args.port} est déjà utilisé sur {args.host}. Arrêtez l'autre programme "
            f"ou choisissez un autre port : maillage demo --port 8001",
            file=sys.stderr,
        )
        return 1
    demo_dir = prepare_demo_environment(Path.cwd())
    os.environ.setdefault("SITE_URL", f"http://{args.host}:{args.port}")
    _setup_django()
    from django.core.management import call_command

    from maillage.demo import registry

    print(f"Base de démonstration : {demo_dir / 'maillage.sqlite3'}")
    call_command("migrate", interactive=False, verbosity=0)
    if args.reset and registry.is_loaded():
        print("Effacement de la démonstration précédente…")
        registry.wipe()
    if registry.is_loaded():
        print("Monde de démonstration déjà chargé (maillage demo --reset pour le reconstruire).")
    else:
        print("Chargement du monde de démonstration :")
        registry.build(progress=lambda label: print(f"  · {label}"))
    url = f"http://{args.host}:{args.port}/"
    print()
    print(f"Maillage est prêt : {url}")
    print(f"Comptes de démonstration (mot de passe : {registry.DEMO_PASSWORD}) :")
    width = max(len(email) for email, _ in registry.DEMO_ACCOUNTS)
    for email, description in registry.DEMO_ACCOUNTS:
        print(f"  {email.ljust(width)}  {description}")
    print()
    if args.no_serve:
        return 0
    print("Arrêt : Ctrl+C.")
    sys.stdout.flush()
    # Background tasks (large imports…) need a worker: the demo runs one beside the server.
    worker = subprocess.Popen(
        [sys.executable, "-m", "maillage.cli", "worker", "--interval", "0.5"],
        stdout=subprocess.DEVNULL,
    )
    try:
        _serve(args.host, args.port, workers=2, threads=4)
    finally:
        worker.terminate()
        worker.wait(timeout=10)
    return 0


def run_serve(args) -> int:
    os.environ.setdefault("MAILLAGE_MODE", "production")
    _setup_django()
    from django.core.management import call_command

    pending = _pending_migrations()
    if pending:
        print(
            f"La base n'est pas à jour ({len(pending)} migration(s) en attente). "
            "Lancez d'abord : maillage migrate",
            file=sys.stderr,
        )
        return 1
    from django.conf import settings

    if settings.MODE == "production":
        call_command("collectstatic", interactive=False, verbosity=0)
    if not _port_is_free(args.host, args.port):
        print(f"Le port {args.port} est déjà utilisé sur {args.host}.", file=sys.stderr)
        return 1
    print(f"Maillage sert sur http://{args.host}:{args.port}/ (Ctrl+C pour arrêter).")
    sys.stdout.flush()
    _serve(args.host, args.port, workers=args.workers, threads=args.threads)
    return 0


def run_migrate(args) -> int:
    _setup_django()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=1)
    print("La base est à jour.")
    return 0


def run_createadmin(args) -> int:
    _setup_django()
    from django.contrib.auth import get_user_model, password_validation
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email

    email = args.email.strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        print(f"Adresse e-mail invalide : {email}", file=sys.stderr)
        return 2
    user_model = get_user_model()
    if user_model.objects.filter(email=email).exists():
        print(f"Un compte existe déjà pour {email}.", file=sys.stderr)
        return 1
    password = os.environ.get("MAILLAGE_ADMIN_PASSWORD")
    if not password:
        if not sys.stdin.isatty():
            print(
                "Mot de passe absent : définissez MAILLAGE_ADMIN_PASSWORD ou lancez la commande "
                "dans un terminal.",
                file=sys.stderr,
            )
            return 2
        password = getpass.getpass("Mot de passe : ")
        if password != getpass.getpass("Mot de passe (confirmation) : "):
            print("Les deux mots de passe diffèrent.", file=sys.stderr)
            return 2
    candidate = user_model(email=email, full_name=args.name)
    try:
        password_validation.validate_password(password, candidate)
    except ValidationError as error:
        for message in error.messages:
            print(f"Mot de passe refusé : {message}", file=sys.stderr)
        return 2
    user_model.objects.create_superuser(email, password, full_name=args.name or email)
    print(f"Compte d'administration créé : {email}")
    return 0


def run_worker(args) -> int:
    _setup_django()
    from django.core.management import call_command

    from maillage.analysis import tasks as analysis_tasks
    from maillage.collection import personal_data

    # Daily work, each task re-queuing itself: the purge of personal data past its retention
    # period, and the common indicators' kept values from which national figures are pooled.
    personal_data.schedule_purge()
    analysis_tasks.schedule_refresh()
    print("Exécution des tâches de fond (Ctrl+C pour arrêter)…")
    sys.stdout.flush()
    options = {"interval": args.interval, "batch": args.batch}
    call_command("db_worker", **options)
    return 0


def _data_setup(args) -> None:
    if args.demo:
        prepare_demo_environment(Path.cwd())
    _setup_django()


def run_export(args) -> int:
    if args.pseudonymise:
        return _pseudonymised_export(args)
    if not args.survey:
        print("Indiquez un questionnaire, ou --pseudonymise --structure SLUG.", file=sys.stderr)
        return 2
    _data_setup(args)
    from maillage.collection import exports, xlsform
    from maillage.collection.models import Survey

    survey = Survey.objects.filter(code=args.survey).first()
    if survey is None:
        print(f"Aucun questionnaire n'a l'identifiant « {args.survey} ».", file=sys.stderr)
        return 1
    writers = {"csv": exports.to_csv, "xlsx": exports.to_xlsx, "xlsform": xlsform.export_xlsform}
    Path(args.output).write_bytes(writers[args.format](survey))
    print(f"« {survey.title} » écrit dans {args.output} ({args.format}).")
    return 0


def _pseudonymised_export(args) -> int:
    if not args.structure:
        print("Indiquez la structure à exporter : --structure SLUG.", file=sys.stderr)
        return 2
    _data_setup(args)
    from maillage.collection import pseudonymised

    organisation = _structure(args.structure)
    if organisation is None:
        return 1
    data, counts = pseudonymised.build(organisation)
    Path(args.output).write_bytes(data)
    print(
        f"Données pseudonymisées de « {organisation.name} » écrites dans {args.output} "
        f"({sum(counts.values())} lignes)."
    )
    return 0


def run_report(args) -> int:
    if args.reseau:
        return _network_report(args)
    if not args.project:
        print("Indiquez un projet, ou un réseau avec --reseau.", file=sys.stderr)
        return 2
    _data_setup(args)
    from django.template.loader import render_to_string

    from maillage.analysis.indicators import project_period
    from maillage.projects.models import Project
    from maillage.reports import content, kept_pdf
    from maillage.reports.spreadsheet import indicators_xlsx

    project = Project.objects.filter(slug=args.project).first()
    if project is None:
        print(f"Aucun projet n'a l'identifiant « {args.project} ».", file=sys.stderr)
        return 1
    if args.format == "xlsx":
        Path(args.output).write_bytes(indicators_xlsx(project))
    else:
        period = project_period(project, args.annee)
        options = content.Options(audience=args.public, hourly_rate=content.parse_rate(args.taux))
        if args.format == "pdf":
            Path(args.output).write_bytes(kept_pdf.project_pdf(project, period, options))
        else:
            data = content.build(project, period, options)
            html = render_to_string("reports/document.html", {"data": data})
            Path(args.output).write_text(html, encoding="utf-8")
    print(f"« {project.title} » écrit dans {args.output} ({args.format}).")
    return 0


def _network_report(args) -> int:
    """`maillage report --reseau SLUG`: the network report, as its advisors read it."""
    _data_setup(args)
    from django.template.loader import render_to_string
    from django.utils.html import escape

    from maillage.organisations.models import Network
    from maillage.reports import network as content

    network = Network.objects.filter(slug=args.reseau).first()
    if network is None:
        print(f"Aucun réseau n'a l'identifiant « {args.reseau} ».", file=sys.stderr)
        return 1
    if args.format == "xlsx":
        print("Le rapport d'un réseau s'écrit en PDF ou en HTML.", file=sys.stderr)
        return 2
    year = int(args.annee) if args.annee and args.annee.isdigit() else None
    data = content.build(network, year)
    if args.format == "pdf":
        Path(args.output).write_bytes(content.render_pdf(data))
    else:
        body = render_to_string("reports/_network_report_body.html", {"data": data})
        html = (
            '<!doctype html><html lang="fr"><head><meta charset="utf-8">'
            f"<title>{escape(data['title'])} — {escape(data['subtitle'])}</title></head>"
            f"<body>{body}</body></html>"
        )
        Path(args.output).write_text(html, encoding="utf-8")
    print(f"« {network.name} » écrit dans {args.output} ({args.format}).")
    return 0


def run_import(args) -> int:
    _data_setup(args)
    path = Path(args.file)
    if not path.is_file():
        print(f"Fichier introuvable : {path}", file=sys.stderr)
        return 1
    if args.kind == "xlsform":
        return _import_xlsform(path, args.structure)
    if args.kind in ("sessions", "volunteering"):
        return _import_records(path, args.kind, args.structure)
    return _import_responses(path, args.survey)


def _structure(slug: str | None):
    """The structure named by --structure, or None after saying what is missing."""
    from maillage.organisations.models import Organisation

    organisation = Organisation.objects.filter(slug=slug or "").first()
    if organisation is None and slug:
        print(f"Aucune structure n'a l'identifiant « {slug} ».", file=sys.stderr)
    elif organisation is None:
        print(
            "Indiquez la structure avec --structure (son identifiant, ex. falaises).",
            file=sys.stderr,
        )
    return organisation


def _import_records(path: Path, kind: str, structure: str | None) -> int:
    from maillage.collection import records
    from maillage.collection.imports import ImportProblem

    organisation = _structure(structure)
    if organisation is None:
        return 1
    importer = records.import_sessions if kind == "sessions" else records.import_volunteer_time
    try:
        result = importer(path.read_bytes(), path.name, organisation)
    except ImportProblem as problem:
        print(problem, file=sys.stderr)
        return 1
    if result.problems:
        print(f"Rien n'est importé : {len(result.problems)} problème(s).", file=sys.stderr)
        for problem in result.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    what = "séances importées" if kind == "sessions" else "saisies de temps bénévole importées"
    print(f"{result.stored} {what} pour {organisation.name}.")
    if result.new_activities:
        print(f"  activités créées : {', '.join(result.new_activities)}")
    if result.new_people:
        print(f"  personnes nommées ajoutées : {len(result.new_people)}")
    return 0


def _import_xlsform(path: Path, structure: str | None) -> int:
    from maillage.collection import xlsform

    organisation = _structure(structure)
    if organisation is None:
        return 1
    report = xlsform.import_xlsform(
        path.read_bytes(), path.name, organisation=organisation, by=None
    )
    for line in report.errors:
        print(line, file=sys.stderr)
    if report.survey is None:
        return 1
    print(
        f"Questionnaire « {report.survey.title} » créé ({report.questions} questions), "
        f"identifiant : {report.survey.code}"
    )
    for line in report.not_mapped:
        print(f"  non repris : {line}")
    return 0


def _import_responses(path: Path, code: str | None) -> int:
    from maillage.collection import imports
    from maillage.collection.models import Survey

    survey = Survey.objects.filter(code=code or "").first()
    if survey is None:
        print("Indiquez le questionnaire avec --survey (son identifiant).", file=sys.stderr)
        return 1
    try:
        # Read row by row: a file of any length holds a few thousand rows in memory at a time.
        table = imports.open_table(path.read_bytes(), path.name)
        mapping = imports.suggest_mapping(table, survey)
        value_maps = imports.suggest_value_maps(table, survey, mapping)
        for header, mapped in zip(table.headers, mapping, strict=True):
            print(f"  {header} → {mapped or '(ignorée)'}")
        outcome = imports.import_rows(
            table,
            survey,
            mapping,
            value_maps,
            progress=lambda done, total: print(f"  {done} lignes vérifiées"),
        )
    except imports.ImportProblem as problem:
        print(problem, file=sys.stderr)
        return 1
    if outcome.problems:
        print(f"Rien n'est importé : {len(outcome.problems)} problème(s).", file=sys.stderr)
        for problem in outcome.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    print(f"{outcome.stored} réponses importées dans « {survey.title} ».")
    return 0


def run_backup(args) -> int:
    _data_setup(args)
    from maillage.core import backup

    print(f"Sauvegarde dans {args.file} :", file=sys.stderr)
    try:
        manifest = backup.backup(args.file, progress=lambda line: print(line, file=sys.stderr))
    except backup.BackupError as error:
        print(error, file=sys.stderr)
        return 1
    rows = sum(table["rows"] for table in manifest["tables"])
    print(
        f"Sauvegarde écrite dans {args.file} : {len(manifest['tables'])} tables, {rows} lignes, "
        f"{len(manifest['media'])} fichier(s) de témoignages."
    )
    return 0


def run_restore(args) -> int:
    _data_setup(args)
    from maillage.core import backup

    print(f"Restauration de {args.file} :", file=sys.stderr)
    try:
        manifest = backup.restore(
            args.file, replace=args.remplacer, progress=lambda line: print(line, file=sys.stderr)
        )
    except backup.BackupError as error:
        print(error, file=sys.stderr)
        return 1
    rows = sum(table["rows"] for table in manifest["tables"])
    print(
        f"Sauvegarde du {manifest['created_at'][:10]} restaurée : {rows} lignes, "
        f"{len(manifest['media'])} fichier(s) de témoignages."
    )
    return 0


def run_token(args) -> int:
    _data_setup(args)
    from django.utils.timezone import localtime

    from maillage.accounts import actions
    from maillage.accounts.models import ApiToken, User

    if args.token_command == "revoke":
        token = ApiToken.objects.select_related("user").filter(pk=args.id).first()
        if token is None:
            print(f"Aucun jeton n'a le numéro {args.id}.", file=sys.stderr)
            return 1
        if token.revoked_at is not None:
            print(f"Le jeton {args.id} « {token.name} » était déjà révoqué.")
            return 0
        actions.revoke_api_token(token, by=None)
        print(f"Jeton {args.id} « {token.name} » de {token.user.email} révoqué.")
        return 0
    email = args.email.strip().lower()
    user = User.objects.filter(email=email).first()
    if user is None:
        print(f"Aucun compte n'a l'adresse {email}.", file=sys.stderr)
        return 1
    if args.token_command == "create":
        try:
            _token, text = actions.create_api_token(user, args.name)
        except actions.ApiTokenError as error:
            print(error, file=sys.stderr)
            return 2
        # The token alone on stdout, so that a script can capture it; the rest on stderr.
        print(text)
        print(
            "Copiez ce jeton maintenant : il ne sera plus affiché. En-tête à envoyer : "
            "« Authorization: Bearer <jeton> ».",
            file=sys.stderr,
        )
        return 0
    tokens = ApiToken.objects.filter(user=user)
    if not tokens:
        print(f"Aucun jeton pour {email}.")
        return 0
    for token in tokens:
        used = "jamais"
        if token.last_used_at:
            used = f"{localtime(token.last_used_at):%d/%m/%Y %H:%M}"
        state = "actif"
        if token.revoked_at:
            state = f"révoqué le {localtime(token.revoked_at):%d/%m/%Y}"
        print(
            f"{token.pk:>5}  mlg_{token.prefix}_…  {token.name}  créé le "
            f"{localtime(token.created_at):%d/%m/%Y}, dernière utilisation : {used}, {state}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
