"""Atom feed of new certifications and newly approved examples (/feed/, /en/feed/)."""

import datetime

from django.contrib.syndication.views import Feed
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from portal import selectors

ITEMS = 30


class FeedItem:
    def __init__(self, *, title, description, link, guid, date):
        self.title = title
        self.description = description
        self.link = link
        self.guid = guid
        self.date = date


def _as_datetime(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


class LatestFeed(Feed):
    feed_type = Atom1Feed
    link = reverse_lazy("portal:home")

    def title(self):
        return _("Verdensmålsportalen: new certifications and examples")

    def subtitle(self):
        return _(
            "Libraries newly certified in the SDG certification programme, and new examples "
            "in the inspiration catalogue."
        )

    def items(self):
        items = []
        for certification in selectors.feed_certifications(ITEMS):
            library = certification.library
            items.append(
                FeedItem(
                    title=_("%(library)s is SDG certified") % {"library": library.display_name},
                    description=_("Certificate %(number)s, issued %(date)s.")
                    % {"number": certification.number, "date": certification.issued_at},
                    link=library.get_absolute_url(),
                    guid=f"certification:{certification.number}",
                    date=_as_datetime(certification.issued_at),
                )
            )
        for example in selectors.feed_examples(ITEMS):
            by = example.library.display_name if example.library else _("The programme")
            items.append(
                FeedItem(
                    title=_("New example: %(title)s") % {"title": example.title},
                    description=f"{example.summary} ({by})",
                    link=reverse("inspiration:example_detail", kwargs={"slug": example.slug}),
                    guid=f"example:{example.slug}",
                    date=example.approved_at,
                )
            )
        items.sort(key=lambda item: item.date, reverse=True)
        return items[:ITEMS]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.description

    def item_link(self, item):
        return item.link

    def item_guid(self, item):
        return item.guid

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.date

    def item_updateddate(self, item):
        return item.date
