"""The catalogue rendered in parts and assembled, so that 3,000 examples fit in the worker's
time and memory and a change to one example re-renders only its part.

WeasyPrint holds a whole document's layout in memory and its time grows with it; so the
catalogue is cut into parts of at most PART_EXAMPLES examples (whole SDG sections where they
fit), each rendered on its own as a tagged PDF whose page numbers start where the previous part
ended. A part is cached by a hash of its HTML (which holds its first page number), so an
unchanged part is reused. Then the front matter (cover, introduction, contents with the page
numbers now known) and the back matter (indexes) are rendered, and qpdf (pikepdf) joins them: pages,
one structure tree (headings, figures with alt text, reading order), the language, and a
bookmark per chapter and SDG section.
"""

import copy
import hashlib
import json
import logging
import tempfile
from pathlib import Path

import pikepdf
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from pikepdf import Array, Dictionary, Name

from core.pdf import render_html_in_parts

logger = logging.getLogger(__name__)

PART_TEMPLATE = "inspiration/catalogue_part.html"
PART_EXAMPLES = 80
CACHE_FOLDER = "documents/catalogue-parts"


def split_into_parts(areas, *, size: int | None = None) -> list[list]:
    """The chapters cut into parts of at most `size` examples: whole SDG sections where they
    fit, a long section cut into pieces; a part never spans two areas (a chapter starts a
    page). Each part is a list of shallow copies of its AreaGroups holding its sections."""
    size = size or PART_EXAMPLES
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


def _render_part(context: dict, *, cache: bool, used: set | None = None) -> tuple[bytes, int, dict]:
    html = render_to_string(PART_TEMPLATE, context)
    if not cache:
        return render_html_in_parts(html)
    digest = hashlib.sha256(html.encode()).hexdigest()[:32]
    if used is not None:
        used.add(digest)
    pdf_name, meta_name = f"{CACHE_FOLDER}/{digest}.pdf", f"{CACHE_FOLDER}/{digest}.json"
    if default_storage.exists(pdf_name) and default_storage.exists(meta_name):
        with default_storage.open(meta_name, "rb") as handle:
            meta = json.load(handle)
        with default_storage.open(pdf_name, "rb") as handle:
            return handle.read(), meta["pages"], meta["anchors"]
    pdf, pages, anchors = render_html_in_parts(html)
    default_storage.save(meta_name, ContentFile(json.dumps({"pages": pages, "anchors": anchors})))
    default_storage.save(pdf_name, ContentFile(pdf))
    return pdf, pages, anchors


def render(data: dict, *, cache: bool = False) -> bytes:
    """The whole catalogue of `data` (inspiration.catalogue.context) as one tagged PDF. Parts
    wait in temporary files, not in memory, so the peak is about one copy of the result."""
    with tempfile.TemporaryDirectory(prefix="catalogue-parts-") as folder:
        return _render(data, cache=cache, folder=Path(folder))


def _render(data: dict, *, cache: bool, folder: Path) -> bytes:
    areas = data["areas"]
    base = {**data, "numbered": True}
    used: set[str] = set()
    front = {**base, "part": "front", "first_page": 1}
    front_pages = _render_part(front, cache=cache, used=used)[1]  # its numbers still unknown
    for _attempt in range(3):  # the contents' length may change once its numbers are known
        page = front_pages + 1
        chapters, positions = [], {}
        for part_areas in split_into_parts(areas):
            context = {**base, "part": "chapters", "areas": part_areas, "first_page": page}
            pdf, pages, anchors = _render_part(context, cache=cache, used=used)
            chapters.append(folder / f"chapter-{len(chapters):04d}.pdf")
            chapters[-1].write_bytes(pdf)
            del pdf
            for name, number in anchors.items():
                positions.setdefault(name, page + number)
            page += pages
        _number(data, positions)
        back_context = {**base, "part": "back", "first_page": page}
        back_pdf, _back_pages, back_anchors = _render_part(back_context, cache=cache, used=used)
        for name, number in back_anchors.items():
            positions.setdefault(name, page + number)
        data["index_pages"] = {
            "libraries": positions.get("index-libraries"),
            "partners": positions.get("index-partners"),
        }
        front_pdf, pages, _anchors = _render_part(
            {**base, **data, "part": "front", "first_page": 1}, cache=cache, used=used
        )
        if pages == front_pages:
            break
        front_pages = pages
    if cache:
        _forget_unused_parts(used)
    (folder / "front.pdf").write_bytes(front_pdf)
    (folder / "back.pdf").write_bytes(back_pdf)
    del front_pdf, back_pdf
    output = folder / "catalogue.pdf"
    _assemble([folder / "front.pdf", *chapters, folder / "back.pdf"], data, output)
    return output.read_bytes()


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


def _copy(target, value):
    """`value` of another PDF, copied into `target` (qpdf copies an indirect object once and
    maps what it refers to, pages included, onto what was already copied)."""
    if isinstance(value, pikepdf.Object) and value.is_indirect:
        return target.copy_foreign(value)
    if isinstance(value, Array):
        return Array([_copy(target, item) for item in value])
    if isinstance(value, Dictionary):
        return Dictionary({key: _copy(target, item) for key, item in value.items()})
    return value


def _assemble(parts: list[Path], data: dict, output: Path) -> None:
    """Join the parts: their pages, one structure tree under one Document element (with the
    parent tree's keys moved past the previous parts'), the language and the bookmarks.
    qpdf (pikepdf) does it in a quarter of pypdf's time and under half its memory."""
    result = pikepdf.new()
    document = result.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Document, K=Array()))
    nums = Array()
    next_key = 0
    sources = []
    for part in parts:
        source = pikepdf.open(part)
        sources.append(source)  # qpdf reads their streams when it saves
        start = len(result.pages)
        result.pages.extend(source.pages)
        tree = source.Root.get("/StructTreeRoot")
        if tree is None:
            continue
        offset = next_key
        for page in result.pages[start:]:
            if "/StructParents" in page.obj:
                page.obj.StructParents = int(page.obj.StructParents) + offset
            for annotation in page.obj.get("/Annots", Array()):
                if "/StructParent" in annotation:
                    annotation.StructParent = int(annotation.StructParent) + offset
        part_nums = tree.ParentTree.get("/Nums", Array())
        highest = -1
        for index in range(0, len(part_nums), 2):
            key = int(part_nums[index])
            highest = max(highest, key)
            nums.append(key + offset)
            nums.append(_copy(result, part_nums[index + 1]))
        next_key = offset + max(highest + 1, int(tree.get("/ParentTreeNextKey", 0)))
        top = tree.K
        for element in top if isinstance(top, Array) else [top]:
            children = element.K if element.get("/S") == Name.Document else [element]
            for child in children if isinstance(children, Array) else [children]:
                copied = _copy(result, child)
                if isinstance(copied, Dictionary):
                    copied.P = document
                document.K.append(copied)
    first = sources[0]
    struct_root = result.make_indirect(
        Dictionary(
            Type=Name.StructTreeRoot,
            K=Array([document]),
            ParentTree=result.make_indirect(Dictionary(Nums=nums)),
            ParentTreeNextKey=next_key,
        )
    )
    if "/RoleMap" in first.Root.StructTreeRoot:
        struct_root.RoleMap = _copy(result, first.Root.StructTreeRoot.RoleMap)
    document.P = struct_root
    result.Root.StructTreeRoot = struct_root
    result.Root.MarkInfo = Dictionary(Marked=True)
    result.Root.Lang = pikepdf.String(str(first.Root.get("/Lang", "da")))
    result.Root.PageMode = Name.UseOutlines
    for key in ("/ViewerPreferences", "/Metadata"):
        if key in first.Root:
            result.Root[key] = _copy(result, first.Root[key])
    for key, value in first.docinfo.items():
        result.docinfo[key] = _copy(result, value)
    with result.open_outline() as outline:
        for area in data["areas"]:
            if area.page is None:
                continue
            chapter = pikepdf.OutlineItem(str(area.label), area.page - 1)
            for group in area.goal_groups:
                if group.page is not None:
                    title = f"{group.goal.number}. {group.goal.name}"
                    chapter.children.append(pikepdf.OutlineItem(title, group.page - 1))
            outline.root.append(chapter)
        for key in ("libraries", "partners"):
            number = data["index_pages"].get(key)
            if number:
                outline.root.append(pikepdf.OutlineItem(str(_index_title(key)), number - 1))
    result.save(output)
    for source in sources:
        source.close()


def _index_title(key: str) -> str:
    from django.utils.translation import gettext as _

    return _("Index of libraries") if key == "libraries" else _("Index of partners")
