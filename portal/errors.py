"""Error pages in the portal's layout and the visitor's language (templates/<status>.html).

Django renders 403 and 404 with the request already; these handlers do the same for the cases
where its defaults render without one (400, CSRF failure) or must not rely on anything (500).
allauth renders templates/429.html itself when a rate limit is hit.
"""

import logging

from django.http import HttpResponseBadRequest, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.utils import translation

logger = logging.getLogger(__name__)


def bad_request(request, exception=None):
    try:
        return render(request, "400.html", status=400)
    except Exception:  # the request may be too broken for the layout (a bad Host, say)
        logger.exception("The 400 page could not be rendered; answering plainly")
        return HttpResponseBadRequest(
            "<h1>Forespørgslen kunne ikke forstås / Bad request</h1>", content_type="text/html"
        )


def server_error(request):
    """No database and no context processors: only the address decides the language."""
    language = "en" if request.path.startswith("/en/") else "da"
    try:
        with translation.override(language):
            return HttpResponseServerError(loader.render_to_string("500.html"))
    except Exception:
        logger.exception("The 500 page could not be rendered; answering plainly")
        return HttpResponseServerError(
            "<h1>Der skete en fejl / Something went wrong</h1>", content_type="text/html"
        )
