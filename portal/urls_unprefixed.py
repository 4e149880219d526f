"""Machine-facing URLs that are the same in every language (robots.txt, sitemap, open data)."""

from django.urls import path  # noqa: F401

urlpatterns = []
