"""User-written Markdown turned into safe HTML."""

import markdown
import nh3

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "b",
    "i",
    "ul",
    "ol",
    "li",
    "a",
    "h3",
    "h4",
    "blockquote",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


def render_markdown(text: str) -> str:
    """Markdown to HTML, sanitised with nh3: links, lists and emphasis; no scripts or styles."""
    html = markdown.markdown(text or "", extensions=["sane_lists"], output_format="html")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )


_DANISH_LETTERS = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})


def danish_slugify(text: str) -> str:
    """A URL slug that keeps Danish words readable: 'Dragør' → 'dragoer', 'Ærø' → 'aeroe'."""
    from django.utils.text import slugify

    return slugify(text.translate(_DANISH_LETTERS))


def absolute_url(path: str) -> str:
    """The public address of a path on the portal (SITE_URL, never the request's Host header,
    so cached pages and feeds carry the same address whoever filled the cache)."""
    from django.conf import settings

    return f"{settings.SITE_URL}{path}"
