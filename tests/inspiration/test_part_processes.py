"""The catalogue's parts render in short-lived child processes (`python -m core.pdf_part`), so
the worker's memory stays bounded by one part; the page numbers are stamped on when joined."""

import io
import subprocess

import billiard
import pytest
from pypdf import PdfReader

from core import documents
from core import pdf as core_pdf
from core.pdf import PartJob, PartRenderError, render_parts
from tests import factories

PART_HTML = (
    '<!DOCTYPE html><html lang="da"><head><title>Del</title></head>'
    "<body><h1 id='top'>Første del</h1><p style='break-before: page'>Side to</p></body></html>"
)


@pytest.fixture
def started(monkeypatch):
    """The command lines of the processes render_parts starts."""
    commands = []
    real = subprocess.Popen

    def recording(command, *args, **kwargs):
        commands.append(command)
        return real(command, *args, **kwargs)

    monkeypatch.setattr(core_pdf.subprocess, "Popen", recording)
    return commands


def test_a_part_renders_in_a_child_process(started, tmp_path):
    output = tmp_path / "part.pdf"
    ((pages, anchors),) = render_parts([PartJob(html=PART_HTML, output=output)])
    assert len(started) == 1 and started[0][1:3] == ["-m", "core.pdf_part"]
    assert (pages, anchors) == (2, {"top": 0})
    reader = PdfReader(output)
    assert len(reader.pages) == 2
    assert "Første del" in reader.pages[0].extract_text()


def test_parts_keep_their_order_when_rendered_at_once(started, tmp_path):
    jobs = [
        PartJob(html=PART_HTML.replace("Første del", f"Del {n}"), output=tmp_path / f"{n}.pdf")
        for n in range(3)
    ]
    results = render_parts(jobs, processes=2)
    # two children at once, the parts shared between them in order
    assert [len(command) - 3 for command in started] == [2, 1]
    assert [pages for pages, _anchors in results] == [2, 2, 2]
    for n in range(3):
        assert f"Del {n}" in PdfReader(tmp_path / f"{n}.pdf").pages[0].extract_text()


def test_a_failing_child_raises_a_clear_error(monkeypatch, tmp_path):
    monkeypatch.setenv("DJANGO_SETTINGS_MODULE", "no_such_settings_module")
    with pytest.raises(PartRenderError) as failure:
        render_parts([PartJob(html=PART_HTML, output=tmp_path / "part.pdf")])
    message = str(failure.value)
    assert "PDF part 1 failed in its child process (exit code 1)" in message
    assert "No module named 'no_such_settings_module'" in message
    assert not (tmp_path / "part.pdf").exists()


def _render_in_a_daemon(output, results):
    results.put(render_parts([PartJob(html=PART_HTML, output=output)]))


def test_parts_render_inside_a_daemon_process_like_a_prefork_worker(tmp_path):
    """Celery's prefork pool runs tasks in billiard daemon processes, which may not start
    multiprocessing children; subprocesses they may."""
    results = billiard.Queue()
    daemon = billiard.Process(target=_render_in_a_daemon, args=(tmp_path / "p.pdf", results))
    daemon.daemon = True
    daemon.start()
    outcome = results.get(timeout=120)
    daemon.join(30)
    assert daemon.exitcode == 0
    assert outcome == [(2, {"top": 0})]
    assert len(PdfReader(tmp_path / "p.pdf").pages) == 2


def test_a_catalogue_of_several_parts_renders_them_in_children_with_its_page_numbers(
    library, monkeypatch, started
):
    from inspiration import assembly

    monkeypatch.setattr(assembly, "PART_EXAMPLES", 2)
    for n in range(5):
        factories.ExampleFactory(library=library, title=f"Eksempel {n}", area="citizens", goals=[4])
    pdf, _job = documents.build_pdf("catalogue")
    # front (draft), three chapter parts, back, front, folio, then the join: each in a child
    parts = [
        folder for command in started if command[2] == "core.pdf_part" for folder in command[3:]
    ]
    assert len(parts) == 7
    assert [command[2] for command in started][-1] == "core.pdf_join"
    reader = PdfReader(io.BytesIO(pdf))
    numbers = [(page.extract_text() or "").strip().splitlines()[-1] for page in reader.pages]
    # the cover has none; the chapters' numbers are stamped on, the others' printed
    assert numbers[1:] == [str(number) for number in range(2, len(reader.pages) + 1)]
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    assert all(f"Eksempel {n}" in text for n in range(5))


def test_a_failing_join_raises_a_clear_error(tmp_path):
    from core.pdf import JoinJob, join_parts

    job = JoinJob(
        parts=[tmp_path / "missing.pdf"],
        outline=[],
        output=tmp_path / "out.pdf",
        folio=tmp_path / "folio.pdf",
        numbered=[],
    )
    with pytest.raises(PartRenderError, match=r"Joining the PDF parts failed .*exit code 1\): "):
        join_parts(job, separate=True)


def test_the_indexes_are_cut_into_parts_that_keep_every_entry_in_order():
    from inspiration.assembly import split_index

    libraries = [{"name": "A", "place": "", "entries": [1, 2, 3]}, {"name": "B", "entries": [4]}]
    partners = [{"name": "Alle", "entries": list(range(10))}]
    parts = split_index(libraries, partners, size=4)
    # the libraries fill the first part; the long partner list goes on in three pieces
    sizes = [[len(item["entries"]) for item in part["partners"]] for part in parts]
    assert sizes == [[], [4], [4], [2]]
    assert [entry for part in parts for item in part["libraries"] for entry in item["entries"]] == [
        1,
        2,
        3,
        4,
    ]
    assert [entry for part in parts for item in part["partners"] for entry in item["entries"]] == (
        list(range(10))
    )
    assert all(
        len(e) <= 4 for part in parts for item in part["partners"] for e in [item["entries"]]
    )
    assert [part["partners_continued"] for part in parts] == [False, False, True, True]
    assert parts[0]["libraries_continued"] is False  # the only part with libraries
    assert [part["closing_later"] for part in parts] == [True, True, True, False]


def test_a_long_index_list_goes_on_in_the_next_part_without_a_blank_page(library, monkeypatch):
    from inspiration import assembly

    monkeypatch.setattr(assembly, "PART_EXAMPLES", 50)
    monkeypatch.setattr(assembly, "INDEX_ENTRIES", 90)  # more than a page of one partner
    for n in range(100):
        factories.ExampleFactory(
            library=library, title=f"Eksempel {n}", area="citizens", goals=[4], partners=["Alle"]
        )
    pdf, _job = documents.build_pdf("catalogue")
    reader = PdfReader(io.BytesIO(pdf))
    texts = [(page.extract_text() or "").strip().splitlines() for page in reader.pages]
    assert all(len(lines) > 2 for lines in texts), "no page holds only its header and number"
    partner_pages = [lines for lines in texts if "Eksempel 99" in " ".join(lines[:-1])]
    assert partner_pages and all("Oversigt over" in lines[-2] for lines in texts[-2:])


def _structure_tree(pdf: bytes):
    """(elements reachable from the structure root, every structure element in the file,
    structure roots, elements whose /P is not the element that lists them, parent-tree
    entries that point outside the tree)."""
    import pikepdf

    document = pikepdf.open(io.BytesIO(pdf))
    root = document.Root.StructTreeRoot
    reachable, misparented = set(), 0
    stack = [(root.K, root)]
    while stack:
        node, parent = stack.pop()
        if isinstance(node, pikepdf.Array):
            stack.extend((child, parent) for child in node)
        elif (
            isinstance(node, pikepdf.Dictionary)
            and "/S" in node
            and node.is_indirect
            and node.objgen not in reachable
        ):
            reachable.add(node.objgen)
            misparented += node.P.objgen != parent.objgen
            stack.append((node.get("/K", pikepdf.Array()), node))
    everything = {
        thing.objgen
        for thing in document.objects
        if isinstance(thing, pikepdf.Dictionary) and thing.get("/Type") == "/StructElem"
    }
    roots = sum(
        1
        for thing in document.objects
        if isinstance(thing, pikepdf.Dictionary) and thing.get("/Type") == "/StructTreeRoot"
    )
    nums = root.ParentTree.Nums
    outside = sum(
        1
        for index in range(1, len(nums), 2)
        for element in (nums[index] if isinstance(nums[index], pikepdf.Array) else [nums[index]])
        if isinstance(element, pikepdf.Dictionary) and element.objgen not in reachable
    )
    return reachable, everything, roots, misparented, outside


def test_the_joined_catalogue_has_one_structure_tree_holding_every_element(library, monkeypatch):
    """Each part has its own Document element and root; WeasyPrint also gives each page's
    running header the Document as parent without listing it. Joined, all of them hang in the
    one tree, in page order, and no copy of a part's root is left in the file."""
    from inspiration import assembly

    monkeypatch.setattr(assembly, "PART_EXAMPLES", 2)
    for n in range(5):
        factories.ExampleFactory(library=library, title=f"Eksempel {n}", area="citizens", goals=[4])
    pdf, _job = documents.build_pdf("catalogue")
    reachable, everything, roots, misparented, outside = _structure_tree(pdf)
    assert roots == 1
    assert everything == reachable
    assert misparented == 0
    assert outside == 0


def test_the_contents_link_to_their_pages(library, monkeypatch):
    """The front matter is rendered apart from the chapters, so its entries link to
    "pdf-page:N"; the join makes those links to the joined document's pages: the same pages
    the bookmarks open (chapter, SDG sections, indexes). The indexes print page numbers only:
    a link per entry (three link annotations each from WeasyPrint, one per box) cost the join
    140 MiB at 3,000 examples."""
    import pikepdf

    from inspiration import assembly

    monkeypatch.setattr(assembly, "PART_EXAMPLES", 2)
    for n in range(5):
        factories.ExampleFactory(library=library, title=f"Eksempel {n}", area="citizens", goals=[4])
    factories.ExampleFactory(library=library, title="Drift", area="operations", goals=[12])
    pdf, _job = documents.build_pdf("catalogue")
    document = pikepdf.open(io.BytesIO(pdf))
    page_numbers = {page.objgen: number for number, page in enumerate(document.pages, start=1)}
    linked = []
    for page in document.pages:
        for annotation in page.obj.get("/Annots", []):
            action = annotation.get("/A")
            if action is None:
                continue
            assert not str(action.get("/URI", "")).startswith("pdf-page:")
            if action.S == "/GoTo":
                number = page_numbers[action.D[0].objgen]
                assert str(annotation.Contents) == f"Side {number}"
                linked.append(number)
    bookmarked = []
    with document.open_outline() as outline:
        stack = list(outline.root)
        while stack:
            item = stack.pop()
            bookmarked.append(page_numbers[item.destination[0].objgen])
            stack.extend(item.children)
    assert len(bookmarked) == 2 + 2 + 1  # chapters, sections, index
    assert set(linked) == set(bookmarked)  # (WeasyPrint makes an entry's boxes links each)


def test_a_small_catalogue_is_one_part_whose_chapters_follow_each_other(library):
    """A selection of a few examples took a page per chapter end; when everything fits in one
    part the chapters share it (and its pages). A larger catalogue keeps a part per chapter,
    so a change in one chapter re-renders no part of another."""
    from inspiration import assembly, catalogue

    factories.ExampleFactory(library=library, title="Drift", area="operations", goals=[7])
    for n in range(3):
        factories.ExampleFactory(library=library, title=f"Borger {n}", area="citizens")
    areas = catalogue.context()["areas"]
    (part,) = assembly.split_into_parts(areas)
    assert [(chapter.value, chapter.continued) for chapter in part] == [
        ("operations", False),
        ("citizens", False),
    ]
    parts = assembly.split_into_parts(areas, size=2)
    assert [[chapter.value for chapter in part] for part in parts] == [
        ["operations"],
        ["citizens"],
        ["citizens"],
    ]
    assert [part[0].continued for part in parts] == [False, False, True]
