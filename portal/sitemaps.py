"""sitemap.xml: the public pages in both languages (with hreflang alternates)."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from events.models import Event
from inspiration.models import Example
from libraries.models import Library


class PortalSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True


class StaticPagesSitemap(PortalSitemap):
    changefreq = "weekly"

    def items(self):
        return [
            "portal:home",
            "portal:library_list",
            "inspiration:catalogue",
            "events:calendar",
            "events:recordings",
            "portal:accessibility",
            "portal:privacy",
        ]

    def location(self, item):
        return reverse(item)


class LibrarySitemap(PortalSitemap):
    changefreq = "weekly"

    def items(self):
        return Library.objects.participating().only("slug", "updated_at").order_by("slug")

    def lastmod(self, library):
        return library.updated_at


class ExampleSitemap(PortalSitemap):
    changefreq = "monthly"

    def items(self):
        return Example.objects.published().only("slug", "updated_at").order_by("slug")

    def lastmod(self, example):
        return example.updated_at


class EventSitemap(PortalSitemap):
    changefreq = "weekly"

    def items(self):
        return Event.objects.visible().only("slug", "updated_at").order_by("slug")

    def lastmod(self, event):
        return event.updated_at


SITEMAPS = {
    "pages": StaticPagesSitemap,
    "libraries": LibrarySitemap,
    "examples": ExampleSitemap,
    "events": EventSitemap,
}
