"""National themes that many libraries take up together: UGE17 (the citizens' SDG week in ISO
week 17) and the libraries' theme collaboration (e.g. theme 11 "Vores natur", weeks 16–20).

A theme is a draft until a coordinator publishes it; past themes stay as the archive. Sign-ups,
the toolbox, messages and the after-the-week reports hang off the theme (see below)."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ThemeQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Theme.Status.PUBLISHED)

    def current_and_upcoming(self, today: datetime.date | None = None):
        return self.filter(ends_on__gte=today or timezone.localdate())

    def past(self, today: datetime.date | None = None):
        return self.filter(ends_on__lt=today or timezone.localdate())


class Theme(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    number = models.PositiveSmallIntegerField(
        _("number"), null=True, blank=True, help_text=_("Where the theme has one, e.g. 11.")
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    summary = models.CharField(_("short summary"), max_length=300, blank=True)
    description = models.TextField(_("description (Markdown)"), blank=True)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    goals = models.ManyToManyField(
        "actionplans.Goal", blank=True, related_name="themes", verbose_name=_("SDGs in focus")
    )
    signup_deadline = models.DateField(
        _("sign-up deadline"), help_text=_("Libraries can sign up until the end of this day.")
    )
    commitment = models.TextField(
        _("what a library commits to (Markdown)"),
        blank=True,
        help_text=_("What a library promises by signing up."),
    )
    national_partners = models.ManyToManyField(
        "partners.Partner",
        blank=True,
        related_name="themes",
        verbose_name=_("national partners"),
        limit_choices_to={"scope": "national"},
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(null=True, blank=True)
    lock_version = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ThemeQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "pk"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="theme_period_in_order"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("themes:theme_detail", kwargs={"slug": self.slug})


class ThemeDay(models.Model):
    """One day of a theme's programme (e.g. UGE17's Monday: "Klima og energi")."""

    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="days")
    date = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description (Markdown)"), blank=True)

    class Meta:
        ordering = ["theme", "date", "pk"]
        verbose_name = _("programme day")
        verbose_name_plural = _("programme days")
        constraints = [
            models.UniqueConstraint(fields=["theme", "date"], name="one_programme_entry_per_day")
        ]

    def __str__(self):
        return f"{self.theme} · {self.date}"
