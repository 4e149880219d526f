from django.contrib import admin

from core.models import ProgrammeText


@admin.register(ProgrammeText)
class ProgrammeTextAdmin(admin.ModelAdmin):
    """Coordinators edit the programme's texts (front page, PDFs) here; saving one makes the
    public pages show it at once. (Coordinators reach the admin site when they are is_staff.)"""

    list_display = ("key", "title_da", "title_en", "updated_at")
    readonly_fields = ("key", "updated_at")
    fields = ("key", "title_da", "body_da", "title_en", "body_en", "updated_at")

    def has_module_permission(self, request):
        return request.user.is_coordinator or super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return request.user.is_coordinator or super().has_view_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return request.user.is_coordinator or super().has_change_permission(request, obj)

    def has_add_permission(self, request):
        return False  # one text per key, created by a data migration

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        from core.public_cache import public_data_changed

        super().save_model(request, obj, form, change)
        public_data_changed()
