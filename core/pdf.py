"""Rendering HTML templates to PDF with WeasyPrint, as a pure function that returns bytes.

WeasyPrint may only read the project's own static files and media: every other URL (network,
arbitrary file paths) is refused. Templates refer to files with `{% static %}` and `.url` as
usual; those URLs are resolved against a base URL that only this fetcher understands.
"""

import collections
import json
import logging
import math
import mimetypes
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)

PDF_BASE_URL = "https://pdf.invalid/"
# Private files a public document may print (e.g. a published example's photo), by storage
# name: `PRIVATE_MEDIA_PATH + name`. The builder decides what is public, as a view would.
PRIVATE_MEDIA_PATH = "/private-media/"


class ProjectFilesFetcher(URLFetcher):
    """Serve /static/… and /media/… from the project; refuse everything else."""

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        parts = urlsplit(url)
        path = unquote(parts.path)
        if f"{parts.scheme}://{parts.netloc}/" != PDF_BASE_URL or ".." in path:
            logger.warning("PDF render refused to fetch %s", url)
            raise ValueError(f"PDF rendering may not fetch {url}")
        mime_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
        if path.startswith(settings.STATIC_URL):
            name = path.removeprefix(settings.STATIC_URL)
            found = finders.find(name)
            if found:
                with open(found, "rb") as handle:
                    return URLFetcherResponse(url, handle.read(), {"Content-Type": mime_type})
            # After collectstatic (hashed names in production) the files live in storage.
            if not staticfiles_storage.exists(name):
                raise ValueError(f"No static file {path}")
            with staticfiles_storage.open(name, "rb") as handle:
                return URLFetcherResponse(url, handle.read(), {"Content-Type": mime_type})
        if path.startswith(PRIVATE_MEDIA_PATH):
            from core.files import private_storage

            name = path.removeprefix(PRIVATE_MEDIA_PATH)
            with private_storage().open(name, "rb") as handle:
                return URLFetcherResponse(url, handle.read(), {"Content-Type": mime_type})
        if path.startswith(settings.MEDIA_URL):
            with default_storage.open(path.removeprefix(settings.MEDIA_URL), "rb") as handle:
                return URLFetcherResponse(url, handle.read(), {"Content-Type": mime_type})
        logger.warning("PDF render refused to fetch %s", url)
        raise ValueError(f"PDF rendering may not fetch {url}")


def render_pdf(
    template_name: str,
    context: dict,
    *,
    tagged: bool = True,
) -> bytes:
    """Render a template to PDF bytes. The PDF's title and language come from the HTML's
    `<title>` and `<html lang>`.

    `tagged` makes an accessible, tagged PDF (PDF/UA-1), as Danish law asks of public documents.
    """
    html = render_to_string(template_name, context)
    document = HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=ProjectFilesFetcher())
    options = {"pdf_variant": "pdf/ua-1"} if tagged else {}
    return document.write_pdf(**options)


def render_html_in_parts(html: str) -> tuple[bytes, int, dict[str, int]]:
    """Render one part of a larger document: its tagged PDF bytes, its page count and the page
    (0-based, in this part) of each anchor (`id`), for the assembler's contents and index."""
    document = HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=ProjectFilesFetcher()).render(
        pdf_variant="pdf/ua-1"
    )
    anchors: dict[str, int] = {}
    for number, page in enumerate(document.pages):
        for name in page.anchors:
            anchors.setdefault(name, number)
    return document.write_pdf(pdf_variant="pdf/ua-1"), len(document.pages), anchors


class PartRenderError(RuntimeError):
    """A part's child process failed; the message names the part and ends with its error."""


@dataclass
class PartJob:
    """One part to render: its HTML, and the file its PDF goes to."""

    html: str
    output: Path


# The child processes of recent renders: (started, ended, peak KiB), for the benchmark.
child_runs: collections.deque = collections.deque(maxlen=1000)


# How many parts one child renders in a row: starting Python, Django and WeasyPrint costs
# about 1.3 CPU s, and a few parts more in one process keep its memory well bounded.
PARTS_PER_PROCESS = 3


def render_parts(jobs: list[PartJob], *, processes: int | None = None) -> list[tuple[int, dict]]:
    """Render the parts of a larger document in short-lived child processes
    (`python -m core.pdf_part`, a few parts each), up to `processes` (setting
    PDF_PART_PROCESSES) at a time. Writes each part's PDF to its `output`; returns (page count,
    anchors) per job, in order.

    Short-lived processes bound the memory (WeasyPrint's memory is not returned between
    renders in one process) and let parts use every core. Subprocesses, not multiprocessing:
    a Celery prefork worker's daemon processes may not have the latter."""
    processes = max(1, processes or settings.PDF_PART_PROCESSES)
    size = max(1, min(PARTS_PER_PROCESS, math.ceil(len(jobs) / processes)))
    batches = [
        list(range(start, min(start + size, len(jobs)))) for start in range(0, len(jobs), size)
    ]
    results: list[tuple[int, dict] | None] = [None] * len(jobs)
    running: list[tuple[subprocess.Popen, list[int], Path, float]] = []
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "config.settings"),
        # The storages as this process sees them (tests move them to temporary folders).
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "PRIVATE_MEDIA_ROOT": str(settings.PRIVATE_MEDIA_ROOT),
    }
    with tempfile.TemporaryDirectory(prefix="pdf-parts-") as scratch:
        try:
            while batches or running:
                while batches and len(running) < processes:
                    batch = batches.pop(0)
                    folders = [Path(scratch) / f"{index:05d}" for index in batch]
                    for index, folder in zip(batch, folders, strict=True):
                        folder.mkdir()
                        (folder / "part.html").write_text(jobs[index].html, encoding="utf-8")
                    with open(folders[0] / "stderr", "wb") as errors:
                        child = subprocess.Popen(  # noqa: S603 (our own module, no user input)
                            [sys.executable, "-m", "core.pdf_part", *map(str, folders)],
                            cwd=settings.BASE_DIR,
                            env=environment,
                            stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL,
                            stderr=errors,
                        )
                    running.append((child, batch, folders[0] / "stderr", time.monotonic()))
                finished = [entry for entry in running if entry[0].poll() is not None]
                if not finished:
                    time.sleep(0.05)
                    continue
                for entry in finished:
                    running.remove(entry)
                    child, batch, errors, started = entry
                    if child.returncode != 0:
                        numbers = (
                            f"{batch[0] + 1}"
                            if len(batch) == 1
                            else f"{batch[0] + 1}–{batch[-1] + 1}"
                        )
                        raise PartRenderError(
                            f"Rendering PDF part {numbers} failed in its child process "
                            f"(exit code {child.returncode}): {_last_line(errors)}"
                        )
                    peak_kib = 0
                    for index in batch:
                        folder = Path(scratch) / f"{index:05d}"
                        meta = json.loads((folder / "part.json").read_text(encoding="utf-8"))
                        peak_kib = max(peak_kib, meta["peak_kib"])
                        shutil.move(folder / "part.pdf", jobs[index].output)
                        results[index] = meta["pages"], meta["anchors"]
                    child_runs.append((started, time.monotonic(), peak_kib))
        finally:
            for child, *_rest in running:  # e.g. the task's time limit
                child.kill()
                child.wait()
    return results


@dataclass
class JoinJob:
    """Tagged PDF parts to join into `output` (see core.pdf_join.join)."""

    parts: list[Path]
    outline: list[dict]
    output: Path
    folio: Path
    numbered: list[Path]
    page_link_label: str = "Page %(number)s"  # the description of a link to a page


def join_parts(job: JoinJob, *, separate: bool) -> None:
    """Join `job`'s parts, in a child process when `separate` (a large document: qpdf's
    memory goes with the process), else here."""
    from core import pdf_join

    arguments = {
        "parts": [str(part) for part in job.parts],
        "outline": job.outline,
        "output": str(job.output),
        "folio": str(job.folio),
        "numbered": [str(part) for part in job.numbered],
        "page_link_label": job.page_link_label,
    }
    if not separate:
        pdf_join.join(**arguments)
        return
    with tempfile.TemporaryDirectory(prefix="pdf-join-") as scratch:
        folder = Path(scratch)
        report = folder / "report.json"
        (folder / "spec.json").write_text(json.dumps({**arguments, "report": str(report)}))
        started = time.monotonic()
        with open(folder / "stderr", "wb") as errors:
            child = subprocess.run(  # noqa: S603 (our own module, no user input)
                [sys.executable, "-m", "core.pdf_join", str(folder / "spec.json")],
                cwd=settings.BASE_DIR,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=errors,
                check=False,
            )
        if child.returncode != 0:
            raise PartRenderError(
                f"Joining the PDF parts failed in its child process (exit code "
                f"{child.returncode}): {_last_line(folder / 'stderr')}"
            )
        peak_kib = json.loads(report.read_text())["peak_kib"]
        child_runs.append((started, time.monotonic(), peak_kib))


def _last_line(path: Path) -> str:
    message = path.read_text(encoding="utf-8", errors="replace").strip()
    return message.splitlines()[-1] if message else "no message"
