"""How long the inspiration catalogue PDF takes to render, and how much memory, by size.

    python bench/catalogue_render.py            # the table for 10, 100 and 300 examples
    python bench/catalogue_render.py 50 500     # other sizes

Each size runs in its own process (a fresh SQLite copy of a migrated database, media in a
temporary folder), so the peak memory (ru_maxrss) is that render's and not the previous one's.
Every third example has a 1600×1067 photo, as uploads are stored; the render uses the small
print copies like the worker does.
"""

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZES = (300, 1000, 3000)


def _environment(workdir: Path) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_DEBUG": "true",
        "SQLITE_PATH": str(workdir / "bench.sqlite3"),
        "MEDIA_ROOT": str(workdir / "media"),
        "PRIVATE_MEDIA_ROOT": str(workdir / "private-media"),
        "LOG_LEVEL": "WARNING",
        "CELERY_BROKER_URL": "",
        "DATABASE_URL": "",
    }


def _template_database() -> Path:
    """Migrate once per set of migrations; every measurement starts from a copy."""
    migrations = sorted(p.name for p in ROOT.glob("*/migrations/0*.py"))
    tag = hashlib.sha256("\n".join(migrations).encode()).hexdigest()[:12]
    folder = Path(tempfile.gettempdir()) / f"vm-bench-template-{tag}"
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
    """Render a catalogue of `example_count` approved examples (each with a photo). Returns
    {"seconds", "cpu_seconds", "peak_mib", "pages", "bytes", "selection": {...}, "changed":
    {...}}: the full render, one SDG's selection, and the full render again after one example
    changed (its part re-rendered, the others from the cache). The examples are created in one
    process and rendered in a fresh one, like a worker's, so that the render's memory is not
    mixed with the seeding's."""
    template = _template_database()
    with tempfile.TemporaryDirectory(prefix="vm-bench-") as workdir:
        workdir = Path(workdir)
        shutil.copy(template, workdir / "bench.sqlite3")
        for step in ("--seed", "--render"):
            result = subprocess.run(
                [sys.executable, __file__, step, str(example_count)],
                env=_environment(workdir),
                cwd=ROOT,
                check=True,
                capture_output=True,
                text=True,
            )
    return json.loads(result.stdout.strip().splitlines()[-1])


def _setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def _seed(example_count: int) -> None:
    """In the first child process: create the examples with their photos."""
    import io

    _setup_django()
    from django.core.files.base import ContentFile
    from django.utils import timezone
    from PIL import Image

    from actionplans.models import Area, Goal
    from inspiration.models import Example, ExampleImage, Tag
    from libraries.models import Library

    goals = list(Goal.objects.order_by("number"))
    libraries = list(Library.objects.order_by("slug")[:40])
    areas = list(Area.values)
    tag, _ = Tag.objects.get_or_create(slug="genbrug", defaults={"name": "genbrug"})
    photo = io.BytesIO()
    size = (1600, 1067)  # gradients and noise: a photo's file size, not a flat colour's
    Image.merge(
        "RGB",
        [
            Image.linear_gradient("L").resize(size),
            Image.radial_gradient("L").resize(size),
            Image.effect_noise(size, 30),
        ],
    ).save(photo, format="JPEG", quality=85)
    body = (
        "Biblioteket holdt **byttemarked** hver måned i foyeren, sammen med lokale foreninger.\n\n"
        "- Borgerne byttede tøj, bøger og legetøj.\n- Frivillige hjalp med opstillingen.\n"
        "- Vi fortalte om verdensmål 12 og genbrug.\n\n"
        "Det lærte vi: Det skal være let at være med, og resultaterne skal vises. " * 2
    )
    now = timezone.now()
    from core.files import private_storage
    from inspiration.images import SIZES, make_sizes, size_name

    storage, sizes = private_storage(), None

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
        image = ExampleImage.objects.create(  # every example has a photo, stored as on upload
            example=example,
            image=ContentFile(photo.getvalue(), name=f"foto-{index}.jpg"),
            alt_text="Borgere ved et bord med ting til bytte",
            is_main=True,
        )
        if sizes is None:  # made once, then copied: the bench times the render, not uploads
            make_sizes(image.image.name)
            sizes = {
                size: storage.open(size_name(image.image.name, size), "rb").read() for size in SIZES
            }
        else:
            for size, data in sizes.items():
                storage.save(size_name(image.image.name, size), ContentFile(data))


def _render(example_count: int) -> dict:
    """In a fresh child process: time the renders."""
    import gc
    import resource
    import time

    _setup_django()
    from core import documents
    from core import pdf as core_pdf
    from inspiration import catalogue
    from inspiration.models import Example

    def concurrent_peak_kib(runs) -> int:
        """The largest sum of the peaks of child processes that ran at the same time."""
        events = sorted([(start, peak) for start, _end, peak in runs])
        events += [(end, -peak) for _start, end, peak in runs]
        total = highest = 0
        for _moment, change in sorted(events, key=lambda event: (event[0], event[1] > 0)):
            total += change
            highest = max(highest, total)
        return highest

    def timed(action):
        gc.collect()
        core_pdf.child_runs.clear()
        usage = resource.getrusage(resource.RUSAGE_SELF)
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu_before = usage.ru_utime + usage.ru_stime + children.ru_utime + children.ru_stime
        started = time.monotonic()
        value = action()
        usage = resource.getrusage(resource.RUSAGE_SELF)
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        runs = list(core_pdf.child_runs)
        parent_mib = usage.ru_maxrss / 1024
        together_mib = concurrent_peak_kib(runs) / 1024
        return value, {
            "seconds": round(time.monotonic() - started, 2),
            # this process and its part renderers together
            "cpu_seconds": round(
                usage.ru_utime
                + usage.ru_stime
                + children.ru_utime
                + children.ru_stime
                - cpu_before,
                2,
            ),
            "parent_mib": round(parent_mib, 1),  # of the process so far
            "child_mib": round(max((peak for *_times, peak in runs), default=0) / 1024, 1),
            "children": len(runs),
            # the honest peak: the parent's plus the children that ran at the same time
            "peak_mib": round(parent_mib + together_mib, 1),
        }

    from pypdf import PdfReader

    def pages_of(document):
        with document.file.open("rb") as handle:
            return len(PdfReader(handle).pages)

    baseline = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    document, full = timed(lambda: documents.render_now("catalogue"))
    full.update(examples=example_count, pages=pages_of(document), bytes=document.size)
    full["baseline_mib"] = baseline

    filters = "goal=12"
    examples = catalogue.selected_examples(filters)
    key = catalogue.selection_key(filters, examples)
    selection, selected = timed(lambda: documents.render_now(catalogue.SELECTION_KIND, key))
    selected.update(examples=examples.count(), pages=pages_of(selection))

    changed_example = Example.objects.order_by("pk")[example_count // 2]
    changed_example.summary = "Nu også med reparationer."
    changed_example.save()
    document, changed = timed(lambda: documents.render_now("catalogue"))
    changed.update(pages=pages_of(document))
    return {**full, "selection": selected, "changed": changed}


def main(sizes) -> None:
    print(
        f"{'examples':>8}  {'what':<26}  {'pages':>5}  {'seconds':>8}  {'CPU s':>7}  "
        f"{'CPU s/example':>13}  {'peak MiB':>8}  {'parent':>7}  {'child':>6}  {'PDF KiB':>8}"
    )
    for size in sizes:
        row = measure(size)
        lines = [
            ("full catalogue", row, size),
            (f"selection SDG 12 ({row['selection']['examples']})", row["selection"], None),
            ("full, after 1 change", row["changed"], None),
        ]
        for what, values, per in lines:
            per_example = f"{values['cpu_seconds'] / per:>13.3f}" if per else f"{'':>13}"
            size_kib = f"{values['bytes'] / 1024:>8.0f}" if "bytes" in values else f"{'':>8}"
            print(
                f"{size:>8}  {what:<26}  {values['pages']:>5}  {values['seconds']:>8.2f}  "
                f"{values['cpu_seconds']:>7.2f}  {per_example}  {values['peak_mib']:>8.1f}  "
                f"{values['parent_mib']:>7.1f}  {values['child_mib']:>6.1f}  {size_kib}",
                flush=True,
            )
    print(
        "(seconds: wall clock; CPU s: this process and its part renderers, steadier on a busy"
        " machine; parent: this process's peak so far (the rows after the first include it);"
        " child: the largest part renderer's peak; peak MiB: parent plus the largest sum of"
        " part renderers running at the same time)"
    )


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--seed":
        _seed(int(sys.argv[2]))
    elif len(sys.argv) == 3 and sys.argv[1] == "--render":
        print(json.dumps(_render(int(sys.argv[2]))))
    else:
        main([int(arg) for arg in sys.argv[1:]] or SIZES)
