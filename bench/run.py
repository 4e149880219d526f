"""`make bench`: seed 10, 100 and 1,000 libraries in a throwaway database and print ONE table:
queries per request and median/p95 server time per page, requests per second of /libraries/
under gunicorn (2 workers) next to a trivial view (/healthz), and the catalogue's render time
and peak memory. The table and the machine facts also go to bench/RESULTS.md.

Database: a SQLite file under /tmp, or, when DATABASE_URL is set, a PostgreSQL database named
`vm_bench` on the same server (created if missing, emptied first). Never the real database.

Add a page: one row in PAGES (the path may be a function of the seeded objects). Pages that do
not exist yet answer 404 and are shown as such.

Events (issue 14): after the library scales, the calendar /events/ and the feed /events.ics are
measured at EVENT_SCALES events (bulk inserted over the seeded libraries), with their throughput
from the page cache next to /healthz.
"""

import argparse
import contextlib
import datetime
import http.client
import os
import platform
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SCALES = (10, 100, 1000)
REQUESTS_PER_PAGE = 60
LOAD_SECONDS = 2.0
LOAD_ROUNDS = 5
LOAD_CONCURRENCY = 8
INITIATIVES_PER_PLAN = 6  # two in each area
EXAMPLES_PER_LIBRARY = 1

# (label, path or function of the seeded `Seeded` object, who asks: None, "lead", "coordinator")
PAGES = [
    ("/", "/", None),
    ("/libraries/", "/libraries/", None),
    ("profile", lambda s: f"/libraries/{s.profile_slug}/", None),
    ("/inspiration/", "/inspiration/", None),
    ("dashboard (lead)", "/dashboard/", "lead"),
    ("review queue", "/review/", "coordinator"),
    ("review page (plan version)", lambda s: s.review_path, "coordinator"),
]

EVENT_SCALES = (100, 10_000)
EVENT_PAGES = [
    ("/events/", "/events/", None),
    ("/events/?goal=12&when=past", "/events/?goal=12&when=past", None),
    ("/events/ page 20", "/events/?page=20", None),
    ("/events.ics", "/events.ics", None),
]
EVENT_LOAD_PATHS = ("/events/", "/events.ics")


def configure_environment() -> str:
    """Point the settings at a throwaway database before Django starts; returns a label."""
    os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))
    os.environ["DJANGO_DEBUG"] = "false"
    os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
    os.environ["DJANGO_SECURE_SSL_REDIRECT"] = "false"
    os.environ["DJANGO_SECURE_COOKIES"] = "false"
    os.environ["DJANGO_STATIC_MANIFEST"] = "false"
    os.environ.pop("CELERY_BROKER_URL", None)  # tasks in-process
    os.environ.pop("CACHE_URL", None)  # in-process: a local cache (it is cleared per request)
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ.setdefault("LOG_LEVEL", "ERROR")
    url = os.environ.get("DATABASE_URL")
    if url:
        base, _, _ = url.rpartition("/")
        os.environ["DATABASE_URL"] = f"{base}/vm_bench"
        _recreate_postgres(base)
        return "PostgreSQL (vm_bench)"
    path = Path(tempfile.gettempdir()) / "vm-bench.sqlite3"
    path.unlink(missing_ok=True)
    os.environ["SQLITE_PATH"] = str(path)
    return f"SQLite ({path})"


def _recreate_postgres(base_url: str) -> None:
    import psycopg

    with psycopg.connect(f"{base_url}/postgres", autocommit=True) as conn:
        conn.execute("DROP DATABASE IF EXISTS vm_bench WITH (FORCE)")
        conn.execute("CREATE DATABASE vm_bench")


class Seeded:
    def __init__(self):
        self.count = 0
        self.profile_slug = None
        self.lead = None
        self.coordinator = None
        self.review_path = None


def _kind(number: int) -> str:
    """What library `number` has, in the proportions of a programme a few years in: 60 %
    certified (one in six of those with next period's plan waiting for review), 10 % with an
    expired certification, 10 % with a first plan waiting for review, 20 % writing a draft."""
    return {0: "renewing", 6: "expired", 7: "submitted", 8: "draft", 9: "draft"}.get(
        number % 10, "certified"
    )


def seed_to(target: int, seeded: Seeded) -> None:
    """Grow the participating libraries to `target` with bulk inserts (1,000 take seconds):
    each has a lead and a staff member, a plan with INITIATIVES_PER_PLAN initiatives (two in each
    area, two SDGs and a target each), approved plans a frozen approved version, certifications
    and pending versions as in `_kind`, and every second library an approved example."""
    from django.contrib.auth.models import Group
    from django.db import transaction
    from django.utils import timezone

    from accounts.models import COORDINATORS_GROUP, User
    from actionplans import snapshots
    from actionplans.models import ActionPlan, Decision, Initiative, PlanVersion, Target
    from certification.models import Certification
    from inspiration.models import Example, Tag
    from libraries.models import Library, Membership, Municipality, Region

    now, today = timezone.now(), timezone.localdate()
    year = today.year
    targets_by_goal = {}
    for target_row in Target.objects.order_by("goal_id", "position"):
        targets_by_goal.setdefault(target_row.goal_id, target_row)
    tags = [
        Tag.objects.get_or_create(slug=slug, defaults={"name": slug})[0]
        for slug in ("byttemarked", "borgermøde", "genbrug", "partnerskab")
    ]
    with transaction.atomic():
        if seeded.coordinator is None:
            from allauth.mfa.totp.internal.auth import TOTP

            seeded.coordinator = User.objects.create_user(
                "bench-coordinator@example.org", "bench-password-2030", name="Bench Koordinator"
            )
            seeded.coordinator.groups.add(Group.objects.get_or_create(name=COORDINATORS_GROUP)[0])
            # Coordinators without an authenticator are sent to set one up (2FA middleware).
            TOTP.activate(seeded.coordinator, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
        # Extra municipalities (and libraries) beyond the 98 real ones, with letter codes.
        existing = Library.objects.count()
        if target > existing:
            region = Region.objects.order_by("code").first()
            taken = set(Municipality.objects.values_list("code", flat=True))
            codes = (
                a + b + c
                for a in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                for b in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                if a + b + c not in taken
            )
            new = [
                Municipality(code=code, name=f"Benchkommune {code}", region=region)
                for code, _ in zip(codes, range(target - existing), strict=False)
            ]
            Municipality.objects.bulk_create(new)
            Library.objects.bulk_create(
                Library(
                    municipality=m,
                    slug=f"bench-{m.code.lower()}",
                    name=f"Bench Bibliotek {m.code}",
                    city="Benchby",
                )
                for m in Municipality.objects.filter(libraries=None)
            )
        libraries = list(
            Library.objects.filter(participating_since=None)
            .select_related("municipality")
            .order_by("pk")[: target - seeded.count]
        )
        numbers = {library.pk: seeded.count + i for i, library in enumerate(libraries)}
        for library in libraries:
            library.participating_since = today - datetime.timedelta(days=numbers[library.pk] % 900)
        Library.objects.bulk_update(libraries, ["participating_since"])

        users = []
        for library in libraries:
            number = numbers[library.pk]
            for role in ("lead", "staff"):
                user = User(email=f"{role}{number}@bench.example.org", name=f"{role} {number}")
                user.set_unusable_password()
                users.append(user)
        User.objects.bulk_create(users)
        users = iter(users)
        Membership.objects.bulk_create(
            Membership(user=next(users), library=library, role=role, status="active",
                       decided_at=now)
            for library in libraries
            for role in ("lead", "staff")
        )  # fmt: skip

        # Plans: the current one, and for "renewing" libraries next period's, copied from it.
        plans, next_plans = {}, {}
        for library in libraries:
            kind = _kind(numbers[library.pk])
            status = {"submitted": "submitted", "draft": "draft"}.get(kind, "approved")
            plans[library.pk] = ActionPlan(
                library=library, period_start=year - 1, period_end=year + 1, status=status,
                vision="Et grønt bibliotek for alle.", responsible="Biblioteksleder",
                approved_at=now if status == "approved" else None,
            )  # fmt: skip
        ActionPlan.objects.bulk_create(plans.values())
        for library in libraries:
            if _kind(numbers[library.pk]) == "renewing":
                next_plans[library.pk] = ActionPlan(
                    library=library, period_start=year + 2, period_end=year + 4,
                    status="submitted", vision="Et endnu grønnere bibliotek.",
                    copied_from=plans[library.pk],
                )  # fmt: skip
        ActionPlan.objects.bulk_create(next_plans.values())

        initiatives = []
        for library in libraries:
            number = numbers[library.pk]
            for plan in filter(None, (plans[library.pk], next_plans.get(library.pk))):
                for i in range(INITIATIVES_PER_PLAN):
                    initiatives.append(
                        Initiative(
                            plan=plan,
                            area=("organisation", "operations", "citizens")[i % 3],
                            title=f"Indsats {i + 1} i {library.slug}",
                            description="Beskrivelse af indsatsen, med mål og midler.",
                            years=[year],
                            responsible="Teamleder",
                            indicator="Antal deltagere",
                            order=i // 3,
                        )
                    )
                    first_goal = (number + i) % 17 + 1
                    initiatives[-1].goal_numbers = [first_goal, (first_goal + 4) % 17 + 1]
        Initiative.objects.bulk_create(initiatives)
        Initiative.goals.through.objects.bulk_create(
            Initiative.goals.through(initiative_id=initiative.pk, goal_id=goal)
            for initiative in initiatives
            for goal in initiative.goal_numbers
        )
        Initiative.targets.through.objects.bulk_create(
            Initiative.targets.through(
                initiative_id=initiative.pk,
                target_id=targets_by_goal[initiative.goal_numbers[0]].pk,
            )
            for initiative in initiatives
            if initiative.goal_numbers[0] in targets_by_goal
        )

        # Frozen versions: approved for approved plans, pending for submitted ones.
        versions = []
        for plan in [*plans.values(), *next_plans.values()]:
            if plan.status in ("approved", "submitted"):
                approved = plan.status == "approved"
                versions.append(
                    PlanVersion(
                        plan=plan, number=1, submitted_at=now, snapshot=snapshots.build(plan),
                        decision=Decision.APPROVED if approved else Decision.PENDING,
                        decided_by=seeded.coordinator if approved else None,
                        decided_at=now if approved else None,
                    )
                )  # fmt: skip
        PlanVersion.objects.bulk_create(versions)

        certifications = []
        for library in libraries:
            number, kind = numbers[library.pk], _kind(numbers[library.pk])
            if kind in ("certified", "renewing", "expired"):
                age = number % 300 + (800 if kind == "expired" else 0)
                issued = today - datetime.timedelta(days=age)
                certifications.append(
                    Certification(
                        library=library, plan=plans[library.pk], number=f"VMC-B-{number:05d}",
                        issued_at=issued, valid_until=issued + datetime.timedelta(days=730),
                        status="expired" if kind == "expired" else "active",
                    )
                )  # fmt: skip
        Certification.objects.bulk_create(certifications)

        examples = []
        for library in libraries:
            number = numbers[library.pk]
            if number % 2 == 0:
                examples.append(
                    Example(
                        title=f"Byttemarked nummer {number}", slug=f"bench-eksempel-{number}",
                        summary="Borgerne bytter ting i stedet for at købe nyt.",
                        body="Vi holdt **byttemarked** hver måned.\n\n- tøj\n- bøger",
                        library=library,
                        area=("organisation", "operations", "citizens")[number % 3],
                        partners=["Lokale foreninger"], status="approved",
                        approved_at=now - datetime.timedelta(minutes=number),
                        approved_by=seeded.coordinator,
                    )
                )  # fmt: skip
        Example.objects.bulk_create(examples)
        Example.goals.through.objects.bulk_create(
            Example.goals.through(example_id=example.pk, goal_id=goal)
            for number, example in enumerate(examples)
            for goal in {number % 17 + 1, (number * 5 + 3) % 17 + 1}
        )
        Example.tags.through.objects.bulk_create(
            Example.tags.through(example_id=example.pk, tag_id=tags[number % len(tags)].pk)
            for number, example in enumerate(examples)
        )

        if seeded.lead is None:
            first = libraries[0]
            seeded.lead = Membership.objects.get(library=first, role="lead").user
            seeded.profile_slug = first.slug
            version = PlanVersion.objects.get(plan=next_plans[first.pk])
            seeded.review_path = f"/review/plans/{version.plan.uuid}/v{version.number}/"
    from django.db import connection

    from core.public_cache import public_data_changed

    public_data_changed()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # planner statistics, as autovacuum keeps them in production
    seeded.count = target


def seed_events_to(target: int) -> None:
    """Grow the events to `target` with bulk inserts, spread over the participating libraries
    (a tenth national), from 60 days ago to a year ahead, two SDGs each."""
    from django.db import connection
    from django.utils import timezone

    from core.public_cache import public_data_changed
    from events.models import Event
    from libraries.models import Library

    existing = Event.objects.count()
    libraries = list(Library.objects.participating().order_by("pk"))
    start = timezone.now() - datetime.timedelta(days=60)
    minutes = 420 * 24 * 60  # spread over 60 days back and a year ahead, whatever the count
    events = Event.objects.bulk_create(
        Event(
            library=None if n % 10 == 0 else libraries[n % len(libraries)],
            title=f"Verdensmålsarrangement {n}",
            slug=f"bench-arrangement-{n}",
            description="Byttemarked og **reparationscafé** for hele familien.",
            starts_at=start + datetime.timedelta(minutes=n * 7919 % minutes),
            ends_at=start + datetime.timedelta(minutes=n * 7919 % minutes + 120),
            address="Hovedgaden 1, 2750 Ballerup",
            audience=("everyone", "children", "young", "adults", "seniors")[n % 5],
            online=n % 4 == 0,
            online_url="https://meet.example.org/bench" if n % 4 == 0 else "",
        )
        for n in range(existing, target)
    )
    Event.goals.through.objects.bulk_create(
        Event.goals.through(event_id=event.pk, goal_id=goal)
        for n, event in enumerate(events, start=existing)
        for goal in {n % 17 + 1, (n * 7 + 3) % 17 + 1}
    )
    public_data_changed()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def measure_pages(seeded: Seeded, scale, pages=PAGES) -> list[dict]:
    """Each page rendered REQUESTS_PER_PAGE times with the cache cleared before every request,
    so public pages are timed as rendered (the worst case, right after public data changed),
    not as served from the page cache (the load test below measures that)."""
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from tests.sessions import sign_in

    rows = []
    for label, path, who in pages:
        client = Client()
        user = {"lead": seeded.lead, "coordinator": seeded.coordinator}.get(who)
        if user is not None:
            # As after allauth's login with its TOTP stage: coordinator pages refuse a session
            # opened with a password alone (force_login alone got a redirect, not the page).
            sign_in(client, user)
        url = path(seeded) if callable(path) else path
        client.get(url)  # warm: template loading, the map's projection, translations
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            status = client.get(url).status_code
        row = {"scale": scale, "what": label, "status": status, "queries": len(queries)}
        if status == 200:
            times = []
            for _ in range(REQUESTS_PER_PAGE):
                cache.clear()
                start = time.perf_counter()
                client.get(url)
                times.append((time.perf_counter() - start) * 1000)
            row["median"] = statistics.median(times)
            row["p95"] = statistics.quantiles(times, n=20)[-1]
        rows.append(row)
    return rows


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _redis_url() -> str | None:
    url = os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/11")
    try:
        import redis

        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except Exception:
        return None
    return url


@contextlib.contextmanager
def gunicorn(port: int, cache_url: str | None):
    env = dict(os.environ)
    if cache_url:
        env["CACHE_URL"] = cache_url
    binary = shutil.which("gunicorn", path=str(Path(sys.executable).parent)) or "gunicorn"
    process = subprocess.Popen(
        [binary, "config.wsgi", "--workers", "2", "--bind", f"127.0.0.1:{port}",
         "--log-level", "warning"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with (
                contextlib.suppress(OSError),
                socket.create_connection(("127.0.0.1", port), timeout=1),
            ):
                break
            if process.poll() is not None:
                raise RuntimeError(f"gunicorn stopped: {process.stderr.read().decode()[-2000:]}")
            time.sleep(0.2)
        yield
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def load(port: int, path: str, seconds: float = LOAD_SECONDS, concurrency: int = LOAD_CONCURRENCY):
    """Requests per second: `concurrency` threads with keep-alive connections on loopback,
    for `seconds`. Returns (rps, errors)."""
    stop = time.monotonic() + seconds
    counts, errors = [0] * concurrency, [0] * concurrency

    def worker(index):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        while time.monotonic() < stop:
            try:
                conn.request("GET", path, headers={"Host": "127.0.0.1"})
                response = conn.getresponse()
                response.read()
                if response.status == 200:
                    counts[index] += 1
                else:
                    errors[index] += 1
                if response.getheader("Connection", "").lower() == "close":
                    conn.close()
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            except (OSError, http.client.HTTPException):
                errors[index] += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(concurrency)]
    start = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(counts) / (time.monotonic() - start), sum(errors)


def measure_throughput(scale: int, cache_url: str | None) -> list[dict]:
    """Requests per second of /healthz and of /libraries/ (anonymous, from the page cache) in
    LOAD_ROUNDS pairs of back-to-back rounds, so that a busy moment on the machine hits both
    alike. Shown: the median round of each, and the median of the pairs' ratios."""
    port = _free_port()
    trivial, libraries, trivial_errors, library_errors = [], [], 0, 0
    with gunicorn(port, cache_url):
        load(port, "/healthz", seconds=1.0)  # warm both workers
        load(port, "/libraries/", seconds=1.0)  # and the page cache
        for _ in range(LOAD_ROUNDS):
            rps, errors = load(port, "/healthz")
            trivial.append(rps)
            trivial_errors += errors
            rps, errors = load(port, "/libraries/")
            libraries.append(rps)
            library_errors += errors
    ratios = [page / healthz for page, healthz in zip(libraries, trivial, strict=True) if healthz]
    ratio = statistics.median(ratios) if ratios else 0
    spread = f" (rounds {min(ratios):.2f}–{max(ratios):.2f})" if ratios else ""
    return [
        {"scale": scale, "what": "req/s /healthz (gunicorn, 2 workers)",
         "rps": statistics.median(trivial), "status": f"{trivial_errors} errors"},
        {"scale": scale, "what": "req/s /libraries/ (anonymous)",
         "rps": statistics.median(libraries), "status": f"{library_errors} errors",
         "note": f"ratio {ratio:.2f}{spread}"},
    ]  # fmt: skip


def measure_event_throughput(scale, cache_url: str | None) -> list[dict]:
    """Requests per second of /healthz and of each EVENT_LOAD_PATHS page (anonymous, from the
    page cache), in back-to-back rounds as measure_throughput does for /libraries/."""
    port = _free_port()
    results = {path: [] for path in ("/healthz", *EVENT_LOAD_PATHS)}
    errors = dict.fromkeys(results, 0)
    with gunicorn(port, cache_url):
        for path in results:
            load(port, path, seconds=1.0)  # warm the workers and the page cache
        for _ in range(LOAD_ROUNDS):
            for path in results:
                rps, failed = load(port, path)
                results[path].append(rps)
                errors[path] += failed
    rows = [
        {"scale": scale, "what": "req/s /healthz (gunicorn, 2 workers)",
         "rps": statistics.median(results["/healthz"]), "status": f"{errors['/healthz']} errors"}
    ]  # fmt: skip
    for path in EVENT_LOAD_PATHS:
        ratios = [
            page / trivial
            for page, trivial in zip(results[path], results["/healthz"], strict=True)
            if trivial
        ]
        rows.append(
            {
                "scale": scale,
                "what": f"req/s {path} (anonymous)",
                "rps": statistics.median(results[path]),
                "status": f"{errors[path]} errors",
                "note": f"ratio {statistics.median(ratios):.2f}" if ratios else "",
            }
        )
    return rows


CATALOGUE_SIZES = (300, 1000, 3000)  # issue 15: the Nordic scale


def measure_catalogue() -> list[dict]:
    try:
        from bench.catalogue_render import measure
    except ImportError:
        note = "bench/catalogue_render.py measure(n) not found (inspiration branch)"
        return [{"scale": "-", "what": "catalogue render", "status": "skipped", "note": note}]
    rows = []
    for n in CATALOGUE_SIZES:
        result = measure(n)
        lines = [
            (f"catalogue render, {n} examples", result, n),
            (
                f"selection SDG 12 of {n} ({result['selection']['examples']} examples)",
                result["selection"],
                result["selection"]["examples"],
            ),
            (f"catalogue re-render, {n}, 1 example changed", result["changed"], None),
        ]
        for what, values, count in lines:
            cpu = values["cpu_seconds"]
            per = f" = {cpu / count:.3f} s/example" if count else ""
            rows.append(
                {
                    "scale": "-",
                    "what": what,
                    "status": "ok",
                    "median": values["seconds"] * 1000,
                    "peak": values["peak_mib"],
                    "note": f"CPU {cpu:.1f} s{per}; {values['pages']} pages",
                }
            )
    return rows


def _cell(value, fmt="{:.1f}"):
    if value is None or value == "":
        return ""
    return fmt.format(value) if isinstance(value, int | float) else str(value)


def table(rows: list[dict]) -> str:
    header = (
        "| libraries | measure | status | queries | median ms | p95 ms | req/s | peak MiB | note |"
    )
    lines = [header, "|" + "---|" * 9]
    for r in rows:
        status = r.get("status", "")
        if status == 404:
            status = "404 (page not built yet)"
        lines.append(
            "| "
            + " | ".join(
                [
                    str(r["scale"]),
                    r["what"],
                    str(status),
                    _cell(r.get("queries"), "{}"),
                    _cell(r.get("median")),
                    _cell(r.get("p95")),
                    _cell(r.get("rps"), "{:.0f}"),
                    _cell(r.get("peak")),
                    r.get("note", ""),
                ]
            )
            + " |"
        )
    return "\n".join(lines)


def machine_facts(database: str, cache_url: str | None, load_before: str) -> list[str]:
    cpu = platform.processor() or "unknown CPU"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = ""
    with contextlib.suppress(OSError, ValueError, IndexError):
        kib = int(Path("/proc/meminfo").read_text().split("\n")[0].split()[1])
        memory = f", {kib / 1024 / 1024:.1f} GiB RAM"
    return [
        f"- measured {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC",
        f"- {cpu}, {os.cpu_count()} cores{memory}; {platform.system()} {platform.release()}",
        f"- Python {platform.python_version()}, database {database}, "
        f"gunicorn cache {'Redis ' + cache_url if cache_url else 'per-process (no Redis)'}",
        f"- load average (1 min) before / after the run: {load_before} / {_load_average()} "
        "(other processes on the machine make the p95 noisy)",
        f"- server time: Django test client in-process, {REQUESTS_PER_PAGE} warm requests per "
        "page, the cache cleared before each (pages rendered, not served from the page cache); "
        "queries: one such request",
        f"- load: {LOAD_CONCURRENCY} client threads on loopback (keep-alive where the server "
        f"allows it), {LOAD_ROUNDS} back-to-back pairs of {LOAD_SECONDS:.0f} s rounds, median "
        "round shown; ratio: median of the pairs' ratios",
    ]


HOW_TO_RUN = """## How to run it

    make bench                                   # SQLite under /tmp, Redis db 11 if it answers
    DATABASE_URL=postgres://USER@HOST:5432/any BENCH_CACHE_URL=redis://127.0.0.1:6379/11 \\
        .venv/bin/python bench/run.py            # PostgreSQL: uses (and empties) `vm_bench`
    .venv/bin/python bench/run.py --scales 10 1000 --no-load --no-catalogue --no-write
    .venv/bin/python bench/catalogue_render.py 10 100 300   # the catalogue on its own

It seeds the libraries with bulk inserts (each with a lead and a staff member, a plan of six
initiatives; 60 % certified, a sixth of those with next period's plan waiting for review;
10 % expired, 10 % with a first plan waiting for review, 20 % drafting; an approved example for
every second library), then for each page: the query count of one request and the server time of 60
requests, each with the cache cleared (so public pages are timed as rendered, not served from
the page cache). The load test starts gunicorn (2 sync workers, DEBUG off, the page cache in
Redis so both workers share it) and alternates rounds of /healthz and anonymous
/libraries/ from 8 client threads (5 pairs of 2-second rounds); shown are the median round of
each and the median of the five pairs' ratios, with their range. The catalogue is rendered
once per size, each in a fresh process on its own SQLite copy (peak = that process's max RSS).
The table and the machine facts are written here; nothing else is changed.

Server times are wall clock. On a machine shared with other work (see the load average above)
single requests are delayed at random, which shows in the p95 column and even in some medians.
Rerun on a quiet machine before comparing runs; the query counts and the catalogue's CPU seconds
per example do not depend on the load.
"""


def _load_average() -> str:
    try:
        return f"{os.getloadavg()[0]:.1f}"
    except OSError:
        return "unknown"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scales", type=int, nargs="+", default=list(SCALES))
    parser.add_argument("--no-load", action="store_true", help="skip the gunicorn load test")
    parser.add_argument("--no-catalogue", action="store_true", help="skip the catalogue render")
    parser.add_argument("--no-write", action="store_true", help="do not write bench/RESULTS.md")
    parser.add_argument("--event-scales", type=int, nargs="*", default=list(EVENT_SCALES))
    args = parser.parse_args()

    load_before = _load_average()
    database = configure_environment()
    import logging
    import warnings

    import django

    django.setup()
    from django.core.management import call_command

    logging.disable(logging.WARNING)  # expected 404s of pages not built yet, security log
    warnings.filterwarnings("ignore", message="No directory at")

    print(f"Setting up {database} …", file=sys.stderr)
    call_command("migrate", verbosity=0)
    cache_url = _redis_url()
    seeded, rows = Seeded(), []
    for scale in sorted(args.scales):
        print(f"Seeding {scale} libraries …", file=sys.stderr)
        seed_to(scale, seeded)
        rows += measure_pages(seeded, scale)
        if not args.no_load:
            if cache_url:
                import redis

                redis.Redis.from_url(cache_url).flushdb()
            rows += measure_throughput(scale, cache_url)
    for events in sorted(args.event_scales):
        print(f"Seeding {events} events …", file=sys.stderr)
        seed_events_to(events)
        label = f"{events} events"
        rows += measure_pages(seeded, label, EVENT_PAGES)
        if not args.no_load:
            if cache_url:
                import redis

                redis.Redis.from_url(cache_url).flushdb()
            rows += measure_event_throughput(label, cache_url)
    if not args.no_catalogue:
        rows += measure_catalogue()

    output = table(rows)
    facts = machine_facts(database, cache_url, load_before)
    print(output)
    print("\n".join(facts))
    if not args.no_write:
        write_results(
            "# Benchmark results (`make bench`)\n\n"
            "Targets (issue 7): the same query count per page at 10 and 1,000 libraries; p95 "
            "under 150 ms for every page at 1,000 libraries; /libraries/ at least half the "
            "requests per second of /healthz. Catalogue (issue 6): 300 examples in under 60 s, "
            "time growing no faster than linearly.\n\n"
            + output
            + "\n\n## Machine\n\n"
            + "\n".join(facts)
            + "\n\n"
            + HOW_TO_RUN
        )


GENERATED_START = "<!-- make bench writes from here -->"
GENERATED_END = "<!-- make bench writes up to here; the sections below are kept -->"


def write_results(generated: str) -> None:
    """Put `generated` into bench/RESULTS.md between its markers, keeping the sections written
    by hand around them (the measurements of single issues, with their reading)."""
    path = ROOT / "bench" / "RESULTS.md"
    before, after = "", "\n"
    if path.exists():
        text = path.read_text()
        if GENERATED_START in text and GENERATED_END in text:
            before = text[: text.index(GENERATED_START)]
            after = text[text.index(GENERATED_END) + len(GENERATED_END) :]
    path.write_text(
        before + GENERATED_START + "\n" + generated.rstrip() + "\n" + GENERATED_END + after
    )


if __name__ == "__main__":
    main()
