"""Join the tagged PDF parts of a long document, in a process of its own when it is large:

    python -m core.pdf_join SPEC.json

SPEC holds join()'s arguments and "report", the file that gets {"peak_kib"}. qpdf keeps the
joined document's objects in memory until it is saved (about 1 GiB for a 3,000-example
catalogue), so the worker that asked for it does not keep that memory afterwards.
"""

import json
import sys

import pikepdf
from pikepdf import Array, Dictionary, Name

from core.process_memory import own_peak_kib

# A part links to a page of the joined document, which it cannot know, as <a href="pdf-page:N">
# (N counted from 1); the join turns these links into links to that page.
PAGE_LINK = "pdf-page:"

# Read the parts from their files, not mapped into memory (mapped pages count as the
# process's memory).
READ = pikepdf.AccessMode.stream


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


def join(
    parts: list[str],
    outline: list[dict],
    output: str,
    folio: str,
    numbered: list[str],
    page_link_label: str = "Page %(number)s",
):
    """Join the tagged PDFs `parts` into `output`: their pages, one structure tree under one
    Document element (with the parent tree's keys moved past the previous parts'), the first
    part's language and metadata, the bookmarks of `outline` ({"title", "page" (1-based),
    "children"}), and on the pages of the `numbered` parts the pages of `folio` in turn (their
    page numbers). Links to PAGE_LINK addresses become links to those pages, described as
    `page_link_label` with the number. qpdf (pikepdf) does it in a quarter of pypdf's time and
    under half its memory.

    A part is let go as soon as it is copied: qpdf's copy of a stream reads the data from the
    part's file when the result is saved, not from the part's objects, so only the files stay
    open. Holding every part's objects next to their copies doubled the peak (1.6 GiB for the
    3,000-example catalogue)."""
    numbered = set(numbered)
    folio = pikepdf.open(folio, access_mode=READ)
    folio_pages = iter(folio.pages)
    result = pikepdf.new()
    document = result.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Document, K=Array()))
    nums = Array()
    next_key = 0
    files = []
    try:
        for index, part in enumerate(parts):
            files.append(open(part, "rb"))  # noqa: SIM115 (open until the result is saved)
            next_key = _copy_part(
                result,
                files[-1],
                document,
                nums,
                next_key,
                folio_pages if part in numbered else None,
                first=index == 0,
            )
        _link_pages(result, page_link_label)
        struct_root = result.make_indirect(
            Dictionary(
                Type=Name.StructTreeRoot,
                K=Array([document]),
                ParentTree=result.make_indirect(Dictionary(Nums=nums)),
                ParentTreeNextKey=next_key,
            )
        )
        if "/RoleMap" in result.Root:  # the first part's, kept there by _copy_part
            struct_root.RoleMap = result.Root.RoleMap
            del result.Root.RoleMap
        document.P = struct_root
        result.Root.StructTreeRoot = struct_root
        result.Root.MarkInfo = Dictionary(Marked=True)
        result.Root.PageMode = Name.UseOutlines
        with result.open_outline() as bookmarks:
            for item in outline:
                entry = pikepdf.OutlineItem(item["title"], item["page"] - 1)
                for child in item.get("children", []):
                    entry.children.append(pikepdf.OutlineItem(child["title"], child["page"] - 1))
                bookmarks.root.append(entry)
        result.save(output, deterministic_id=True)  # the same parts give the same bytes (ETag)
    finally:
        for handle in files:
            handle.close()
        folio.close()


def _copy_part(result, handle, document, nums, next_key, folio_pages, *, first) -> int:
    """Copy the part read from `handle` into `result`: its pages (stamped with the next pages
    of `folio_pages`, unless None), its structure elements under `document` and its parent
    tree's entries into `nums`, with keys from `next_key` on; from the `first` part also the
    language, metadata and role map. Returns the next free parent-tree key. The part is closed
    on return, so that its objects leave memory (its file stays open)."""
    source = pikepdf.open(handle)
    try:
        start = len(result.pages)
        result.pages.extend(source.pages)
        if folio_pages is not None:
            for number, page in enumerate(result.pages[start:], start=start + 1):
                _stamp(result, page, next(folio_pages), Name(f"/Folio{number}"))
        if first:
            result.Root.Lang = pikepdf.String(str(source.Root.get("/Lang", "da")))
            for key in ("/ViewerPreferences", "/Metadata"):
                if key in source.Root:
                    result.Root[key] = _copy(result, source.Root[key])
            for key, value in source.docinfo.items():
                result.docinfo[key] = _copy(result, value)
        tree = source.Root.get("/StructTreeRoot")
        if tree is None:
            return next_key
        if first and "/RoleMap" in tree:
            result.Root.RoleMap = _copy(result, tree.RoleMap)
        top = tree.K
        elements = []
        for element in top if isinstance(top, Array) else [top]:
            if element.get("/S") == Name.Document:
                children = _adopt_page_elements(source, element)
                elements.extend(children if isinstance(children, Array) else [children])
            else:
                elements.append(element)
        for element in elements:  # re-parented below; nothing copied may lead to the part's root
            if isinstance(element, Dictionary) and "/P" in element:
                del element.P
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
        for element in elements:
            copied = _copy(result, element)
            if isinstance(copied, Dictionary):
                copied.P = document
            document.K.append(copied)
        return offset + max(highest + 1, int(tree.get("/ParentTreeNextKey", 0)))
    finally:
        source.close()


def _link_pages(result, label: str) -> None:
    """Point the parts' PAGE_LINK links at their pages of `result` (a number past the end
    leaves the text without a link)."""
    pages = result.pages
    for page in pages:
        for annotation in page.obj.get("/Annots", Array()):
            action = annotation.get("/A")
            if action is None or action.get("/S") != Name.URI:
                continue
            address = str(action.URI)
            if not address.startswith(PAGE_LINK):
                continue
            number = address.removeprefix(PAGE_LINK)
            number = int(number) if number.isdigit() else 0
            if 1 <= number <= len(pages):
                annotation.A = Dictionary(S=Name.GoTo, D=Array([pages[number - 1].obj, Name.Fit]))
                annotation.Contents = pikepdf.String(label % {"number": number})
            else:
                del annotation.A


def _adopt_page_elements(source, document) -> Array:
    """The children of the part's `document` element, with the elements WeasyPrint gives the
    Document as parent without listing them (a NonStruct per page: the running header) put
    among them, before the first child on a later page. Left out, they would keep the part's
    own Document and structure root alive in the joined file, outside its tree."""
    children = document.K if isinstance(document.K, Array) else Array([document.K])
    listed = {child.objgen for child in children if isinstance(child, Dictionary)}
    unlisted = [
        element
        for element in source.objects
        if isinstance(element, Dictionary)
        and element.get("/Type") == Name.StructElem
        and "/P" in element
        and element.P.objgen == document.objgen
        and element.objgen not in listed
    ]
    if not unlisted:
        return children
    page_numbers = {page.obj.objgen: number for number, page in enumerate(source.pages)}

    def page_of(element) -> int:
        page = element.get("/Pg") if isinstance(element, Dictionary) else None
        return page_numbers.get(page.objgen, -1) if page is not None else -1

    # The listed children keep their order; each unlisted element goes just before the first
    # of them that starts on its page or later.
    pending = sorted(unlisted, key=page_of)
    adopted = []
    for child in children:
        while pending and 0 <= page_of(pending[0]) <= page_of(child):
            adopted.append(pending.pop(0))
        adopted.append(child)
    adopted.extend(pending)
    document.K = Array(adopted)
    return document.K


def _stamp(result, page, folio_page, name) -> None:
    """Draw `folio_page` (its page number, marked as an artifact by WeasyPrint) over `page`,
    itself marked as an artifact, after the page's own content (kept in its graphics state)."""
    form = result.copy_foreign(folio_page.as_form_xobject())
    # A name of its own per page (pages may share one resource dictionary), and the same in
    # every render, so that an unchanged catalogue gives the same bytes.
    page.add_resource(form, Name.XObject, name)
    page.contents_add(result.make_stream(b"q\n"), prepend=True)
    page.contents_add(
        result.make_stream(b"\nQ\n/Artifact BMC q " + str(name).encode() + b" Do Q EMC\n")
    )


if __name__ == "__main__":
    with open(sys.argv[1], encoding="utf-8") as handle:
        spec = json.load(handle)
    report = spec.pop("report")
    join(**spec)
    with open(report, "w", encoding="utf-8") as handle:
        json.dump({"peak_kib": own_peak_kib()}, handle)
