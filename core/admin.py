from django import forms
from django.conf import settings
from django.contrib import admin

from core.models import AuditEvent, ProgrammeText, PublishedDocument
from core.uploads import validate_image


class ProgrammeTextForm(forms.ModelForm):
    class Meta:
        model = ProgrammeText
        fields = ("title_da", "body_da", "title_en", "body_en", "logo")

    def clean_logo(self):
        return validate_image(self.cleaned_data.get("logo"), settings.LOGO_MAX_BYTES)


class ViewOnlyMixin:
    """For a ModelAdmin or inline whose rows change only through the portal's own pages (their
    services keep the audit log, the locking and the programme's rules): the admin shows them,
    nobody adds, changes or deletes them here."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ProgrammeText)
class ProgrammeTextAdmin(admin.ModelAdmin):
    """Coordinators edit the programme's texts (front page, PDFs) here; saving one makes the
    public pages show it at once. (Coordinators reach the admin site when they are is_staff.)"""

    form = ProgrammeTextForm
    list_display = ("key", "title_da", "title_en", "updated_at")
    readonly_fields = ("key", "updated_at")
    fields = ("key", "title_da", "body_da", "title_en", "body_en", "updated_at")

    @staticmethod
    def _coordinator(request) -> bool:
        return request.user.is_authenticated and request.user.is_coordinator

    def get_fields(self, request, obj=None):
        if obj is not None and obj.key == ProgrammeText.Key.ISSUER:
            return (*self.fields[:-1], "logo", "updated_at")
        return self.fields

    def has_module_permission(self, request):
        return self._coordinator(request) or super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return self._coordinator(request) or super().has_view_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._coordinator(request) or super().has_change_permission(request, obj)

    def has_add_permission(self, request):
        return False  # one text per key, created by a data migration

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        from core import documents
        from core.public_cache import public_data_changed

        super().save_model(request, obj, form, change)
        public_data_changed()
        # The PDFs print these texts too (certificates print the issuer when next rendered).
        if obj.key == ProgrammeText.Key.ISSUER:
            return
        if obj.key == ProgrammeText.Key.CATALOGUE_INTRO:
            documents.request_render("catalogue")
        else:
            documents.request_render("programme")


@admin.register(AuditEvent)
class AuditEventAdmin(ViewOnlyMixin, admin.ModelAdmin):
    """The audit log is append-only: readable here, never changed."""

    list_display = ["at", "actor_label", "verb", "library", "content_type", "object_id"]
    list_filter = ["verb", "library"]
    search_fields = ["actor_label", "verb", "object_id"]
    date_hierarchy = "at"


@admin.register(PublishedDocument)
class PublishedDocumentAdmin(admin.ModelAdmin):
    list_display = ["kind", "status", "item_count", "size", "generated_at", "render_seconds"]
    list_filter = ["kind", "status"]
    readonly_fields = [f.name for f in PublishedDocument._meta.fields]

    def has_add_permission(self, request):
        return False
