from django.contrib import admin

from themes.models import Theme, ThemeDay


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
