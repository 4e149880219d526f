"""The designed catalogue and selections of it (issue 15.2 and 15.3): what a selection holds,
how it is keyed, the PDF's tags, alt texts and QR codes, and a new ETag after a change."""

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from django.http import QueryDict
from pypdf import PdfReader

from core import documents
from core.models import DocumentState
from inspiration import catalogue
from inspiration.catalogue import SELECTION_KIND
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def examples(library, other_library):
    """Three published examples that differ in SDG, area, library, tag and partner."""
    tag = factories.TagFactory(name="genbrug", slug="genbrug")
    repair = factories.ExampleFactory(
        library=library,
        title="Reparationscafé",
        area="citizens",
        goals=[12],
        partners=["Foreningen Cirkulær"],
    )
    solar = factories.ExampleFactory(
        library=library, title="Solceller på taget", area="operations", goals=[7, 13]
    )
    reading = factories.ExampleFactory(
        library=other_library, title="Klimalæsekreds", area="citizens", goals=[13, 4]
    )
    repair.tags.add(tag)
    factories.ExampleFactory(library=library, title="Kladde om affald", status="draft", goals=[12])
    return {"repair": repair, "solar": solar, "reading": reading}


def titles_in(key_filters: str) -> set[str]:
    data = catalogue.context(catalogue.selected_examples(key_filters))
    return {
        entry.example.title
        for area in data["areas"]
        for group in area.goal_groups
        for entry in group.entries
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("goal=12", {"Reparationscafé"}),
        ("goal=13", {"Solceller på taget", "Klimalæsekreds"}),
        ("area=operations", {"Solceller på taget"}),
        ("partner=cirkulær", {"Reparationscafé"}),
        ("q=solceller", {"Solceller på taget"}),
        ("tag=genbrug", {"Reparationscafé"}),
        ("area=citizens&goal=13", {"Klimalæsekreds"}),
    ],
)
def test_a_selection_holds_exactly_the_published_examples_of_its_filter(examples, query, expected):
    filters = catalogue.normalised_filters(QueryDict(query))
    assert titles_in(filters) == expected


def test_the_library_and_region_filters_select_by_slug_and_code(examples, library):
    filters = catalogue.normalised_filters(QueryDict(f"library={library.slug}"))
    assert titles_in(filters) == {"Reparationscafé", "Solceller på taget"}
    region = library.municipality.region.code
    filters = catalogue.normalised_filters(QueryDict(f"region={region}"))
    assert "Reparationscafé" in titles_in(filters)


def test_unknown_and_invalid_parameters_make_no_new_key(examples):
    plain = catalogue.normalised_filters(QueryDict("goal=12"))
    assert plain == "goal=12"
    for noisy in ("goal=12&utm_source=x", "utm=1&goal=12&page=3", "goal=12&area=nowhere"):
        assert catalogue.normalised_filters(QueryDict(noisy)) == plain
    assert catalogue.normalised_filters(QueryDict("q=  Sol   Celler ")) == "q=sol+celler"


def test_asking_for_a_selection_queues_one_render_and_unknown_parameters_no_other(
    client, examples, queued_renders, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = client.get("/inspiration/selection.pdf?goal=12")
    assert first.status_code == 503  # being generated
    assert "Dokumentet bliver lavet" in first.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.get("/inspiration/selection.pdf?goal=12&utm_source=newsletter&x=1")
        client.get("/inspiration/selection.pdf?x=1&goal=12")
    assert DocumentState.objects.filter(kind=SELECTION_KIND).count() == 1
    assert [kind for kind, _countdown in queued_renders] == [SELECTION_KIND]


def test_an_empty_selection_is_a_clear_page_and_no_render(client, examples, queued_renders):
    response = client.get("/inspiration/selection.pdf?goal=1")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "Ingen eksempler i dette udvalg" in response.content.decode()
    assert not queued_renders
    assert not DocumentState.objects.filter(kind=SELECTION_KIND).exists()


def test_no_filter_means_the_whole_catalogue(client, examples):
    response = client.get("/inspiration/selection.pdf?utm_source=x")
    assert response.status_code == 302
    assert response["Location"] == "/inspiration/catalogue.pdf"


def test_the_catalogue_page_links_to_its_selection_as_pdf(client, examples):
    html = client.get("/inspiration/?goal=12&area=citizens&utm=1").content.decode()
    assert 'href="/inspiration/selection.pdf?area=citizens&amp;goal=12"' in html
    assert "selection.pdf" not in client.get("/inspiration/").content.decode()


def render_selection(client, query: str):
    """Ask for a selection like a reader, render it like the worker, and fetch it again."""
    client.get(f"/inspiration/selection.pdf?{query}")
    key = DocumentState.objects.filter(kind=SELECTION_KIND).latest("changed_at").key
    documents.render_now(SELECTION_KIND, key)
    return client.get(f"/inspiration/selection.pdf?{query}"), key


def test_a_rendered_selection_is_served_with_etag_and_304(client, examples, pdf_text):
    response, _key = render_selection(client, "goal=13")
    assert response.status_code == 200
    data = b"".join(response.streaming_content)
    text = pdf_text(data)
    assert "Solceller på taget" in text and "Klimalæsekreds" in text
    assert "Reparationscafé" not in text
    again = client.get("/inspiration/selection.pdf?goal=13", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_a_change_to_one_example_gives_a_new_selection_and_a_new_etag(client, examples):
    response, key = render_selection(client, "goal=13")
    solar = examples["solar"]
    solar.title = "Solceller og batteri på taget"
    solar.save()
    changed = client.get("/inspiration/selection.pdf?goal=13", HTTP_IF_NONE_MATCH=response["ETag"])
    assert changed.status_code == 503  # a new key: rendered anew, the stale file is not served
    new_key = DocumentState.objects.filter(kind=SELECTION_KIND).latest("changed_at").key
    assert new_key != key and new_key.split("#")[0] == key.split("#")[0]
    documents.render_now(SELECTION_KIND, new_key)
    fresh = client.get("/inspiration/selection.pdf?goal=13", HTTP_IF_NONE_MATCH=response["ETag"])
    assert fresh.status_code == 200
    assert fresh["ETag"] != response["ETag"]


def test_a_change_to_one_example_gives_a_new_catalogue_with_a_new_etag(client, examples):
    documents.render_now("catalogue")
    before = client.get("/inspiration/catalogue.pdf")
    examples["reading"].summary = "Nu også for børn."
    examples["reading"].save()
    documents.render_now("catalogue")
    after = client.get("/inspiration/catalogue.pdf", HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200
    assert after["ETag"] != before["ETag"]


def test_old_selections_are_pruned_by_count(examples, settings):
    kind = documents._kinds[SELECTION_KIND]
    assert kind.max_keys and kind.max_age  # bounded: the stored files stay within a size


def walk_structure(node, found):
    node = node.get_object() if hasattr(node, "get_object") else node
    if isinstance(node, dict) or hasattr(node, "keys"):
        if node.get("/S") is not None:
            found.append((str(node.get("/S")), str(node.get("/Alt", ""))))
        kids = node.get("/K")
        if kids is not None:
            for kid in kids if isinstance(kids, list) else [kids]:
                walk_structure(kid, found)
    elif isinstance(node, list):
        for kid in node:
            walk_structure(kid, found)


@pytest.fixture
def rendered_catalogue(examples):
    factories.ExampleImageFactory(
        example=examples["repair"], alt_text="Frivillige reparerer en cykel i foyeren"
    )
    pdf, _job = documents.build_pdf("catalogue")
    return pdf


def test_the_catalogue_is_tagged_with_language_bookmarks_and_figures_with_alt_text(
    rendered_catalogue,
):
    reader = PdfReader(io.BytesIO(rendered_catalogue))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "da"
    assert root["/MarkInfo"]["/Marked"]
    found = []
    walk_structure(root["/StructTreeRoot"], found)
    kinds = {kind for kind, _alt in found}
    assert {"/H1", "/H2", "/H3", "/Figure"} <= kinds
    alts = [alt for kind, alt in found if kind == "/Figure"]
    assert "Frivillige reparerer en cykel i foyeren" in alts
    assert all(alts), "every figure carries an alt text"
    assert any(alt.startswith("QR-kode til eksemplet") for alt in alts)
    bookmarks = [item.title for item in reader.outline if not isinstance(item, list)]
    assert {"Borgervendt", "Drift"} <= set(bookmarks)  # a bookmark per chapter


@pytest.mark.skipif(shutil.which("zbarimg") is None, reason="zbar-tools is not installed")
def test_the_qr_codes_decode_to_the_example_urls(rendered_catalogue, examples, settings, tmp_path):
    pdf = tmp_path / "catalogue.pdf"
    pdf.write_bytes(rendered_catalogue)
    subprocess.run(["pdftoppm", "-r", "150", "-png", str(pdf), str(tmp_path / "page")], check=True)
    decoded = set()
    for page in sorted(tmp_path.glob("page*.png")):
        result = subprocess.run(
            ["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", str(page)],
            capture_output=True,
            text=True,
        )
        decoded |= set(result.stdout.split())
    expected = {
        settings.SITE_URL.rstrip("/") + example.get_absolute_url() for example in examples.values()
    }
    assert decoded == expected


def test_a_change_to_one_example_re_renders_only_its_part(library, monkeypatch, settings):
    from core import pdf as core_pdf
    from inspiration import assembly

    monkeypatch.setattr(assembly, "PART_EXAMPLES", 2)
    made = [
        factories.ExampleFactory(
            library=library, title=f"Eksempel {n}", area="citizens", goals=[12]
        )
        for n in range(6)
    ]
    rendered = []
    real = core_pdf.render_parts

    def counting(jobs):
        rendered.extend("part-chapters" in job.html for job in jobs)
        return real(jobs)

    monkeypatch.setattr(assembly, "render_parts", counting)
    first, _job = documents.build_pdf("catalogue")
    assert rendered.count(True) == 3  # six examples, two per part
    rendered.clear()
    made[5].summary = "Ændret."
    made[5].save()
    second, _job = documents.build_pdf("catalogue")
    assert rendered.count(True) == 1  # only the part with the changed example
    assert first != second
    assert len(PdfReader(io.BytesIO(second)).pages) == len(PdfReader(io.BytesIO(first)).pages)


def test_a_changed_stylesheet_renders_every_part_again(library, monkeypatch, tmp_path):
    """Cached parts are keyed by their HTML and the print stylesheets' content: when debugging,
    a stylesheet's address does not change with its content."""
    from django.contrib.staticfiles import finders

    from core import pdf as core_pdf
    from inspiration import assembly

    monkeypatch.setattr(assembly, "PART_EXAMPLES", 2)
    for n in range(4):
        factories.ExampleFactory(library=library, title=f"Eksempel {n}", area="citizens")
    rendered = []
    real_render = core_pdf.render_parts

    def counting(jobs):
        rendered.extend("part-chapters" in job.html for job in jobs)
        return real_render(jobs)

    monkeypatch.setattr(assembly, "render_parts", counting)
    documents.build_pdf("catalogue")
    rendered.clear()
    changed = tmp_path / "print-catalogue.css"
    changed.write_text(Path(finders.find("css/print-catalogue.css")).read_text() + "\n/* new */")
    real_find = finders.find
    monkeypatch.setattr(
        finders,
        "find",
        lambda name, **kw: str(changed) if name == "css/print-catalogue.css" else real_find(name),
    )
    documents.build_pdf("catalogue")
    assert rendered.count(True) == 2  # both chapter parts again


def test_a_coordinator_puts_a_published_examples_photo_on_the_cover(
    client, login, coordinator, examples
):
    image = factories.ExampleImageFactory(example=examples["solar"], alt_text="Solceller")
    response = login(coordinator).post(f"/review/examples/{examples['solar'].slug}/cover/")
    assert response.status_code == 302
    assert catalogue.cover_image() == image
    draft = factories.ExampleFactory(status="draft", approved_at=None)
    factories.ExampleImageFactory(example=draft)
    client.post(f"/review/examples/{draft.slug}/cover/")
    assert catalogue.cover_image() == image  # refused: not published


def test_a_selection_by_sdg_puts_every_example_in_that_sdgs_section(examples):
    filters = catalogue.normalised_filters(QueryDict("goal=13"))
    job = catalogue.build_selection(
        catalogue.selection_key(filters, catalogue.selected_examples(filters))
    )
    sections = {group.goal.number for area in job.context["areas"] for group in area.goal_groups}
    assert sections == {13}  # Solceller (7, 13) is not filed under 7
