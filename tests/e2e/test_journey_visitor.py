"""Journey (d): a visitor finds Ballerup among the certified libraries, opens its profile,
verifies its certificate and downloads the inspiration catalogue (PDF)."""

import io
import re

from playwright.sync_api import expect
from pypdf import PdfReader

from tests.e2e.axe import assert_accessible


def test_d_a_visitor_finds_and_verifies_a_certified_library(page, site, certified_library):
    from core.documents import render_now

    render_now("catalogue")

    page.goto(f"{site}/en/")
    page.get_by_role("navigation", name="Main navigation").get_by_role(
        "link", name="Libraries"
    ).click()
    page.get_by_role("navigation", name="Show libraries by status").get_by_role(
        "link", name="Certified", exact=True
    ).click()
    expect(page).to_have_url(re.compile(r"status=certified"))
    assert_accessible(page, "the list of certified libraries (with the map)")
    table = page.get_by_role("table")
    expect(table.get_by_role("row")).to_have_count(2)  # the header and Ballerup
    table.get_by_role("link", name=re.compile("Ballerup")).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(certified_library.display_name)
    certification = page.get_by_role("region", name="Certification")
    expect(certification).to_contain_text("VMC-2026-0042")
    assert_accessible(page, "the library's public profile")

    certification.get_by_role("link", name="Verify this certificate").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Certificate VMC-2026-0042")
    expect(page.get_by_text("Valid", exact=True)).to_be_visible()
    expect(page.get_by_text(f"{certified_library.display_name} is SDG-certified")).to_be_visible()
    assert_accessible(page, "the verification page (valid)")

    page.get_by_role("navigation", name="Main navigation").get_by_role(
        "link", name="Inspiration"
    ).click()
    # Chromium shows a PDF inline rather than saving it; what matters is what was served.
    with page.expect_response(re.compile(r"/catalogue\.pdf$")) as response_info:
        page.get_by_role("link", name="Download the catalogue (PDF)").click()
    response = response_info.value
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    # (the viewer's page replaces the body there; fetch the same URL for the file itself)
    pdf = page.request.get(response.url)
    assert pdf.ok and pdf.body().startswith(b"%PDF-")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.body())).pages)
    assert "Byttemarked i foyeren" in text
