"""The catalogue rendered in parts and assembled, so that 3,000 examples fit in the worker's
time and memory and a change to one example re-renders only its part.

WeasyPrint holds a whole document's layout in memory and its time grows with it; so the
catalogue is cut into parts of at most PART_EXAMPLES examples (whole SDG sections where they
fit), each rendered on its own as a tagged PDF. The chapters' parts carry no page numbers, so
they do not depend on where they start: they render at once, each in a short-lived child
process (core.pdf.render_parts: the memory WeasyPrint keeps goes with the process, and both
cores work), and a part is cached by a hash of its HTML, so an unchanged part is reused even
when an earlier one grew. Then the back matter (indexes) and the front matter (cover,
introduction, contents with the page numbers now known) are rendered, and qpdf (pikepdf) joins
them (core.pdf_join, also in a child): pages, one structure tree (headings, figures with alt
text, reading order), the language, a bookmark per chapter and SDG section, and the chapters'
page numbers, stamped on from one "folio" PDF of numbered empty pages. A small catalogue (one
part of examples) does all of it in this process.
"""

import copy
import hashlib
import json
import logging
import shutil
import tempfile
from pathlib import Path

from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from django.template.loader import render_to_string

from core.pdf import JoinJob, PartJob, join_parts, render_html_in_parts, render_parts
from core.pdf_join import PAGE_LINK

logger = logging.getLogger(__name__)

PART_TEMPLATE = "inspiration/catalogue_part.html"
FOLIO_TEMPLATE = "inspiration/catalogue_folio.html"
PART_EXAMPLES = 80
INDEX_ENTRIES = 400
CACHE_FOLDER = "documents/catalogue-parts"
STYLESHEETS = ("css/print-sdg.css", "css/print-documents.css", "css/print-catalogue.css")


def split_into_parts(areas, *, size: int | None = None) -> list[list]:
    """The chapters cut into parts of at most `size` examples: whole SDG sections where they
    fit, a long section cut into pieces; a part spans two areas only when the whole catalogue
    is one part, so that a change in one chapter re-renders none of another's parts. Each part
    is a list of shallow copies of its AreaGroups holding its sections."""
    size = size or PART_EXAMPLES
    if sum(len(group.entries) for area in areas for group in area.goal_groups) <= size:
        # One part: the chapters follow each other instead of each leaving its last page half
        # empty (a selection of a dozen examples took a page per chapter end).
        chapters = []
        for area in areas:
            if area.goal_groups:
                chapter = copy.copy(area)
                chapter.goal_groups, chapter.continued = [], False
                for group in area.goal_groups:
                    section = copy.copy(group)
                    section.continued = False
                    chapter.goal_groups.append(section)
                chapters.append(chapter)
        return [chapters]
    parts = []
    for area in areas:
        current, count = None, 0
        for group in area.goal_groups:
            entries = group.entries
            for start in range(0, len(entries), size):
                piece = entries[start : start + size]
                if current is None or count + len(piece) > size:
                    current = copy.copy(area)
                    current.goal_groups, current.continued = (
                        [],
                        bool(parts and parts[-1][0].value == area.value),
                    )
                    parts.append([current])
                    count = 0
                section = copy.copy(group)
                section.entries, section.continued = piece, start > 0
                current.goal_groups.append(section)
                count += len(piece)
    return parts


def split_index(libraries: list[dict], partners: list[dict], *, size: int | None = None):
    """The indexes of libraries and partners cut into parts of at most `size` entries (a long
    list, such as a partner of every example, cut into pieces): one back-matter context each,
    saying whether it continues a list begun before and whether the closing words come later.
    One WeasyPrint document of 6,000 index entries took over 2 GB."""
    size = size or INDEX_ENTRIES
    parts = [{"libraries": [], "partners": []}]
    count = 0
    for key, items in (("libraries", libraries), ("partners", partners)):
        for item in items:
            entries = item["entries"]
            for start in range(0, len(entries) or 1, size):
                piece = entries[start : start + size]
                if count and count + len(piece) > size:
                    parts.append({"libraries": [], "partners": []})
                    count = 0
                parts[-1][key].append({**item, "entries": piece})
                count += len(piece)
    begun = set()
    for part in parts:
        for key in ("libraries", "partners"):
            part[f"{key}_continued"] = key in begun
            if part[key]:
                begun.add(key)
        part["closing_later"] = part is not parts[-1]
    return parts


def _render_parts(
    contexts: list[dict], outputs: list[Path], *, cache: bool, used: set, separate: bool
) -> list[tuple[int, dict]]:
    """Render the parts of `contexts` into `outputs`: (page count, anchors) per part. A part
    whose HTML was rendered before comes from the cache; the others render together, each in a
    child process when `separate` (core.pdf.render_parts), else here (a small catalogue)."""
    results: list[tuple[int, dict] | None] = [None] * len(contexts)
    jobs, todo = [], []
    for index, (context, output) in enumerate(zip(contexts, outputs, strict=True)):
        html = render_to_string(PART_TEMPLATE, context)
        digest = hashlib.sha256(_stylesheets_digest() + html.encode()).hexdigest()[:32]
        used.add(digest)
        pdf_name, meta_name = f"{CACHE_FOLDER}/{digest}.pdf", f"{CACHE_FOLDER}/{digest}.json"
        if cache and default_storage.exists(pdf_name) and default_storage.exists(meta_name):
            with default_storage.open(meta_name, "rb") as handle:
                meta = json.load(handle)
            with default_storage.open(pdf_name, "rb") as source, open(output, "wb") as target:
                shutil.copyfileobj(source, target)
            results[index] = meta["pages"], meta["anchors"]
            continue
        jobs.append(PartJob(html=html, output=output))
        todo.append((index, pdf_name, meta_name))
    rendered = render_parts(jobs) if separate else [_render_here(job) for job in jobs]
    for (index, pdf_name, meta_name), (pages, anchors), job in zip(
        todo, rendered, jobs, strict=True
    ):
        results[index] = pages, anchors
        if cache:
            meta = json.dumps({"pages": pages, "anchors": anchors})
            default_storage.save(meta_name, ContentFile(meta))
            with open(job.output, "rb") as handle:
                default_storage.save(pdf_name, File(handle))
    return results


def _stylesheets_digest() -> bytes:
    """A digest of the print stylesheets' content, part of a cached part's key: their addresses
    carry a hash of their content in production (the manifest), but not when debugging."""
    digest = hashlib.sha256()
    for name in STYLESHEETS:
        path = finders.find(name)
        digest.update(Path(path).read_bytes() if path else name.encode())
    return digest.digest()


def _render_here(job: PartJob) -> tuple[int, dict]:
    pdf, pages, anchors = render_html_in_parts(job.html)
    job.output.write_bytes(pdf)
    return pages, anchors


def render(data: dict, output: Path, *, cache: bool = False) -> None:
    """The whole catalogue of `data` (inspiration.catalogue.context) as one tagged PDF in the
    file `output`. Parts wait in temporary files and the result is never read into memory (it
    is over 200 MB at 3,000 examples)."""
    with tempfile.TemporaryDirectory(prefix="catalogue-parts-") as folder:
        _render(data, output, cache=cache, folder=Path(folder))


def _render(data: dict, output: Path, *, cache: bool, folder: Path) -> None:
    areas = data["areas"]
    base = {**data, "numbered": True, "page_link": PAGE_LINK}
    used: set[str] = set()
    chapter_contexts = [
        {**base, "part": "chapters", "areas": part_areas, "first_page": None}
        for part_areas in split_into_parts(areas)
    ]
    # A small catalogue renders here: a child process costs a second or so to start. Larger
    # ones render in child processes, in parallel.
    separate = sum(len(group.entries) for area in areas for group in area.goal_groups) > (
        PART_EXAMPLES
    )
    chapters = [folder / f"chapter-{index:04d}.pdf" for index in range(len(chapter_contexts))]
    front, folio = folder / "front.pdf", folder / "folio.pdf"
    # The chapters carry no page numbers (stamped on at the end), so they do not depend on
    # where they start: they render together with the front matter's first draft, whose
    # length is all that is needed of it yet.
    rendered = _render_parts(
        [{**base, "part": "front", "first_page": 1}, *chapter_contexts],
        [front, *chapters],
        cache=cache,
        used=used,
        separate=separate,
    )
    front_pages, chapter_results = rendered[0][0], rendered[1:]
    for _attempt in range(3):  # the contents' length may change once its numbers are known
        page = first_chapter_page = front_pages + 1
        positions = {}
        for pages, anchors in chapter_results:
            for name, number in anchors.items():
                positions.setdefault(name, page + number)
            page += pages
        _number(data, positions)
        back_contexts = [
            {**base, **piece, "part": "back", "first_page": None}
            for piece in split_index(data["libraries"], data["partners"])
        ]
        backs = [folder / f"back-{index:04d}.pdf" for index in range(len(back_contexts))]
        back_results = _render_parts(
            back_contexts, backs, cache=cache, used=used, separate=separate
        )
        for pages, anchors in back_results:
            for name, number in anchors.items():
                positions.setdefault(name, page + number)
            page += pages
        data["index_pages"] = {
            "libraries": positions.get("index-libraries"),
            "partners": positions.get("index-partners"),
        }
        front_context = {**base, **data, "part": "front", "first_page": 1}
        ((pages, _anchors),) = _render_parts(
            [front_context], [front], cache=cache, used=used, separate=separate
        )
        if pages == front_pages:
            break
        front_pages = pages
    if cache:
        _forget_unused_parts(used)
    folio_html = render_to_string(
        FOLIO_TEMPLATE,
        {"first_page": first_chapter_page, "pages": range(page - first_chapter_page)},
    )
    folio_job = PartJob(html=folio_html, output=folio)
    if separate:
        render_parts([folio_job])
    else:
        _render_here(folio_job)
    join = JoinJob(
        parts=[front, *chapters, *backs],
        outline=_outline(data),
        output=output,
        folio=folio,
        numbered=[*chapters, *backs],
        page_link_label=_page_link_label(),
    )
    join_parts(join, separate=separate)


def _number(data: dict, positions: dict) -> None:
    """Attach the page numbers the contents and the indexes print."""
    for area in data["areas"]:
        area.page = positions.get(area.anchor)
        for group in area.goal_groups:
            group.page = positions.get(group.anchor)
            for entry in group.entries:
                entry.page = positions.get(entry.anchor)


def _forget_unused_parts(used: set[str]) -> None:
    try:
        _folders, files = default_storage.listdir(CACHE_FOLDER)
    except FileNotFoundError:
        return
    for name in files:
        if name.rsplit(".", 1)[0] not in used:
            default_storage.delete(f"{CACHE_FOLDER}/{name}")


def _outline(data: dict) -> list[dict]:
    """The bookmarks: a chapter per area with its SDG sections, then the indexes."""
    items = []
    for area in data["areas"]:
        if area.page is None:
            continue
        sections = [
            {"title": f"{group.goal.number}. {group.goal.name}", "page": group.page}
            for group in area.goal_groups
            if group.page is not None
        ]
        items.append({"title": str(area.label), "page": area.page, "children": sections})
    for key in ("libraries", "partners"):
        number = data["index_pages"].get(key)
        if number:
            items.append({"title": str(_index_title(key)), "page": number})
    return items


def _page_link_label() -> str:
    from django.utils.translation import gettext as _

    return _("Page %(number)s")


def _index_title(key: str) -> str:
    from django.utils.translation import gettext as _

    return _("Index of libraries") if key == "libraries" else _("Index of partners")
