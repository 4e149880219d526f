"""`make bench`: seed 10, 100 and 1,000 libraries in a throwaway database and print ONE table:
queries per request and median/p95 server time per page, requests per second of /libraries/
under gunicorn (2 workers) next to a trivial view (/healthz), and the catalogue's render time
and peak memory. The table and the machine facts also go to bench/RESULTS.md.

Database: a SQLite file under /tmp, or, when DATABASE_URL is set, a PostgreSQL database named
`vm_bench` on the same server (created if missing, emptied first). Never the real database.

Add a page: one row in PAGES (the path may be a function of the seeded objects). Pages that do
not exist yet answer 404 and are shown as such.
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
REQUESTS_PER_PAGE = 30
LOAD_SECONDS = 5.0
LOAD_CONCURRENCY = 8
INITIATIVES_PER_PLAN = 6  # two in each area
EXAMPLES_PER_LIBRARY = 1

# (label, path or function of the seeded `Seeded` object, who asks: None, "lead", "coordinator")
PAGES = [
    ("/", "/", None),
    ("/libraries/", "/libraries/", None),
    ("profile", lambda s: f"/libraries/{s.profile_slug}/", None),
    ("/inspiration/", "/inspiration/", None),
    ("dashboard", "/dashboard/", "lead"),
    ("review page", "/review/", "coordinator"),
]


def configure_environment() -> str:
    """Point the settings at a throwaway database before Django starts; returns a label."""
    os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))
    os.environ["DJANGO_DEBUG"] = "false"
    os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
    os.environ["DJANGO_SECURE_SSL_REDIRECT"] = "false"
    os.environ["DJANGO_SECURE_COOKIES"] = "false"
    os.environ["DJANGO_STATIC_MANIFEST"] = "false"
    os.environ.pop("CELERY_BROKER_URL", None)  # tasks in-process
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


def seed_to(target: int, seeded: Seeded) -> None:
    """Grow the participating libraries to `target`, each with a lead, a plan with initiatives
    in all three areas, an approved example, and (every other one) an active certification."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP
    from django.contrib.auth.models import Group
    from django.db import transaction
    from django.utils import timezone

    from accounts.models import COORDINATORS_GROUP, User
    from actionplans.models import ActionPlan, Goal, Initiative
    from certification.models import Certification
    from inspiration.models import Example
    from libraries.models import Library, Membership, Municipality, Region

    today = timezone.localdate()
    goals = list(Goal.objects.order_by("number"))
    with transaction.atomic():
        if seeded.coordinator is None:
            seeded.coordinator = User.objects.create_user(
                "bench-coordinator@example.org", "bench-password-2030", name="Bench Koordinator"
            )
            seeded.coordinator.groups.add(Group.objects.get_or_create(name=COORDINATORS_GROUP)[0])
            if not Authenticator.objects.filter(user=seeded.coordinator).exists():
                TOTP.activate(seeded.coordinator, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
        # Extra municipalities (and libraries) beyond the 98 real ones, with letter codes.
        existing = Library.objects.count()
        if target > existing:
            region = Region.objects.order_by("code").first()
            codes = (
                a + b + c
                for a in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                for b in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
            )
            taken = set(Municipality.objects.values_list("code", flat=True))
            new = []
            for _ in range(target - existing):
                code = next(c for c in codes if c not in taken)
                new.append(Municipality(code=code, name=f"Benchkommune {code}", region=region))
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
            Library.objects.filter(participating_since=None).order_by("pk")[: target - seeded.count]
        )
        for offset, library in enumerate(libraries):
            number = seeded.count + offset
            library.participating_since = today - datetime.timedelta(days=number % 900)
            lead = User(email=f"lead{number}@bench.example.org", name=f"Leder {number}")
            lead.set_unusable_password()
            lead.save()
            Membership.objects.create(
                user=lead, library=library, role="lead", status="active", decided_at=timezone.now()
            )
            certified = number % 2 == 0
            plan = ActionPlan.objects.create(
                library=library,
                period_start=today.year,
                period_end=today.year + 2,
                status="approved" if certified else "draft",
                vision="Et grønt bibliotek for alle.",
            )
            for i in range(INITIATIVES_PER_PLAN):
                initiative = Initiative.objects.create(
                    plan=plan,
                    area=("organisation", "operations", "citizens")[i % 3],
                    title=f"Indsats {i + 1} i {library.slug}",
                    description="Beskrivelse af indsatsen.",
                    years=[today.year],
                    order=i,
                )
                initiative.goals.set(goals[(number + i) % 17 : (number + i) % 17 + 2])
            if certified:
                Certification.objects.create(
                    library=library,
                    plan=plan,
                    number=f"VMC-B-{number:05d}",
                    issued_at=today,
                    valid_until=today + datetime.timedelta(days=365),
                )
            for e in range(EXAMPLES_PER_LIBRARY):
                example = Example.objects.create(
                    title=f"Eksempel {number}-{e}",
                    slug=f"bench-eksempel-{number}-{e}",
                    summary="Et godt eksempel.",
                    body="Vi gjorde **sådan**.",
                    library=library,
                    area="citizens",
                    status="approved",
                    approved_at=timezone.now(),
                )
                example.goals.set(goals[number % 17 : number % 17 + 1])
            seeded.lead = seeded.lead or lead
            seeded.profile_slug = seeded.profile_slug or library.slug
        Library.objects.bulk_update(libraries, ["participating_since"])
    seeded.count = target


def measure_pages(seeded: Seeded, scale: int) -> list[dict]:
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    rows = []
    for label, path, who in PAGES:
        client = Client()
        user = {"lead": seeded.lead, "coordinator": seeded.coordinator}.get(who)
        if user is not None:
            client.force_login(user)
        url = path(seeded) if callable(path) else path
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            status = client.get(url).status_code
        row = {"scale": scale, "what": label, "status": status, "queries": len(queries)}
        if status == 200:
            times = []
            for _ in range(REQUESTS_PER_PAGE):
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
    port = _free_port()
    with gunicorn(port, cache_url):
        load(port, "/healthz", seconds=1.0)  # warm both workers
        load(port, "/libraries/", seconds=1.0)
        trivial, trivial_errors = load(port, "/healthz")
        libraries, library_errors = load(port, "/libraries/")
    ratio = libraries / trivial if trivial else 0
    return [
        {"scale": scale, "what": "req/s /healthz (gunicorn, 2 workers)", "rps": trivial,
         "status": f"{trivial_errors} errors"},
        {"scale": scale, "what": "req/s /libraries/ (anonymous)", "rps": libraries,
         "status": f"{library_errors} errors", "note": f"ratio {ratio:.2f}"},
    ]  # fmt: skip


def measure_catalogue() -> list[dict]:
    try:
        from bench.catalogue_render import measure
    except ImportError:
        note = "bench/catalogue_render.py measure(n) not found (inspiration branch)"
        return [{"scale": "-", "what": "catalogue render", "status": "skipped", "note": note}]
    rows = []
    for n in (10, 100, 300):
        result = measure(n)
        row = {"scale": "-", "what": f"catalogue render, {n} examples", "status": "ok"}
        if isinstance(result, dict):
            seconds = result.get("seconds", result.get("render_seconds"))
            peak = result.get("peak_mib", result.get("peak_memory_mib"))
            row["median"] = seconds * 1000 if seconds is not None else None
            row["peak"] = peak
            if seconds is None and peak is None:
                row["note"] = str(result)
        elif isinstance(result, tuple | list) and len(result) == 2:
            row["median"], row["peak"] = result[0] * 1000, result[1]
        else:
            row["note"] = str(result)
        rows.append(row)
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


def machine_facts(database: str, cache_url: str | None) -> list[str]:
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
        f"- server time: Django test client in-process, {REQUESTS_PER_PAGE} warm requests per "
        "page; queries: one request with the cache cleared",
        f"- load: {LOAD_CONCURRENCY} keep-alive client threads on loopback, "
        f"{LOAD_SECONDS:.0f} s per URL",
    ]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scales", type=int, nargs="+", default=list(SCALES))
    parser.add_argument("--no-load", action="store_true", help="skip the gunicorn load test")
    parser.add_argument("--no-write", action="store_true", help="do not write bench/RESULTS.md")
    args = parser.parse_args()

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
    rows += measure_catalogue()

    output = table(rows)
    facts = machine_facts(database, cache_url)
    print(output)
    print("\n".join(facts))
    if not args.no_write:
        (ROOT / "bench" / "RESULTS.md").write_text(
            "# Benchmark results (`make bench`)\n\n"
            "Targets (issue 7): the same query count per page at 10 and 1,000 libraries; p95 "
            "under 150 ms for every page at 1,000 libraries; /libraries/ at least half the "
            "requests per second of /healthz.\n\n" + output + "\n\n" + "\n".join(facts) + "\n"
        )


if __name__ == "__main__":
    main()
