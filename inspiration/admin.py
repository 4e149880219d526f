from django.contrib import admin

from core.admin import ViewOnlyMixin
from inspiration.models import Example, ExampleImage, Tag


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class ExampleImageInline(ViewOnlyMixin, admin.TabularInline):
    model = ExampleImage
    extra = 0
    fields = ["image", "alt_text", "position"]


@admin.register(Example)
class ExampleAdmin(ViewOnlyMixin, admin.ModelAdmin):
    """Examples are written and moderated on the portal's pages (which keep the audit log, tell
    authors and re-render the catalogue); the admin is for looking things up."""

    list_display = ["title", "library", "area", "status", "featured", "approved_at"]
    list_filter = ["status", "area", "featured"]
    search_fields = ["title", "summary", "library__name", "library__municipality__name"]
    list_select_related = ["library__municipality"]
    inlines = [ExampleImageInline]
