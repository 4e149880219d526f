from django.contrib import admin

from inspiration.models import Example, ExampleImage, Tag


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class ExampleImageInline(admin.TabularInline):
    model = ExampleImage
    extra = 0
    fields = ["image", "alt_text", "position"]


@admin.register(Example)
class ExampleAdmin(admin.ModelAdmin):
    """Examples are moderated on the review pages (which tell authors and re-render the
    catalogue); the admin is for looking things up."""

    list_display = ["title", "library", "area", "status", "featured", "approved_at"]
    list_filter = ["status", "area", "featured"]
    search_fields = ["title", "summary", "library__name", "library__municipality__name"]
    list_select_related = ["library__municipality"]
    readonly_fields = ["status", "approved_by", "approved_at", "submitted_at", "revision_of"]
    raw_id_fields = ["library", "created_by"]
    inlines = [ExampleImageInline]
