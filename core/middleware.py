"""Request bodies the portal will not read: too large, or more form data than Django parses."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpResponseRedirect
from django.template.defaultfilters import filesizeformat
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

BODY_METHODS = ("POST", "PUT", "PATCH")


def declared_size(request) -> int:
    try:
        return max(int(request.META.get("CONTENT_LENGTH") or 0), 0)
    except ValueError:
        return 0


class RequestSizeLimitMiddleware:
    """A body over settings.MAX_REQUEST_BYTES (form fields and files together; the front
    proxy refuses larger ones with the same number) is not read at all. Instead of a bare
    400 or 413 page, the visitor goes back to the form with a message in their language
    saying what the limit is. Form data over Django's own limits (DATA_UPLOAD_MAX_MEMORY_SIZE
    for the fields, DATA_UPLOAD_MAX_NUMBER_FIELDS/FILES) gets the same treatment: it is
    parsed here, as CsrfViewMiddleware would do next anyway."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in BODY_METHODS:
            size = declared_size(request)
            if size > settings.MAX_REQUEST_BYTES:
                return self._back_to_the_form(
                    request,
                    _(
                        "What you sent is %(size)s; a form with its files may be at most "
                        "%(max)s. Choose smaller files and send it again."
                    )
                    % {
                        "size": filesizeformat(size),
                        "max": filesizeformat(settings.MAX_REQUEST_BYTES),
                    },
                )
            try:
                request.POST  # noqa: B018 - parse now, to catch Django's limits here
            except (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent):
                return self._back_to_the_form(
                    request,
                    _(
                        "The form could not be read: it holds too much text or too many "
                        "fields. Shorten the text and send it again."
                    ),
                )
        return self.get_response(request)

    @staticmethod
    def _back_to_the_form(request, message: str) -> HttpResponseRedirect:
        messages.error(request, message)
        referer = request.headers.get("Referer", "")
        same_site = url_has_allowed_host_and_scheme(
            referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
        response = HttpResponseRedirect(referer if referer and same_site else request.path)
        response.status_code = 303  # See Other: the browser asks for the page with GET
        return response
