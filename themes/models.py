"""National themes that many libraries take up together: UGE17 (the citizens' SDG week in ISO
week 17) and the libraries' theme collaboration (e.g. theme 11 "Vores natur", weeks 16–20).

A theme is a draft until a coordinator publishes it; past themes stay as the archive. Sign-ups,
the toolbox, messages and the after-the-week reports hang off the theme (see below)."""

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.files import private_storage

MATERIAL_EXTENSIONS = {"pdf", "png", "jpg", "webp"}


def material_upload_to(instance, filename: str) -> str:
    """A random name; the extension comes from the checked content (core.uploads), never
    from what the browser said."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension not in MATERIAL_EXTENSIONS:
        extension = "bin"
    return f"theme-materials/{uuid.uuid4().hex}.{extension}"


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

    @property
    def period_label(self) -> str:
        """ "26. april – 2. maj 2027 (uge 17)" in the active language."""
        from themes.periods import period_label

        return period_label(self.starts_on, self.ends_on)


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


class ThemeSignupQuerySet(models.QuerySet):
    def active(self):
        return self.filter(withdrawn_at__isnull=True)


class ThemeSignup(models.Model):
    """A library taking part in a theme. Withdrawn sign-ups are kept (with `withdrawn_at`) so
    the audit log and a later sign-up again refer to the same row."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="signups")
    library = models.ForeignKey(
        "libraries.Library", on_delete=models.CASCADE, related_name="theme_signups"
    )
    # SET_NULL: the library's sign-up outlives a contact person's deleted account.
    contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("contact person"),
    )
    second_contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("second contact person"),
    )
    note = models.TextField(_("our plans"), blank=True, max_length=2000)
    local_partners = models.ManyToManyField(
        "partners.Partner",
        blank=True,
        related_name="theme_signups",
        verbose_name=_("local partners"),
    )
    signed_up_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    signed_up_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    lock_version = models.PositiveIntegerField(default=0)

    objects = ThemeSignupQuerySet.as_manager()

    class Meta:
        ordering = ["theme", "library__municipality__name", "pk"]
        verbose_name = _("sign-up")
        verbose_name_plural = _("sign-ups")
        constraints = [
            models.UniqueConstraint(fields=["theme", "library"], name="one_signup_per_library")
        ]

    def __str__(self):
        return f"{self.theme} · {self.library}"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None


class ThemeMaterial(models.Model):
    """A toolbox item: a PDF, an image or a link. Files are always in private storage and served
    by a view that checks `visibility` (public, or only for signed-up libraries)."""

    class Kind(models.TextChoices):
        PDF = "pdf", _("PDF")
        IMAGE = "image", _("Image")
        LINK = "link", _("Link")

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Everyone")
        SIGNED_UP = "signed_up", _("Signed-up libraries only")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="materials")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.CharField(_("description"), max_length=500, blank=True)
    file = models.FileField(
        _("file"),
        blank=True,
        storage=private_storage,
        upload_to=material_upload_to,
    )
    url = models.URLField(_("link"), blank=True)
    alt_text = models.CharField(_("alt text"), max_length=300, blank=True)
    visibility = models.CharField(
        _("who may see it"),
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.PUBLIC,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["theme", "title", "pk"]
        verbose_name = _("material")
        verbose_name_plural = _("materials")

    def __str__(self):
        return self.title

    @property
    def download_name(self) -> str:
        extension = self.file.name.rsplit(".", 1)[-1] if self.file.name else "bin"
        return f"{self.theme.slug}-{self.uuid.hex[:8]}.{extension}"


class ThemeMessage(models.Model):
    """A coordinator's message to all contact persons of a theme, kept for its signed-up
    members."""

    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="messages")
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message (Markdown)"), max_length=10000)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField(default=timezone.now)
    recipient_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["theme", "-sent_at", "-pk"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")

    def __str__(self):
        return self.subject


class ThemeReport(models.Model):
    """What came of the theme in one library, reported after the week (one per sign-up)."""

    signup = models.OneToOneField(ThemeSignup, on_delete=models.CASCADE, related_name="report")
    activities = models.TextField(_("activities held"), max_length=5000)
    participants = models.PositiveIntegerField(
        _("participants"), help_text=_("An approximate number is fine.")
    )
    what_worked = models.TextField(_("what worked"), max_length=2000, blank=True)
    partners = models.ManyToManyField(
        "partners.Partner", blank=True, related_name="theme_reports", verbose_name=_("partners")
    )
    goals = models.ManyToManyField(
        "actionplans.Goal",
        blank=True,
        related_name="theme_reports",
        verbose_name=_("SDGs the activities worked with"),
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")

    def __str__(self):
        return f"{self.signup}"
