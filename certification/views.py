from django.http import Http404


def queue(request):
    raise Http404


def overview(request):
    raise Http404


def verify(request, number):
    raise Http404
