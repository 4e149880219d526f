from django.http import Http404
from django.shortcuts import render

from inspiration.models import Example


def catalogue(request):
    examples = Example.objects.filter(status=Example.Status.APPROVED, revision_of=None)
    return render(request, "inspiration/catalogue.html", {"examples": examples})


def catalogue_pdf(request):
    raise Http404


def example_detail(request, slug):
    raise Http404
