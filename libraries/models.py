from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_cleanup import cleanup

from core.uploads import uuid_upload_to


class Region(models.Model):
    code = models.CharField(_("code"), max_length=4, unique=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self):
        return self.name


class Municipality(models.Model):
    code = models.CharField(_("municipality code"), max_length=3, unique=True)
    name = models.CharField(_("name"), max_length=100)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="municipalities")

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self):
        return self.name


class LibraryQuerySet(models.QuerySet):
    def participating(self):
        return self.filter(participating_since__isnull=False)

    def search(self, text: str):
        text = text.strip()
        if not text:
            return self
        return self.filter(
            Q(name__icontains=text)
            | Q(city__icontains=text)
            | Q(municipality__name__icontains=text)
        )


@cleanup.select  # a replaced or removed logo goes from storage
class Library(models.Model):
    """A municipal library system (one per municipality in the reference data)."""

    name = models.CharField(_("name"), max_length=200, blank=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="libraries",
        verbose_name=_("municipality"),
    )
    agency_number = models.CharField(_("library agency number"), max_length=6, blank=True)
    isil = models.CharField(_("ISIL"), max_length=12, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=4, blank=True)
    city = models.CharField(_("town"), max_length=100, blank=True)
    lat = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    lon = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    description = models.TextField(_("description"), blank=True)
    logo = models.ImageField(_("logo"), upload_to=uuid_upload_to("logos"), blank=True)
    participating_since = models.DateField(_("participating since"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = LibraryQuerySet.as_manager()

    class Meta:
        ordering = ["municipality__name"]
        verbose_name = _("library")
        verbose_name_plural = _("libraries")

    def __str__(self):
        return self.display_name

    def get_absolute_url(self):
        return reverse("portal:library_detail", kwargs={"slug": self.slug})

    @property
    def display_name(self) -> str:
        # Reference data has verified names for only some libraries; never invent one.
        return self.name or f"Biblioteket i {self.municipality.name} Kommune"


class MembershipQuerySet(models.QuerySet):
    """The one way to ask about memberships: `Membership.objects.active().for_user(user)`,
    `.leads().of_library(library)`. The access rules built on it live in libraries.permissions."""

    def active(self):
        return self.filter(status=Membership.Status.ACTIVE)

    def pending(self):
        return self.filter(status=Membership.Status.PENDING)

    def open(self):
        """Active or waiting for an answer: the ones a user may not ask for again."""
        return self.filter(status__in=Membership.OPEN_STATUSES)

    def leads(self):
        return self.active().filter(role=Membership.Role.LEAD)

    def active_or_ended_since(self, since):
        """Active now, or ended (removed, left) at or after `since`: who still counts as close
        to a library, e.g. for a coordinator's conflict of interest."""
        return self.filter(
            Q(status=Membership.Status.ACTIVE)
            | Q(status=Membership.Status.REMOVED, ended_at__gte=since)
        )

    def for_user(self, user):
        """`user`'s memberships (none for an anonymous visitor)."""
        if user is None or not user.is_authenticated:
            return self.none()
        return self.filter(user=user)

    def of_library(self, library):
        """The memberships of `library` (a Library or its primary key)."""
        return self.filter(library=library)

    def users(self) -> list:
        """The members themselves, e.g. to e-mail them (one query)."""
        return [membership.user for membership in self.select_related("user")]


class Membership(models.Model):
    class Role(models.TextChoices):
        STAFF = "staff", _("Staff")
        LEAD = "lead", _("Lead")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACTIVE = "active", _("Active")
        DECLINED = "declined", _("Declined")
        REMOVED = "removed", _("Removed")

    OPEN_STATUSES = (Status.PENDING, Status.ACTIVE)

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    library = models.ForeignKey(Library, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.STAFF)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    message = models.TextField(_("message to the library"), blank=True)
    requested_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # When an active membership ended (removed or left). The row is kept, never deleted: a
    # coordinator who was a member recently still may not decide for the library.
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["library", "-role", "user__name"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "library"],
                condition=Q(status__in=["pending", "active"]),
                name="one_open_membership_per_user_and_library",
            )
        ]

    def __str__(self):
        return (
            f"{self.user} · {self.library} ({self.get_role_display()}, {self.get_status_display()})"
        )

    @property
    def is_lead(self) -> bool:
        return self.status == self.Status.ACTIVE and self.role == self.Role.LEAD
