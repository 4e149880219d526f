"""Machine-facing URLs that are the same in every language (robots.txt, sitemap, open data)."""

from django.contrib.sitemaps.views import sitemap
from django.urls import path

from core.caching import public_page
from portal import views
from portal.sitemaps import SITEMAPS

urlpatterns = [
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path(
        "sitemap.xml",
        public_page(sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap",
    ),
    path("libraries.csv", views.libraries_csv, name="libraries_csv"),
    path("libraries.json", views.libraries_json, name="libraries_json"),
]
