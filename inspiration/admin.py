from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

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
    fields = ["picture", "alt_text", "caption", "credit", "is_main", "position"]
    readonly_fields = ["picture"]

    @admin.display(description=_("image"))
    def picture(self, image):
        # A private file has no URL of its own: link to the view that checks access.
        return format_html('<a href="{}">{}</a>', image.url("original"), image.image.name)


@admin.register(Example)
class ExampleAdmin(ViewOnlyMixin, admin.ModelAdmin):
    """Examples are written and moderated on the portal's pages (which keep the audit log, tell
    authors and re-render the catalogue); the admin is for looking things up."""

    list_display = ["title", "library", "area", "status", "featured", "approved_at"]
    list_filter = ["status", "area", "featured"]
    search_fields = ["title", "summary", "library__name", "library__municipality__name"]
    list_select_related = ["library__municipality"]
    inlines = [ExampleImageInline]
