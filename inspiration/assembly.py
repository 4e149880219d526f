"""The catalogue rendered in parts and assembled, so that 3,000 examples fit in the worker's
time and memory and a change to one example re-renders only its part.

WeasyPrint holds a whole document's layout in memory and its time grows with it; so the
catalogue is cut into parts of at most PART_EXAMPLES examples (whole SDG sections where they
fit), each rendered on its own as a tagged PDF whose page numbers start where the previous part
ended. A part is cached by a hash of its HTML (which holds its first page number), so an
unchanged part is reused. Then the front matter (cover, introduction, contents with the page
numbers now known) and the back matter (indexes) are rendered, and pypdf joins them: pages,
one structure tree (headings, figures with alt text, reading order), the language, and a
bookmark per chapter and SDG section.
"""

import copy
import hashlib
import json
import logging
import tempfile
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

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


def _assemble(parts: list[Path], data: dict, output: Path) -> None:
    writer = PdfWriter()
    document = DictionaryObject(
        {NameObject("/Type"): NameObject("/StructElem"), NameObject("/S"): NameObject("/Document")}
    )
    document_ref = writer._add_object(document)
    kids = ArrayObject()
    nums = ArrayObject()
    next_key = 0
    first_root = None
    info = {}
    for part in parts:
        reader = PdfReader(part)
        root = reader.trailer["/Root"]
        if first_root is None:
            first_root, info = root, dict(reader.metadata or {})
        start = len(writer.pages)
        writer.append(reader, import_outline=False)
        tree = root.get("/StructTreeRoot")
        if tree is None:
            continue
        tree = tree.get_object()
        offset = next_key
        for page in writer.pages[start:]:
            if "/StructParents" in page:
                page[NameObject("/StructParents")] = NumberObject(page["/StructParents"] + offset)
            for annotation in page.get("/Annots", []) or []:
                annotation = annotation.get_object()
                if "/StructParent" in annotation:
                    annotation[NameObject("/StructParent")] = NumberObject(
                        annotation["/StructParent"] + offset
                    )
        part_nums = tree["/ParentTree"].get_object().get("/Nums", [])
        highest = -1
        for index in range(0, len(part_nums), 2):
            key = int(part_nums[index])
            highest = max(highest, key)
            nums.append(NumberObject(key + offset))
            nums.append(part_nums[index + 1].clone(writer))
        next_key = offset + max(highest + 1, int(tree.get("/ParentTreeNextKey", 0)))
        top = tree["/K"]
        top = top if isinstance(top, list) else [top]
        for element in top:
            element = element.get_object()
            children = element.get("/K", []) if element.get("/S") == "/Document" else [element]
            for child in children if isinstance(children, list) else [children]:
                cloned = child.clone(writer)
                target = cloned.get_object()
                if isinstance(target, DictionaryObject):
                    target[NameObject("/P")] = document_ref
                kids.append(cloned if hasattr(cloned, "idnum") else writer._add_object(cloned))
    document[NameObject("/K")] = kids
    parent_tree = writer._add_object(DictionaryObject({NameObject("/Nums"): nums}))
    struct_root = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/StructTreeRoot"),
            NameObject("/K"): ArrayObject([document_ref]),
            NameObject("/ParentTree"): parent_tree,
            NameObject("/ParentTreeNextKey"): NumberObject(next_key),
        }
    )
    if "/RoleMap" in first_root["/StructTreeRoot"]:
        struct_root[NameObject("/RoleMap")] = first_root["/StructTreeRoot"]["/RoleMap"].clone(
            writer
        )
    struct_root_ref = writer._add_object(struct_root)
    document[NameObject("/P")] = struct_root_ref
    catalog = writer._root_object
    catalog[NameObject("/StructTreeRoot")] = struct_root_ref
    catalog[NameObject("/MarkInfo")] = DictionaryObject(
        {NameObject("/Marked"): BooleanObject(True)}
    )
    catalog[NameObject("/Lang")] = TextStringObject(str(first_root.get("/Lang", "da")))
    for key in ("/ViewerPreferences", "/Metadata"):
        if key in first_root:
            catalog[NameObject(key)] = first_root[key].clone(writer)
    catalog[NameObject("/PageMode")] = NameObject("/UseOutlines")
    writer.add_metadata({key: str(value) for key, value in info.items()})
    for area in data["areas"]:
        if area.page is None:
            continue
        parent = writer.add_outline_item(title=str(area.label), page_number=area.page - 1)
        for group in area.goal_groups:
            if group.page is not None:
                writer.add_outline_item(
                    title=f"{group.goal.number}. {group.goal.name}",
                    page_number=group.page - 1,
                    parent=parent,
                )
    for key in ("libraries", "partners"):
        number = data["index_pages"].get(key)
        if number:
            writer.add_outline_item(title=str(_index_title(key)), page_number=number - 1)
    with output.open("wb") as handle:
        writer.write(handle)


def _index_title(key: str) -> str:
    from django.utils.translation import gettext as _

    return _("Index of libraries") if key == "libraries" else _("Index of partners")
