import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from actionplans.models import Area
from core.files import private_storage
from core.uploads import uuid_upload_to
from inspiration.images import WEB_WIDTHS


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
    what_we_did = models.TextField(_("what we did (Markdown)"), blank=True)
    what_we_learned = models.TextField(_("what we learned (Markdown)"), blank=True)
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
    targets = models.ManyToManyField(
        "actionplans.Target", blank=True, related_name="examples", verbose_name=_("SDG targets")
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

    @property
    def main_image(self):
        """The main image (from the prefetched images: no query of its own when prefetched)."""
        images = list(self.images.all())
        return next((image for image in images if image.is_main), images[0] if images else None)


class ExampleImage(models.Model):
    """A photo of an example. The file and its derived sizes (inspiration.images.SIZES) are
    private files: they are served by a view that lets anyone see them while the example is
    published, and only its own side and coordinators otherwise."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    example = models.ForeignKey(Example, on_delete=models.CASCADE, related_name="images")
    image = models.ImageField(
        _("image"),
        storage=private_storage,
        upload_to=uuid_upload_to("examples"),
        width_field="width",
        height_field="height",
    )
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    alt_text = models.CharField(_("image description (alt text)"), max_length=300)
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    credit = models.CharField(_("photo credit"), max_length=150, blank=True)
    is_main = models.BooleanField(_("main image"), default=False)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["example", "position", "pk"]
        verbose_name = _("image")
        verbose_name_plural = _("images")
        constraints = [
            models.UniqueConstraint(
                fields=["example"],
                condition=Q(is_main=True),
                name="inspiration_one_main_image_per_example",
            ),
            models.CheckConstraint(
                condition=~Q(alt_text=""), name="inspiration_example_image_has_alt_text"
            ),
        ]

    def __str__(self):
        return self.alt_text

    def url(self, size: str = "w960") -> str:
        return reverse(
            "inspiration:example_image",
            kwargs={"slug": self.example.slug, "image": self.uuid, "size": size},
        )

    @property
    def src(self) -> str:
        return self.url("w960")

    @property
    def card_src(self) -> str:
        return self.url("w480")

    @property
    def srcset(self) -> str:
        """Web sizes with their real widths (a small original is never enlarged)."""
        longest = max(self.width, self.height, 1)
        parts = [
            f"{self.url(size)} {round(self.width * min(1, edge / longest))}w"
            for size, edge in WEB_WIDTHS.items()
        ]
        return ", ".join(parts)


class CatalogueCover(models.Model):
    """The photo a coordinator picked for the catalogue's cover (the newest row counts)."""

    image = models.ForeignKey(ExampleImage, null=True, on_delete=models.SET_NULL, related_name="+")
    chosen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    chosen_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("catalogue cover")
        verbose_name_plural = _("catalogue covers")

    def __str__(self):
        return str(self.image) if self.image else "-"
