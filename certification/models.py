import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_cleanup import cleanup

from core.files import RandomName, private_storage


def validity_cutoff(today: datetime.date | None = None) -> datetime.date:
    """An active certification with `valid_until` on or after this date is valid: the grace
    period (settings.CERTIFICATION_GRACE_DAYS) counts, whether or not the daily expiry task has
    run yet. The one rule for the verify page, the overview, the public pages and the expiry."""
    today = today or timezone.localdate()
    return today - datetime.timedelta(days=settings.CERTIFICATION_GRACE_DAYS)


class CertificationQuerySet(models.QuerySet):
    def valid(self, today: datetime.date | None = None):
        return self.filter(status="active", valid_until__gte=validity_cutoff(today))

    def lapsed(self, today: datetime.date | None = None):
        """Expired, or still marked active but past its date and grace period."""
        return self.filter(
            Q(status="expired") | Q(status="active", valid_until__lt=validity_cutoff(today))
        )


@cleanup.select
class Certification(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Valid")
        EXPIRED = "expired", _("Expired")
        REVOKED = "revoked", _("Revoked")

    library = models.ForeignKey(
        "libraries.Library", on_delete=models.CASCADE, related_name="certifications"
    )
    plan = models.ForeignKey(
        "actionplans.ActionPlan", on_delete=models.PROTECT, related_name="certifications"
    )
    number = models.CharField(_("certificate number"), max_length=20, unique=True)
    issued_at = models.DateField(_("issued"))
    valid_until = models.DateField(_("valid until"), db_index=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE, db_index=True
    )
    status_changed_at = models.DateTimeField(null=True, blank=True)
    revoked_reason = models.TextField(_("reason for revocation"), blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Served by certification.views.certificate_pdf: to anyone while the certification is
    # valid, to the library's members and coordinators only once it is revoked or expired.
    pdf = models.FileField(
        _("certificate (PDF)"),
        storage=private_storage,
        upload_to=RandomName("certificates", "pdf"),
        blank=True,
    )
    pdf_generated_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CertificationQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_at", "-pk"]
        verbose_name = _("certification")
        verbose_name_plural = _("certifications")
        constraints = [
            models.UniqueConstraint(
                fields=["library"],
                condition=Q(status="active"),
                name="one_active_certification_per_library",
            )
        ]

    def __str__(self):
        return self.number

    def get_absolute_url(self):
        return reverse("certification:verify", kwargs={"number": self.number})

    def is_valid(self, today: datetime.date | None = None) -> bool:
        return self.status == self.Status.ACTIVE and self.valid_until >= validity_cutoff(today)


class ReminderLog(models.Model):
    """One reminder sent, so the daily task never sends the same one twice."""

    certification = models.ForeignKey(
        Certification, on_delete=models.CASCADE, related_name="reminders"
    )
    due_date = models.DateField()
    days_before = models.PositiveSmallIntegerField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["certification", "due_date", "days_before"], name="one_reminder_per_step"
            )
        ]

    def __str__(self):
        return f"{self.certification} {self.due_date} −{self.days_before}d"
