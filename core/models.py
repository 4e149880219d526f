from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.uploads import uuid_upload_to


class AuditEvent(models.Model):
    """An append-only record of one state change: who did what to which object, and when.

    `actor_label` keeps a readable name (or a pseudonym once the account is deleted), so the
    log stays meaningful without holding on to personal data.
    """

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(_("actor"), max_length=200, blank=True)
    verb = models.CharField(_("event"), max_length=64, db_index=True)
    library = models.ForeignKey(
        "libraries.Library",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="audit_events",
    )
    content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.SET_NULL)
    object_id = models.CharField(max_length=64, blank=True)
    target = GenericForeignKey("content_type", "object_id")
    data = models.JSONField(default=dict, blank=True)
    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.verb}"


class ProgrammeText(models.Model):
    """A text about the programme that coordinators edit in the admin (front page, PDFs).

    The ISSUER text names the organisation that issues the certificates: its title is the
    organisation's name, its body one line about it, and its logo (if uploaded) heads every
    certificate.
    """

    class Key(models.TextChoices):
        INTRO = "intro", _("What the programme is")
        HOW_TO_JOIN = "how_to_join", _("How to join")
        AREAS = "areas", _("The three areas")
        STEPS = "steps", _("The steps to certification")
        CONTACT = "contact", _("Contact")
        CATALOGUE_INTRO = "catalogue_intro", _("Introduction to the inspiration catalogue")
        ISSUER = "issuer", _("Issuer of the certificates")

    key = models.CharField(_("text"), max_length=40, choices=Key.choices, unique=True)
    title_da = models.CharField(_("title (Danish)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    body_da = models.TextField(_("text (Danish, Markdown)"))
    body_en = models.TextField(_("text (English, Markdown)"), blank=True)
    logo = models.ImageField(
        _("logo"),
        upload_to=uuid_upload_to("programme"),
        blank=True,
        help_text=_(
            "Only for the issuer of the certificates: printed at the top of each certificate "
            "issued or renewed from now on (PNG or JPEG, at most 2 MB)."
        ),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["key"]
        verbose_name = _("programme text")
        verbose_name_plural = _("programme texts")

    def __str__(self):
        return self.get_key_display()

    @property
    def title(self):
        return self.title_en if get_language() == "en" and self.title_en else self.title_da

    @property
    def body(self):
        return self.body_en if get_language() == "en" and self.body_en else self.body_da


class PublishedDocument(models.Model):
    """One rendered, public PDF: the inspiration catalogue, the programme description, or one
    key of a keyed kind (a theme's impact report, a catalogue of a selection).

    A new row is written for each finished render; the public URL serves the newest `done` row
    of its kind and key, so a failed or running render never replaces a good file. Older rows
    and their files are pruned after each good render (core.documents.prune).
    """

    class Status(models.TextChoices):
        RENDERING = "rendering", _("Being generated")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    kind = models.CharField(max_length=40, db_index=True)
    key = models.CharField(max_length=200, blank=True, default="")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RENDERING)
    file = models.FileField(upload_to="documents/", blank=True)
    filename = models.CharField(max_length=120, blank=True)  # for Content-Disposition
    content_hash = models.CharField(max_length=64, blank=True)
    size = models.PositiveIntegerField(default=0)
    item_count = models.PositiveIntegerField(default=0)
    requested_at = models.DateTimeField(default=timezone.now)
    generated_at = models.DateTimeField(null=True, blank=True)
    render_seconds = models.FloatField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-generated_at", "-pk"]
        verbose_name = _("published document")
        verbose_name_plural = _("published documents")
        indexes = [models.Index(fields=["kind", "key", "status", "-generated_at"])]

    def __str__(self):
        label = f"{self.kind} {self.key}".strip()
        return f"{label} {self.generated_at or self.requested_at:%Y-%m-%d %H:%M}"


class DocumentState(models.Model):
    """What a published document is waiting for: when what it shows last changed, and from
    when the newest good render read the data. Newer changes than the render mean the file is
    out of date and a render is due (the reconcile run queues it again if its task was lost)."""

    kind = models.CharField(max_length=40)
    key = models.CharField(max_length=200, blank=True, default="")
    changed_at = models.DateTimeField(null=True, blank=True)
    rendered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("document state")
        verbose_name_plural = _("document states")
        constraints = [
            models.UniqueConstraint(fields=["kind", "key"], name="one_state_per_document")
        ]

    def __str__(self):
        return f"{self.kind} {self.key}".strip()

    @property
    def is_current(self) -> bool:
        return self.rendered_at is not None and (
            self.changed_at is None or self.rendered_at >= self.changed_at
        )
