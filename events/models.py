"""SDG events: a library's (swap markets, repair cafés, citizen meetings…) or the programme's own
national events and webinars, shown in one public calendar and served as iCalendar.

An event keeps one stable `uid` for calendars and raises `sequence` on every change, so a
subscribed calendar app replaces its copy instead of adding a second one. Events read from a
library's own calendar feed (`EventFeed`) carry the feed and their UID there (`external_uid`);
they are marked `removed` when they leave the feed, never deleted, so staff's additions stay."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.uploads import uuid_upload_to


class Audience(models.TextChoices):
    EVERYONE = "everyone", _("Everyone")
    CHILDREN = "children", _("Children")
    YOUNG = "young", _("Young people")
    ADULTS = "adults", _("Adults")
    SENIORS = "seniors", _("Seniors 60+")


class EventQuerySet(models.QuerySet):
    def visible(self):
        """What the public sees: everything not removed from its source feed (cancelled events
        stay, marked as cancelled)."""
        return self.filter(removed=False)

    def upcoming(self, now=None):
        return self.filter(ends_at__gte=now or timezone.now())

    def past(self, now=None):
        return self.filter(ends_at__lt=now or timezone.now())

    def national(self):
        return self.filter(library__isnull=True)

    def of_library(self, library):
        """The library's own events and the streamed events it shows locally."""
        return self.filter(Q(library=library) | Q(shown_at=library)).distinct()

    def recordings(self, now=None):
        return self.past(now).exclude(recording_url="")


class Event(models.Model):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        CANCELLED = "cancelled", _("Cancelled")
        MOVED = "moved", _("Moved")

    class Source(models.TextChoices):
        MANUAL = "manual", _("Entered in the portal")
        FEED = "feed", _("Read from the library's calendar")

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    library = models.ForeignKey(
        "libraries.Library",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="events",
        verbose_name=_("organiser"),
        help_text=_("Empty for the programme's own national events and webinars."),
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    description = models.TextField(_("description (Markdown)"), blank=True)
    starts_at = models.DateTimeField(_("starts"), db_index=True)
    ends_at = models.DateTimeField(_("ends"), db_index=True)
    all_day = models.BooleanField(_("all day"), default=False)
    address = models.CharField(_("address"), max_length=300, blank=True)
    online = models.BooleanField(_("online"), default=False)
    online_url = models.URLField(_("link to join online"), blank=True)
    audience = models.CharField(
        _("audience"), max_length=10, choices=Audience.choices, default=Audience.EVERYONE
    )
    goals = models.ManyToManyField(
        "actionplans.Goal", blank=True, related_name="events", verbose_name=_("SDGs")
    )
    targets = models.ManyToManyField(
        "actionplans.Target", blank=True, related_name="events", verbose_name=_("SDG targets")
    )
    theme = models.ForeignKey(
        "themes.Theme",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
        verbose_name=_("theme"),
    )
    initiative = models.ForeignKey(
        "actionplans.Initiative",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
        verbose_name=_("initiative it carries out"),
    )
    partners = models.ManyToManyField(
        "partners.Partner", blank=True, related_name="events", verbose_name=_("partners")
    )
    signup_url = models.URLField(_("sign-up or ticket link"), blank=True)
    image = models.ImageField(_("image"), upload_to=uuid_upload_to("events"), blank=True)
    image_alt = models.CharField(_("image description (alt text)"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SCHEDULED
    )
    sequence = models.PositiveIntegerField(default=0)
    participants = models.PositiveIntegerField(_("participants"), null=True, blank=True)
    # Webinars and streamed talks
    recording_url = models.URLField(_("recording"), blank=True)
    captions_note = models.CharField(_("about the captions"), max_length=300, blank=True)
    shown_at = models.ManyToManyField(
        "libraries.Library",
        blank=True,
        related_name="streamed_events",
        verbose_name=_("libraries showing it locally"),
    )
    # Imported events
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.MANUAL)
    feed = models.ForeignKey(
        "EventFeed", null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )
    external_uid = models.CharField(max_length=500, blank=True)
    external_url = models.URLField(max_length=500, blank=True)
    removed = models.BooleanField(default=False)
    lock_version = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = pgettext_lazy("gathering", "event")
        verbose_name_plural = pgettext_lazy("gatherings", "events")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gte=models.F("starts_at")), name="event_ends_after_start"
            ),
            models.UniqueConstraint(
                fields=["feed", "external_uid"],
                condition=Q(feed__isnull=False),
                name="one_event_per_feed_uid",
            ),
        ]
        indexes = [models.Index(fields=["removed", "ends_at", "starts_at"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("events:event_detail", kwargs={"slug": self.slug})

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def is_national(self) -> bool:
        return self.library_id is None

    @property
    def ends_on_its_first_day(self) -> bool:
        """In Danish time: an event from 19:00 to 21:00 UTC+2 spans two dates in UTC."""
        return timezone.localtime(self.starts_at).date() == timezone.localtime(self.ends_at).date()

    @property
    def has_ended(self) -> bool:
        return self.ends_at < timezone.now()

    @property
    def ical_uid(self) -> str:
        return f"{self.uid}@verdensmaalsportalen.dk"


class Speaker(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="speakers")
    name = models.CharField(_("name"), max_length=200)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    talk_title = models.CharField(_("talk title"), max_length=300, blank=True)
    # Public like the event page that links to it.
    slides = models.FileField(_("slides"), upload_to=uuid_upload_to("slides"), blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["event", "order", "pk"]
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")

    def __str__(self):
        return self.name


class EventFeed(models.Model):
    """A library's own calendar (iCalendar, or the DPL CMS events API of the libraries' shared
    website platform), read by the hourly task."""

    class Kind(models.TextChoices):
        ICS = "ics", _("iCalendar (.ics)")
        DPL_CMS = "dpl_cms", _("DPL CMS events API (JSON)")

    class Result(models.TextChoices):
        NEVER = "never", _("Not read yet")
        OK = "ok", _("Read")
        NOT_MODIFIED = "not_modified", _("Unchanged since the last time")
        ERROR = "error", _("Could not be read")

    library = models.ForeignKey(
        "libraries.Library", on_delete=models.CASCADE, related_name="event_feeds"
    )
    url = models.URLField(_("address of the calendar"), max_length=500)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.ICS)
    keyword = models.CharField(
        _("keyword"),
        max_length=100,
        blank=True,
        help_text=_(
            "Only events whose title, description or categories contain this word, e.g. "
            "“verdensmål”. Empty: every event."
        ),
    )
    # Demo data only (seed_demo): read this file from events/demo/ instead of fetching `url`,
    # so the demo shows the import working without a network. Not settable in any form.
    demo_file = models.CharField(max_length=100, blank=True)
    last_fetched_at = models.DateTimeField(null=True, blank=True)
    last_result = models.CharField(max_length=15, choices=Result.choices, default=Result.NEVER)
    last_error = models.TextField(blank=True)
    last_count = models.PositiveIntegerField(default=0)
    failures = models.PositiveSmallIntegerField(default=0)
    next_fetch_at = models.DateTimeField(null=True, blank=True)
    etag = models.CharField(max_length=300, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["library", "pk"]
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        constraints = [
            models.UniqueConstraint(fields=["library", "url"], name="one_feed_per_url_per_library")
        ]

    def __str__(self):
        return self.url
