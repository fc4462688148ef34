"""Load and fault test of the public answer pages (issue 7 benchmark 4, issue 8 load test).

Starts the real server (gunicorn through `maillage.cli._serve`, the code `maillage serve` runs,
in production mode behind a simulated TLS proxy) on a free port against PostgreSQL, opens a
public campaign on a one-page survey of ten questions, and drives N submissions from C
concurrent clients. Each client behaves like a browser of a new respondent: GET the form (fresh
cookies), read the CSRF token and the submission key, POST the answers. On a connection error or
a 5xx it sends the SAME POST again (same cookies, same key) until it is accepted (a 302 to the
thanks page).

    uv run python bench/load_submissions.py --submissions 20000 --clients 50
    uv run python bench/load_submissions.py --submissions 20000 --clients 50 --kill-at 0.5
    uv run python bench/load_submissions.py --submissions 20000 --clients 50 --compare-minimal

--kill-at F sends SIGKILL to the whole server process group (master and workers) once a
fraction F of the submissions is accepted, waits --pause seconds, then starts it again.
--compare-minimal then runs the same load against a minimal view that inserts one row
(bench/load_minimal.py), served with the same gunicorn settings and database.

At the end the database is checked: exactly one Response per accepted key, each with exactly the
answers sent (content compared field by field), none without answers, nothing stored that was
not accepted; and no 5xx outside the time the server was down. The throw-away survey, its
responses and the clients' sessions are deleted afterwards (--keep to look at them).

The database: --database-url, else LOAD_DATABASE_URL, else BENCH_DATABASE_URL, else
maillage_bench_load on the local server (created and migrated when missing).
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlencode, urlsplit

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR))

import benchlib  # noqa: E402

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/maillage_bench_load"
HOST = "127.0.0.1"
# The server's start-up code: exactly what `maillage serve` runs once the checks are done.
LAUNCH = (
    "import sys; sys.path.insert(0, sys.argv[1]); "
    "from maillage.cli import _setup_django, _serve; _setup_django(); "
    "_serve(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]))"
)
CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
KEY_RE = re.compile(r'name="submission_key" value="([^"]+)"')
GIVE_UP_AFTER = 180  # seconds a client keeps retrying one request before counting it as lost


# --- the server -----------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


class Server:
    """One gunicorn server in its own process group, so that a kill takes master and workers."""

    def __init__(self, env: dict, port: int, workers: int, threads: int, log: Path):
        self.env, self.port, self.workers, self.threads, self.log = env, port, workers, threads, log
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        args = [str(BENCH_DIR), HOST, str(self.port), str(self.workers), str(self.threads)]
        with self.log.open("a") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-c", LAUNCH, *args],
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def wait_ready(self, path: str, timeout: float = 120) -> float:
        """Seconds until the server answers `path` with a 2xx or 3xx."""
        start = time.perf_counter()
        while time.perf_counter() - start < timeout:
            if self.process.poll() is not None:
                raise SystemExit(f"Le serveur s'est arrêté au démarrage ; voir {self.log}")
            try:
                conn = http.client.HTTPConnection(HOST, self.port, timeout=10)
                conn.request("GET", path, headers=base_headers(self.port))
                status = conn.getresponse().status
                conn.close()
                if status < 400:
                    return time.perf_counter() - start
            except OSError:
                pass
            time.sleep(0.05)
        raise SystemExit(f"Le serveur ne répond pas après {timeout} s ; voir {self.log}")

    def kill(self) -> None:
        """SIGKILL to the process group: no graceful shutdown, requests in flight are cut."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


def server_env(database_url: str, settings_module: str) -> dict:
    env = dict(os.environ)
    env.update(
        {
            "MAILLAGE_MODE": "production",
            "DJANGO_SETTINGS_MODULE": settings_module,
            "DATABASE_URL": database_url,
            "SECRET_KEY": env.get("LOAD_SECRET_KEY") or secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": HOST,
            "STATIC_ROOT": str(Path(tempfile.gettempdir()) / "maillage-load-static"),
            "MAILLAGE_ANSWER_RATE_PER_ADDRESS": "0",
            "MAILLAGE_ANSWER_RATE_PER_LINK": "0",
            "PYTHONPATH": os.pathsep.join(filter(None, [str(BENCH_DIR), env.get("PYTHONPATH")])),
        }
    )
    return env


def collect_static(env: dict) -> None:
    """Production pages need the static manifest; built once, not at every (re)start."""
    if (Path(env["STATIC_ROOT"]) / "staticfiles.json").exists():
        return
    code = (
        "import django; django.setup(); from django.core.management import call_command; "
        "call_command('collectstatic', interactive=False, verbosity=0)"
    )
    subprocess.run([sys.executable, "-c", code], env=env, check=True)


def base_headers(port: int) -> dict:
    # Production runs behind an HTTPS proxy that says so; Origin is what a browser sends.
    return {
        "Host": f"{HOST}:{port}",
        "X-Forwarded-Proto": "https",
        "Origin": f"https://{HOST}:{port}",
        "User-Agent": "maillage-load-test",
    }


# --- the clients ----------------------------------------------------------------------------------


@dataclass
class Outcome:
    """What the clients saw, shared by all threads (appends are atomic in CPython)."""

    accepted: dict = field(default_factory=dict)  # key -> what was sent (expected content)
    refused: dict = field(default_factory=dict)  # key -> HTTP status of a 4xx
    gave_up: list = field(default_factory=list)
    post_latencies: list = field(default_factory=list)
    submission_latencies: list = field(default_factory=list)
    events: list = field(default_factory=list)  # (monotonic time, "5xx"/"conn", detail)
    sessions: set = field(default_factory=set)
    requests: int = 0
    posts_resent: int = 0  # POSTs sent again (same key) after a cut connection or a 5xx
    lock: threading.Lock = field(default_factory=threading.Lock)


class Client:
    """One browser-like client with a keep-alive connection."""

    def __init__(self, port: int, outcome: Outcome):
        self.port, self.outcome = port, outcome
        self.conn: http.client.HTTPConnection | None = None

    def request(self, method: str, path: str, cookies: dict, body: str | None = None):
        """Send until the server gives a non-5xx answer; returns (status, headers, text)."""
        headers = base_headers(self.port)
        if cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.monotonic()
        delay = 0.05
        while True:
            try:
                if self.conn is None:
                    self.conn = http.client.HTTPConnection(HOST, self.port, timeout=60)
                self.conn.request(method, path, body=body and body.encode(), headers=headers)
                response = self.conn.getresponse()
                text = response.read().decode()
                with self.outcome.lock:
                    self.outcome.requests += 1
                if response.status >= 500:
                    self.outcome.events.append((time.monotonic(), "5xx", response.status))
                else:
                    for header in response.headers.get_all("Set-Cookie") or []:
                        name, _, rest = header.partition("=")
                        cookies[name.strip()] = rest.split(";", 1)[0]
                    return response.status, response.headers, text
            except (OSError, http.client.HTTPException) as error:
                # Refused while down, reset when killed, a keep-alive closed by the server.
                self.outcome.events.append((time.monotonic(), "conn", type(error).__name__))
                self.close()
            if method == "POST":
                with self.outcome.lock:
                    self.outcome.posts_resent += 1
            if time.monotonic() - started > GIVE_UP_AFTER:
                return None, None, ""
            time.sleep(delay)
            delay = min(delay * 2, 0.5)

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None


class SurveyLoad:
    """Submissions to the public answer page of one campaign."""

    name = "survey"

    def __init__(self, target):
        self.target = target  # Target built by prepare_survey()

    @property
    def path(self) -> str:
        return self.target.path

    def submit(self, client: Client, rng: random.Random, label: str) -> None:
        outcome = client.outcome
        started = time.monotonic()
        cookies: dict = {}
        status, _headers, page = client.request("GET", self.path, cookies)
        csrf, key = CSRF_RE.search(page), KEY_RE.search(page)
        if status != 200 or not csrf or not key:
            outcome.gave_up.append(f"{label} (GET {status})")
            return
        if "sessionid" in cookies:
            outcome.sessions.add(cookies["sessionid"])
        key = key.group(1)
        fields, expected = self.target.answers(rng, label)
        body = urlencode(
            [
                ("csrfmiddlewaretoken", csrf.group(1)),
                ("page", "1"),
                ("submission_key", key),
                ("website", ""),
                *fields,
            ]
        )
        posted = time.monotonic()
        status, headers, _text = client.request("POST", self.path, cookies, body)
        done = time.monotonic()
        if status is None:
            outcome.gave_up.append(key)
            return
        if status == 302 and headers.get("Location", "").endswith(self.target.thanks):
            with outcome.lock:
                outcome.accepted[key] = expected
            outcome.post_latencies.append(done - posted)
            outcome.submission_latencies.append(done - started)
        else:
            outcome.refused[key] = status


class MinimalLoad(SurveyLoad):
    """The same HTTP shape against the one-row view of bench/load_minimal.py."""

    name = "minimal"
    path = "/minimal/"

    def __init__(self):
        self.target = None

    def submit(self, client: Client, rng: random.Random, label: str) -> None:
        outcome = client.outcome
        started = time.monotonic()
        cookies: dict = {}
        status, _headers, page = client.request("GET", self.path, cookies)
        csrf, key = CSRF_RE.search(page), KEY_RE.search(page)
        if status != 200 or not csrf or not key:
            outcome.gave_up.append(label)
            return
        key = key.group(1)
        payload = f"{label} · réponse « {rng.random():.6f} »"
        body = urlencode(
            {"csrfmiddlewaretoken": csrf.group(1), "submission_key": key, "payload": payload}
        )
        posted = time.monotonic()
        status, headers, _text = client.request("POST", self.path, cookies, body)
        done = time.monotonic()
        if status == 302 and headers.get("Location", "").endswith("/minimal/merci/"):
            with outcome.lock:
                outcome.accepted[key] = payload
            outcome.post_latencies.append(done - posted)
            outcome.submission_latencies.append(done - started)
        elif status is None:
            outcome.gave_up.append(key)
        else:
            outcome.refused[key] = status


def drive(
    load, port: int, submissions: int, clients: int, outcome: Outcome, seed: int, prefix: str = ""
) -> float:
    """`submissions` submissions from `clients` threads; returns the wall time in seconds."""
    counter = iter(range(submissions))
    counter_lock = threading.Lock()

    def work(number: int) -> None:
        client = Client(port, outcome)
        rng = random.Random(seed * 1000 + number)
        while True:
            with counter_lock:
                index = next(counter, None)
            if index is None:
                break
            load.submit(client, rng, f"{prefix}c{number}-{index}")
        client.close()

    threads = [threading.Thread(target=work, args=(n,), daemon=True) for n in range(clients)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - start


# --- the survey -----------------------------------------------------------------------------------


@dataclass
class Target:
    survey_id: int
    campaign_id: int
    path: str
    thanks: str
    questions: list  # (code, type, option values)

    def answers(self, rng: random.Random, label: str) -> tuple[list, dict]:
        """Form fields to send, and what must be stored: code -> (text, number, choices, date)."""
        fields, expected = [], {}
        for code, kind, options in self.questions:
            if kind != "group" and rng.random() < 0.15:
                continue  # left empty: nothing stored for it
            if kind in ("single", "yes_no", "group", "scale"):
                value = rng.choice(options)
                fields.append((f"q-{code}", value))
                number = Decimal(value) if kind == "scale" else None
                expected[code] = ("", number, [value], None)
            elif kind == "multiple":
                picked = [o for o in options if rng.random() < 0.4]
                if not picked:
                    continue
                fields += [(f"q-{code}", value) for value in picked]
                expected[code] = ("", None, picked, None)
            elif kind == "number":
                whole, tenth = rng.randint(0, 40), rng.randint(0, 9)
                fields.append((f"q-{code}", f"{whole},{tenth}"))
                expected[code] = ("", Decimal(f"{whole}.{tenth}"), [], None)
            elif kind == "date":
                day = date(2026, 1, 1) + timedelta(days=rng.randint(0, 300))
                fields.append((f"q-{code}", day.strftime("%d/%m/%Y")))
                expected[code] = ("", None, [], day.isoformat())
            elif kind == "short_text":
                text = f"Saint-Étienne-du-Rouvray — {label} ✓"
                fields.append((f"q-{code}", text))
                expected[code] = (text, None, [], None)
            else:
                text = f"Ce que le centre m'apporte ({label}) :\n« des liens », {rng.random():.8f}"
                fields.append((f"q-{code}", text))
                expected[code] = (text, None, [], None)
        return fields, expected


def prepare_survey() -> Target:

    from maillage.collection.models import Survey
    from maillage.organisations.models import Organisation

    organisation, _ = Organisation.objects.get_or_create(
        slug="bench-load",
        defaults={"name": "Centre social du banc de charge", "kind": "centre_social"},
    )
    seed_earlier_responses(organisation)
    survey = Survey.objects.create(
        organisation=organisation,
        code=f"bench-load-{uuid.uuid4().hex[:12]}",
        title="Ce que le centre vous apporte (banc de charge)",
        introduction="Cinq minutes pour nous dire ce que le centre vous apporte.",
    )
    try:
        return _fill_survey(survey)
    except BaseException:
        survey.delete()  # nothing left behind when the set-up fails half-way
        raise


def _fill_survey(survey) -> Target:
    from django.utils import timezone

    from maillage.collection.models import Campaign, Choice, Question

    T = Question.Type
    specs = [
        ("groupe", T.GROUP, "Vous êtes…", True, None),
        ("frequence", T.SINGLE, "Vous venez au centre…", False, ["semaine", "mois", "annee"]),
        (
            "activites",
            T.MULTIPLE,
            "Vos activités",
            False,
            ["accueil", "cuisine", "sorties", "numerique", "soutien"],
        ),
        ("confiance_avant", T.SCALE, "Avant : confiance en vous", False, None),
        ("confiance_apres", T.SCALE, "Aujourd'hui : confiance en vous", False, None),
        ("recommande", T.YES_NO, "Recommanderiez-vous le centre ?", False, None),
        ("heures", T.NUMBER, "Heures de bénévolat par mois", False, None),
        ("arrivee", T.DATE, "Première venue", False, None),
        ("commune", T.SHORT_TEXT, "Votre commune", False, None),
        ("apport", T.LONG_TEXT, "Ce que le centre vous apporte", False, None),
    ]
    for order, (code, kind, label, required, choices) in enumerate(specs):
        question = Question.objects.create(
            survey=survey,
            code=code,
            type=kind,
            label=label,
            required=required,
            order=order,
            scale_max=5 if kind == T.SCALE else None,
        )
        for n, value in enumerate(choices or []):
            Choice.objects.create(question=question, value=value, label=value.title(), order=n)
    today = timezone.localdate()
    campaign = Campaign.objects.create(
        survey=survey,
        title="Banc de charge",
        opens_on=today - timedelta(days=1),
        closes_on=today + timedelta(days=30),
    )
    questions = [
        (q.code, q.type, [value for value, _label in q.option_list()])
        for q in survey.questions.prefetch_related("choices")
    ]
    return Target(
        survey.pk,
        campaign.pk,
        campaign.public_url(),
        f"{campaign.public_url()}merci/",
        questions,
    )


def check_survey(target: Target, outcome: Outcome) -> dict:
    """Compare the database with what the clients saw accepted."""
    from maillage.collection.models import Answer, Response

    stored = dict(
        Response.objects.filter(campaign_id=target.campaign_id).values_list("submission_key", "pk")
    )
    stored = {str(key): pk for key, pk in stored.items()}
    content: dict[int, dict] = {pk: {} for pk in stored.values()}
    rows = Answer.objects.filter(response__campaign_id=target.campaign_id).values_list(
        "response_id", "question__code", "text", "number", "choices", "date"
    )
    for response_id, code, text, number, choices, day in rows.iterator(chunk_size=5000):
        stored_value = (text, number, choices, day.isoformat() if day else None)
        content[response_id][code] = stored_value
    accepted = outcome.accepted
    lost = [key for key in accepted if key not in stored]
    unexpected = [key for key in stored if key not in accepted]
    wrong = [key for key in accepted if key in stored and content[stored[key]] != accepted[key]]
    empty = [key for key, pk in stored.items() if not content[pk]]
    return {
        "stored": len(stored),
        "lost": len(lost),
        "duplicated": len(unexpected),
        "wrong_content": len(wrong),
        "empty": len(empty),
        "examples": (lost + unexpected + wrong + empty)[:5],
    }


def check_minimal(outcome: Outcome) -> dict:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT key::text, payload FROM bench_load_minimal")
        stored = dict(cursor.fetchall())
    accepted = outcome.accepted
    lost = [key for key in accepted if key not in stored]
    unexpected = [key for key in stored if key not in accepted]
    wrong = [key for key in accepted if key in stored and stored[key] != accepted[key]]
    return {
        "stored": len(stored),
        "lost": len(lost),
        "duplicated": len(unexpected),
        "wrong_content": len(wrong),
        "empty": 0,
        "examples": (lost + unexpected + wrong)[:5],
    }


def clean_survey(target: Target, outcome: Outcome) -> None:
    from django.contrib.sessions.models import Session

    from maillage.collection.models import Answer, Response, Survey

    Answer.objects.filter(response__campaign_id=target.campaign_id).delete()
    Response.objects.filter(campaign_id=target.campaign_id).delete()
    Survey.objects.filter(pk=target.survey_id).delete()
    sessions = list(outcome.sessions)
    for start in range(0, len(sessions), 5000):
        Session.objects.filter(session_key__in=sessions[start : start + 5000]).delete()
    # The rows of earlier campaigns (seed_earlier_responses) stay: the next run starts on the
    # same tables. The vacuum clears this run's dead rows, which slowed the next run's inserts.
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for model in (Answer, Response):
                cursor.execute(f"VACUUM ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


EARLIER_RESPONSES = 20_000


def seed_earlier_responses(organisation) -> None:
    """Give the answer tables the rows of an earlier campaign, once per database, as any
    installation in use has. On tables that PostgreSQL's statistics describe as empty or tiny,
    each server connection may plan the answers' foreign key check (does the response exist?)
    as a sequential scan and keep that plan while the run adds 20,000 responses: seen as
    353,906 sequential scans reading 2.4 billion rows over a few runs, and a throughput that
    fell by a third (395 → 255/s, the minimal view unchanged) depending on when autovacuum
    analysed the tables. With rows of an earlier campaign, analysed, the check always goes
    through the primary key's index."""
    from django.db import connection
    from django.utils import timezone

    from maillage.collection.models import Answer, Campaign, Question, Response, Survey

    survey, created = Survey.objects.get_or_create(
        organisation=organisation,
        code="bench-load-earlier",
        defaults={"title": "Campagne précédente (banc de charge)"},
    )
    if not created and survey.responses.count() >= EARLIER_RESPONSES:
        return
    survey.responses.all().delete()
    question, _ = Question.objects.get_or_create(
        survey=survey,
        code="note",
        defaults={"type": Question.Type.SCALE, "label": "Note", "scale_max": 5, "order": 0},
    )
    today = timezone.localdate()
    campaign, _ = Campaign.objects.get_or_create(
        survey=survey,
        title="Campagne précédente",
        defaults={"opens_on": today - timedelta(days=400), "closes_on": today - timedelta(days=35)},
    )
    moment = timezone.now() - timedelta(days=40)
    responses = Response.objects.bulk_create(
        [
            Response(survey=survey, campaign=campaign, submitted_at=moment)
            for _n in range(EARLIER_RESPONSES)
        ],
        batch_size=5000,
    )
    Answer.objects.bulk_create(
        [
            Answer(response=response, question=question, number=n % 5 + 1, choices=[n % 5 + 1])
            for n, response in enumerate(responses)
        ],
        batch_size=5000,
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for model in (Answer, Response):
                cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


# --- one run --------------------------------------------------------------------------------------


def run(load, args, env: dict, label: str, kill_at: float | None) -> dict:
    port = free_port()
    log = Path(tempfile.gettempdir()) / f"maillage-load-{label}-{port}.log"
    server = Server(env, port, args.workers, args.threads, log)
    outcome = Outcome()
    down: list[tuple[float, float]] = []
    restart_seconds = None
    server.start()
    try:
        startup = server.wait_ready(load.path)
        # Warm-up (untimed, checked like the rest): every worker thread has served the pages.
        warmup = min(args.submissions, 2 * args.clients)
        drive(load, port, warmup, args.clients, outcome, seed=args.seed + 7, prefix="w")
        warm_count = len(outcome.accepted)
        stop_watch = threading.Event()

        def killer() -> None:
            nonlocal restart_seconds
            goal = warm_count + int(kill_at * args.submissions)
            while not stop_watch.is_set() and len(outcome.accepted) < goal:
                time.sleep(0.01)
            if stop_watch.is_set():
                return
            killed = time.monotonic()
            server.kill()
            time.sleep(args.pause)
            server.start()
            server.wait_ready(load.path)
            down.append((killed, time.monotonic()))
            restart_seconds = time.monotonic() - killed

        watcher = threading.Thread(target=killer, daemon=True) if kill_at is not None else None
        if watcher:
            watcher.start()
        events_before = len(outcome.events)
        wall = drive(load, port, args.submissions, args.clients, outcome, seed=args.seed)
        stop_watch.set()
        if watcher:
            watcher.join()
    finally:
        server.stop()
    main_count = len(outcome.accepted) - warm_count
    timed_events = outcome.events[events_before:]

    def in_downtime(moment: float) -> bool:
        # A request cut by the kill fails a moment after it; one refused just before the
        # restart is reported just after: a second of margin on either side.
        return any(start - 1 <= moment <= end + 1 for start, end in down)

    server_errors = [e for e in outcome.events if e[1] == "5xx" and not in_downtime(e[0])]
    conn_outside = [e for e in outcome.events if e[1] == "conn" and not in_downtime(e[0])]
    latencies = outcome.post_latencies[warm_count:]
    whole = outcome.submission_latencies[warm_count:]
    return {
        "outcome": outcome,
        "row": {
            "target": load.name,
            "submissions": main_count,
            "clients": args.clients,
            "kill": "yes" if down else "no",
            "seconds": wall,
            "per_second": main_count / wall if wall else 0.0,
            "post_p50_ms": 1000 * benchlib.percentile(latencies, 0.5),
            "post_p95_ms": 1000 * benchlib.percentile(latencies, 0.95),
            "submission_p95_ms": 1000 * benchlib.percentile(whole, 0.95),
            "requests": outcome.requests,
            "refused_4xx": len(outcome.refused),
            "gave_up": len(outcome.gave_up),
            "errors_5xx_outside_downtime": len(server_errors),
            "conn_errors_during_downtime": sum(
                1 for e in timed_events if e[1] == "conn" and in_downtime(e[0])
            ),
            "conn_errors_outside_downtime": len(conn_outside),
            "conn_errors_outside_kinds": ",".join(sorted({e[2] for e in conn_outside})) or "-",
            "posts_resent": outcome.posts_resent,
            "server_start_s": startup,
            "restart_s": restart_seconds,
        },
        "log": log,
    }


def ensure_database(url: str) -> None:
    """Create the load test's own database when it is missing (the bench datasets exist)."""
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--submissions", type=int, default=20_000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--kill-at", type=float, default=None, help="fraction, e.g. 0.5")
    parser.add_argument("--pause", type=float, default=2.0, help="seconds down after the kill")
    parser.add_argument("--compare-minimal", action="store_true")
    parser.add_argument("--workers", type=int, default=2, help="as `maillage serve`")
    parser.add_argument("--threads", type=int, default=4, help="as `maillage serve`")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--name", default="load_submissions", help="bench/results/<name>.json")
    parser.add_argument("--small", action="store_true", help="mark the result as a smoke run")
    parser.add_argument("--keep", action="store_true", help="keep the rows written")
    args = parser.parse_args(argv)
    # Stopped from outside (SIGTERM): unwind through the `finally` blocks, which stop the server
    # and delete the throw-away rows.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(3))

    url = (
        args.database_url
        or os.environ.get("LOAD_DATABASE_URL")
        or os.environ.get("BENCH_DATABASE_URL")
        or DEFAULT_DATABASE_URL
    )
    os.environ["BENCH_DATABASE_URL"] = url
    ensure_database(url)
    benchlib.setup_django(migrate=True)
    from django.db import connection

    env = server_env(url, "maillage.config.settings")
    collect_static(env)
    rows, problems, checks = [], [], []

    target = prepare_survey()
    try:
        result = run(SurveyLoad(target), args, env, "survey", args.kill_at)
        check = check_survey(target, result["outcome"])
    finally:
        if not args.keep:
            clean_survey(target, result["outcome"] if "result" in locals() else Outcome())
    rows.append({**result["row"], **{k: v for k, v in check.items() if k != "examples"}})
    checks.append((result, check))

    if args.compare_minimal:
        from load_minimal import CREATE_TABLE, TABLE

        with connection.cursor() as cursor:
            cursor.execute(CREATE_TABLE)
            cursor.execute(f"TRUNCATE {TABLE}")
        try:
            minimal_env = server_env(url, "load_minimal")
            minimal = run(MinimalLoad(), args, minimal_env, "minimal", args.kill_at)
            minimal_check = check_minimal(minimal["outcome"])
        finally:
            if not args.keep:
                with connection.cursor() as cursor:
                    cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")
        rows.append(
            {**minimal["row"], **{k: v for k, v in minimal_check.items() if k != "examples"}}
        )
        checks.append((minimal, minimal_check))

    for result, check in checks:
        row = result["row"]
        if check["lost"] or check["duplicated"] or check["wrong_content"] or check["empty"]:
            problems.append(f"{row['target']}: {check}")
        if row["errors_5xx_outside_downtime"] or row["gave_up"] or row["refused_4xx"]:
            problems.append(f"{row['target']}: erreurs, voir {result['log']}")
    notes = (
        f"Serveur gunicorn ({args.workers} processus x {args.threads} fils, comme maillage serve), "
        f"PostgreSQL, {args.clients} clients ; une soumission = GET du formulaire + POST."
    )
    if args.compare_minimal:
        ratio = rows[0]["per_second"] / rows[1]["per_second"]
        notes += f" Débit des réponses / débit de la vue minimale : {ratio:.2f} (cible ≥ 0.50)."
    benchlib.report(args.name, rows, small=args.small, notes=notes)
    for problem in problems:
        print("PROBLÈME :", problem)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
