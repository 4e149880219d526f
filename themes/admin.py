from django.contrib import admin

from themes.models import Theme, ThemeDay, ThemeReport, ThemeSignup


class ThemeDayInline(admin.TabularInline):
    model = ThemeDay
    extra = 0


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["title", "number", "starts_on", "ends_on", "status"]
    list_filter = ["status"]
    search_fields = ["title"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["goals", "national_partners"]
    inlines = [ThemeDayInline]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Sign-ups and reports change through the theme pages (audited, the contacts told)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ThemeSignup)
class ThemeSignupAdmin(ReadOnlyAdmin):
    list_display = ["theme", "library", "contact", "signed_up_at", "withdrawn_at"]
    list_filter = ["theme"]
    list_select_related = ["theme", "library__municipality", "contact"]


@admin.register(ThemeReport)
class ThemeReportAdmin(ReadOnlyAdmin):
    list_display = ["signup", "participants", "submitted_at"]
    list_filter = ["signup__theme"]
    list_select_related = ["signup__theme", "signup__library__municipality"]
