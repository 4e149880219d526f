"""Private files: stored apart from public media, with no URL of their own, and handed out only
by a view that has already checked access (DESIGN §4 "Files: public or private").

    pdf = models.FileField(storage=private_storage, upload_to=RandomName("plan-versions", "pdf"))

    @login_required
    def version_pdf(request, uuid, number):
        _plan, version = get_version_for_user(request, uuid, number)  # 404 for outsiders
        return serve_private(request, version.pdf, filename="handleplan-v1.pdf")

How the bytes travel is one setting, PRIVATE_MEDIA_SERVING:
- "django" (the embedded default): Django streams the file (FileResponse).
- "x-accel" (behind the front proxy, deploy/nginx.conf): Django answers with an empty response
  and an `X-Accel-Redirect` header; nginx sends the file from its `internal` location, which no
  client can request directly.
- "s3": a redirect to a signed URL of the private bucket that expires after
  PRIVATE_MEDIA_URL_SECONDS.
"""

import hashlib
import logging
import mimetypes
import uuid
from urllib.parse import quote

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.forms import ClearableFileInput
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.utils.cache import get_conditional_response
from django.utils.deconstruct import deconstructible
from django.utils.functional import cached_property
from django.utils.http import content_disposition_header

logger = logging.getLogger(__name__)

CACHE_CONTROL = "private, no-cache"  # never in a shared cache; ask again, access may end


class PrivateFileSystemStorage(FileSystemStorage):
    """Private media on local (or shared) disk, in PRIVATE_MEDIA_ROOT. It has no URL: a template
    or view asking for one fails loudly instead of publishing the file."""

    @cached_property
    def base_location(self):
        return self._value_or_setting(self._location, settings.PRIVATE_MEDIA_ROOT)

    def _clear_cached_properties(self, setting, **kwargs):
        super()._clear_cached_properties(setting, **kwargs)
        if setting == "PRIVATE_MEDIA_ROOT":
            self.__dict__.pop("base_location", None)
            self.__dict__.pop("location", None)

    def url(self, name):
        raise ValueError(
            f"{name} is a private file and has no URL: serve it with core.files.serve_private "
            "from a view that checks access."
        )


def private_storage():
    """The storage for private files (settings.STORAGES["private"]); `storage=private_storage`
    on a FileField."""
    return storages["private"]


@deconstructible
class RandomName:
    """upload_to: `<prefix>/<random>.<extension>`. Nothing in the name can be guessed or says
    whose file it is; the extension is fixed by the field, never taken from the upload."""

    def __init__(self, prefix: str, extension: str):
        self.prefix = prefix.strip("/")
        self.extension = extension.lstrip(".")

    def __call__(self, instance, filename: str) -> str:
        return f"{self.prefix}/{uuid.uuid4().hex}.{self.extension}"

    def __eq__(self, other):
        return (
            isinstance(other, RandomName)
            and other.prefix == self.prefix
            and other.extension == self.extension
        )

    def __hash__(self):
        return hash((self.prefix, self.extension))


def serve_private(request, file, *, filename: str, as_attachment: bool = False) -> HttpResponse:
    """Hand a private stored file (a FieldFile) to a user the calling view has already let in.

    `filename` is what the browser saves it as. A file missing from storage answers 404 (and is
    logged): its page decides whether to say it is being generated.
    """
    if not file:
        raise Http404
    disposition = content_disposition_header(as_attachment, filename)
    content_type = mimetypes.guess_type(filename)[0] or "application/octet-stream"
    mode = settings.PRIVATE_MEDIA_SERVING
    if mode == "s3":
        url = file.storage.url(
            file.name,
            parameters={
                "ResponseContentDisposition": disposition,
                "ResponseContentType": content_type,
                "ResponseCacheControl": CACHE_CONTROL,
            },
            expire=settings.PRIVATE_MEDIA_URL_SECONDS,
        )
        response = HttpResponseRedirect(url)
        response["Cache-Control"] = "private, no-store"  # the signed URL is a short-lived key
        return response
    if mode == "x-accel":
        # nginx sends the file and answers conditional and range requests itself.
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = settings.PRIVATE_MEDIA_INTERNAL_URL + quote(file.name)
    else:
        # Stored names are random and never reused, so the name identifies the content.
        etag = f'"{hashlib.sha256(file.name.encode()).hexdigest()[:32]}"'
        response = get_conditional_response(request, etag=etag)
        if response is None:
            try:
                handle = file.storage.open(file.name, "rb")
            except FileNotFoundError:
                logger.error("The private file %s is missing from storage", file.name)
                raise Http404 from None
            response = FileResponse(handle, content_type=content_type)
        response["ETag"] = etag
    response["Content-Disposition"] = disposition
    response["Cache-Control"] = CACHE_CONTROL
    return response


class PrivateClearableFileInput(ClearableFileInput):
    """ClearableFileInput for a private file: it links to no URL (the file has none; the page
    shows the file through its own view) and offers to replace or clear it."""

    template_name = "core/widgets/private_clearable_file_input.html"

    def is_initial(self, value):
        return bool(value and getattr(value, "name", None))
