"""Rendering HTML templates to PDF with WeasyPrint, as a pure function that returns bytes.

WeasyPrint may only read the project's own static files and media: every other URL (network,
arbitrary file paths) is refused. Templates refer to files with `{% static %}` and `.url` as
usual; those URLs are resolved against a base URL that only this fetcher understands.
"""

import logging
import mimetypes
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
