import pytest

from core import documents
from core.text import render_markdown

pytestmark = pytest.mark.django_db

NASTY = (
    "Hej <script>alert('x1')</script> med [et link](javascript:alert('x2')) og "
    '<img src=x onerror="alert(\'x3\')"> samt <p style="color:red" onclick="alert(\'x4\')">'
    "farvet tekst</p> og <a href=\"JaVaScRiPt:alert('x5')\">mere</a>.\n\n- punkt **fedt**"
)


def assert_clean(html):
    lowered = html.lower()
    for bad in ("<script", "javascript:", "onerror", "onclick", "style=", "alert("):
        assert bad not in lowered, bad


def test_markdown_keeps_links_lists_and_emphasis_but_nothing_dangerous():
    html = render_markdown(NASTY + "\n\n[ok](https://example.org)")
    assert_clean(html)
    assert "<li>punkt <strong>fedt</strong></li>" in html
    assert 'href="https://example.org"' in html
    assert "farvet tekst" in html


def test_the_example_page_shows_the_body_without_scripts_or_styles(client, make_example):
    example = make_example(body=NASTY)
    html = client.get(example.get_absolute_url()).content.decode()
    assert "farvet tekst" in html
    body = html[html.index('class="prose"') : html.index("</aside>")]
    assert_clean(body)
    assert "style=" not in html  # no inline style anywhere (CSP)


def test_the_pdf_and_its_preview_print_the_body_without_them(make_example, pdf_text):
    make_example(title="Farlig tekst", body=NASTY)
    assert_clean(documents.build_html("catalogue").split("Farlig tekst", 1)[1])
    pdf, _job = documents.build_pdf("catalogue")
    text = pdf_text(pdf)
    assert "farvet tekst" in text
    assert "alert" not in text and "javascript" not in text.lower()
