"""How long the inspiration catalogue PDF takes to render, and how much memory, by size.

    python bench/catalogue_render.py            # the table for 10, 100 and 300 examples
    python bench/catalogue_render.py 50 500     # other sizes

Each size runs in its own process (a fresh SQLite copy of a migrated database, media in a
temporary folder), so the peak memory (ru_maxrss) is that render's and not the previous one's.
Every third example has a 1600×1067 photo, as uploads are stored; the render uses the small
print copies like the worker does.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZES = (10, 100, 300)


def _environment(workdir: Path) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_DEBUG": "true",
        "SQLITE_PATH": str(workdir / "bench.sqlite3"),
        "MEDIA_ROOT": str(workdir / "media"),
        "LOG_LEVEL": "WARNING",
        "CELERY_BROKER_URL": "",
        "DATABASE_URL": "",
    }


def _template_database() -> Path:
    """Migrate once; every measurement starts from a copy."""
    folder = Path(tempfile.gettempdir()) / "vm-bench-template"
    folder.mkdir(exist_ok=True)
    database = folder / "bench.sqlite3"
    if not database.exists():
        subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), "migrate", "-v0"],
            env=_environment(folder),
            cwd=ROOT,
            check=True,
        )
    return database


def measure(example_count: int) -> dict:
    """Render a catalogue of `example_count` approved examples in a fresh process.
    Returns {"seconds": render time, "peak_mib": peak resident memory, "pages": ..., ...}."""
    template = _template_database()
    with tempfile.TemporaryDirectory(prefix="vm-bench-") as workdir:
        workdir = Path(workdir)
        shutil.copy(template, workdir / "bench.sqlite3")
        result = subprocess.run(
            [sys.executable, __file__, "--one", str(example_count)],
            env=_environment(workdir),
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        )
    return json.loads(result.stdout.strip().splitlines()[-1])


def _one(example_count: int) -> dict:
    """In the child process: create the examples, then time one render."""
    import gc
    import io
    import resource
    import time

    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.files.base import ContentFile
    from django.utils import timezone
    from PIL import Image

    from actionplans.models import Area, Goal
    from core import documents
    from inspiration.models import Example, ExampleImage, Tag
    from libraries.models import Library

    goals = list(Goal.objects.order_by("number"))
    libraries = list(Library.objects.order_by("slug")[:40])
    areas = list(Area.values)
    tag, _ = Tag.objects.get_or_create(slug="genbrug", defaults={"name": "genbrug"})
    photo = io.BytesIO()
    Image.new("RGB", (1600, 1067), "#3F7E44").save(photo, format="JPEG", quality=85)
    body = (
        "Biblioteket holdt **byttemarked** hver måned i foyeren, sammen med lokale foreninger.\n\n"
        "- Borgerne byttede tøj, bøger og legetøj.\n- Frivillige hjalp med opstillingen.\n"
        "- Vi fortalte om verdensmål 12 og genbrug.\n\n"
        "Det lærte vi: Det skal være let at være med, og resultaterne skal vises. " * 2
    )
    now = timezone.now()
    for index in range(example_count):
        example = Example.objects.create(
            title=f"Eksempel {index + 1}: Byttemarked og genbrug på biblioteket",
            slug=f"eksempel-{index + 1}",
            summary="Borgerne bytter ting i stedet for at købe nyt; biblioteket er vært.",
            body=body,
            library=libraries[index % len(libraries)],
            area=areas[index % 3],
            partners=["Lokale foreninger", "Genbrugspladsen"],
            contact_name="Mette Hansen",
            contact_email="mette@example.org",
            show_contact=index % 2 == 0,
            status=Example.Status.APPROVED,
            approved_at=now,
        )
        example.goals.set([goals[index % 17], goals[(index * 5 + 3) % 17]])
        example.tags.add(tag)
        if index % 3 == 0:
            ExampleImage.objects.create(
                example=example,
                image=ContentFile(photo.getvalue(), name=f"foto-{index}.jpg"),
                alt_text="Borgere ved et bord med ting til bytte",
            )
    gc.collect()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    before, cpu_before = usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime
    started = time.monotonic()
    document = documents.render_now("catalogue")
    seconds = time.monotonic() - started
    usage = resource.getrusage(resource.RUSAGE_SELF)
    peak, cpu = usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime - cpu_before
    from pypdf import PdfReader

    with document.file.open("rb") as handle:
        pages = len(PdfReader(handle).pages)
    return {
        "examples": example_count,
        "seconds": round(seconds, 2),
        "cpu_seconds": round(cpu, 2),
        "peak_mib": round(peak, 1),
        "baseline_mib": round(before, 1),
        "pages": pages,
        "bytes": document.size,
    }


def main(sizes) -> None:
    rows = [measure(size) for size in sizes]
    print(
        f"{'examples':>8}  {'pages':>5}  {'seconds':>8}  {'CPU s':>7}  {'CPU s/example':>13}  "
        f"{'peak MiB':>8}  {'PDF KiB':>8}"
    )
    for row in rows:
        print(
            f"{row['examples']:>8}  {row['pages']:>5}  {row['seconds']:>8.2f}  "
            f"{row['cpu_seconds']:>7.2f}  {row['cpu_seconds'] / row['examples']:>13.3f}  "
            f"{row['peak_mib']:>8.1f}  {row['bytes'] / 1024:>8.0f}"
        )
    print("(seconds: wall clock; CPU s: this process only, steadier on a busy machine)")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--one":
        print(json.dumps(_one(int(sys.argv[2]))))
    else:
        main([int(arg) for arg in sys.argv[1:]] or SIZES)
