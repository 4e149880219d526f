from django.contrib import admin
from django.db import models

from core.admin import ViewOnlyMixin
from libraries import services
from libraries.models import Library, Membership, Municipality, Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "region"]
    list_filter = ["region"]
    search_fields = ["name", "code"]


class MembershipInline(ViewOnlyMixin, admin.TabularInline):
    """Members join, are accepted, change role and leave on the library's members page."""

    model = Membership
    extra = 0
    fields = ["user", "role", "status", "requested_at", "decided_at"]
    fk_name = "library"


@admin.register(Library)
class LibraryAdmin(admin.ModelAdmin):
    """Operators correct a library's details here; saving goes through the same service as the
    library's profile page, so it is in the audit log and the public pages update. The logo is
    uploaded on the profile page, where the file is checked."""

    list_display = ["__str__", "municipality", "isil", "participating_since"]
    list_filter = ["municipality__region", ("participating_since", admin.EmptyFieldListFilter)]
    search_fields = ["name", "city", "municipality__name", "isil"]
    list_select_related = ["municipality"]
    prepopulated_fields = {}
    readonly_fields = ["logo"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    inlines = [MembershipInline]

    def save_model(self, request, obj, form, change):
        services.update_profile(form=form, by=request.user)


@admin.register(Membership)
class MembershipAdmin(ViewOnlyMixin, admin.ModelAdmin):
    list_display = ["user", "library", "role", "status", "requested_at"]
    list_filter = ["status", "role"]
    search_fields = ["user__email", "user__name", "library__name", "library__municipality__name"]
    list_select_related = ["user", "library__municipality"]
