"""The programme description PDF (/programme.pdf): built from the programme texts and live
figures, rendered in the background through core.documents."""

from django.http import Http404


def programme_pdf(request):
    raise Http404
