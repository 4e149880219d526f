from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from actionplans.models import Area
from core.uploads import uuid_upload_to


class TagQuerySet(models.QuerySet):
    def public(self):
        """Tags anyone may see: those of a published example. A tag typed on a draft stays
        unseen until a coordinator approves an example that uses it."""
        return self.filter(examples__status="approved", examples__revision_of=None).distinct()

    def public_or_of(self, example):
        """The public tags and `example`'s own (for its editors)."""
        return self.filter(
            models.Q(examples__status="approved", examples__revision_of=None)
            | models.Q(examples=example)
        ).distinct()


class Tag(models.Model):
    name = models.CharField(_("name"), max_length=60, unique=True)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)

    objects = TagQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def __str__(self):
        return self.name


class ExampleQuerySet(models.QuerySet):
    def published(self):
        """Approved examples as the public sees them (a pending revision is not one of them)."""
        return self.filter(status=Example.Status.APPROVED, revision_of=None)

    def submitted(self):
        """Waiting for a coordinator's decision."""
        return self.filter(status=Example.Status.SUBMITTED)


class Example(models.Model):
    """A good example for the inspiration catalogue.

    Editing an approved example creates a revision (`revision_of`) that goes through moderation
    while the approved text stays public; approving the revision copies it onto the original.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    summary = models.CharField(_("short summary"), max_length=500)
    body = models.TextField(_("text (Markdown)"), blank=True)
    library = models.ForeignKey(
        "libraries.Library",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="examples",
        verbose_name=_("library"),
        help_text=_("Empty: the example is the programme's own."),
    )
    area = models.CharField(_("area"), max_length=20, choices=Area.choices)
    goals = models.ManyToManyField(
        "actionplans.Goal", related_name="examples", verbose_name=_("SDGs")
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="examples", verbose_name=_("tags"))
    partners = models.JSONField(_("partners"), default=list, blank=True)
    contact_name = models.CharField(_("contact name"), max_length=150, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    show_contact = models.BooleanField(_("show the contact publicly"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    featured = models.BooleanField(_("featured"), default=False)
    revision_of = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="pending_revision"
    )
    rejected_reason = models.TextField(_("reason for rejection"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True, db_index=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True, db_index=True)
    lock_version = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ExampleQuerySet.as_manager()

    class Meta:
        ordering = ["-approved_at", "-pk"]
        verbose_name = _("example")
        verbose_name_plural = _("examples")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("inspiration:example_detail", kwargs={"slug": self.slug})


class ExampleImage(models.Model):
    example = models.ForeignKey(Example, on_delete=models.CASCADE, related_name="images")
    image = models.ImageField(
        _("image"), upload_to=uuid_upload_to("examples"), width_field="width", height_field="height"
    )
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    alt_text = models.CharField(_("image description (alt text)"), max_length=300)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["example", "position", "pk"]
        verbose_name = _("image")
        verbose_name_plural = _("images")

    def __str__(self):
        return self.alt_text
