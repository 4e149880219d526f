from django.contrib import admin

from certification.models import Certification, ReminderLog
from core.admin import ViewOnlyMixin


@admin.register(Certification)
class CertificationAdmin(ViewOnlyMixin, admin.ModelAdmin):
    """Read here; certifications change only through the review and revocation pages, which
    keep the audit log and tell the library."""

    list_display = ["number", "library", "issued_at", "valid_until", "status"]
    list_filter = ["status", "issued_at"]
    search_fields = ["number", "library__name", "library__municipality__name"]
    list_select_related = ["library__municipality"]
    exclude = ["pdf"]  # private, with no URL: served by certification.views.certificate_pdf


@admin.register(ReminderLog)
class ReminderLogAdmin(admin.ModelAdmin):
    list_display = ["certification", "due_date", "days_before", "sent_at"]
    readonly_fields = ["certification", "due_date", "days_before", "sent_at"]

    def has_add_permission(self, request):
        return False
