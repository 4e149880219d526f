import pytest

from core import documents, review_queue
from core.models import ProgrammeText
from inspiration import dashboard
from tests import factories

pytestmark = pytest.mark.django_db


def test_submitted_examples_are_in_the_review_queue(make_example, library):
    provider = next(p for p in review_queue.providers() if p.kind == "example")
    make_example(status="draft")
    waiting = make_example(status="submitted", title="Til gennemgang")
    assert provider.count() == 1
    (item,) = provider.items(None)
    assert item.title == "Til gennemgang"
    assert item.url == f"/review/examples/{waiting.slug}/"
    assert item.library_name == library.display_name
    assert provider.items("XXXX") == []
    assert len(provider.items(library.municipality.region.code)) == 1


def test_the_review_count_shows_in_the_coordinators_navigation(login, coordinator, make_example):
    make_example(status="submitted")
    assert login(coordinator).get("/inspiration/").context["review_waiting_count"] >= 1


def test_the_dashboard_panel_lists_my_librarys_work_in_progress(
    login, staff, make_example, other_library, django_assert_max_num_queries
):
    draft = make_example(status="draft", title="Min kladde")
    make_example(status="rejected", title="Afvist")
    make_example(status="approved", title="Offentlig")
    make_example(status="draft", library=other_library, title="Andres")
    page = login(staff).get("/dashboard/").content.decode()
    assert "Min kladde" in page and "Afvist" in page
    assert "Offentlig" not in page and "Andres" not in page
    assert f"/examples/{draft.slug}/" in page


def test_the_dashboard_panel_runs_one_query(staff, make_example, django_assert_num_queries):
    memberships = list(staff.memberships.all())
    for _ in range(5):
        make_example(status="draft")
    with django_assert_num_queries(1):
        panel = dashboard.panel(user=staff, memberships=memberships)
    assert len(panel["examples"]) == 5


def test_the_programme_pdf_uses_texts_fallbacks_and_live_figures(pdf_text, library):
    factories.CertificationFactory(library=library)
    ProgrammeText.objects.update_or_create(
        key="intro",
        defaults={"title_da": "Om certificeringen", "body_da": "Biblioteker gør en forskel."},
    )
    ProgrammeText.objects.filter(key="areas").delete()
    pdf, job = documents.build_pdf("programme")
    text = " ".join(pdf_text(pdf).split())
    assert "Om certificeringen" in text and "Biblioteker gør en forskel." in text
    assert "De tre områder" in text  # fallback text
    assert "1 certificerede biblioteker" in text
    assert job.item_count == 1


def test_programme_pdf_is_served_by_the_documents_pipeline(client, library):
    assert client.get("/programme.pdf").status_code == 503
    documents.render_now("programme")
    response = client.get("/programme.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"


def test_the_coordinator_preview_uses_the_catalogue_template(login, coordinator, make_example):
    make_example(title="Synligt i forhåndsvisning")
    make_example(title="Skjult kladde", status="draft")
    html = login(coordinator).get("/review/catalogue-preview/").content.decode()
    assert "Synligt i forhåndsvisning" in html and "Skjult kladde" not in html
    assert "print-documents.css" in html
