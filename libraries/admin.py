from django.contrib import admin

from libraries.models import Library, Membership, Municipality, Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "region"]
    list_filter = ["region"]
    search_fields = ["name", "code"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ["user", "role", "status", "requested_at", "decided_at"]
    readonly_fields = ["requested_at", "decided_at"]
    raw_id_fields = ["user"]
    fk_name = "library"


@admin.register(Library)
class LibraryAdmin(admin.ModelAdmin):
    list_display = ["__str__", "municipality", "isil", "participating_since"]
    list_filter = ["municipality__region", ("participating_since", admin.EmptyFieldListFilter)]
    search_fields = ["name", "city", "municipality__name", "isil"]
    list_select_related = ["municipality"]
    prepopulated_fields = {}
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "library", "role", "status", "requested_at"]
    list_filter = ["status", "role"]
    search_fields = ["user__email", "user__name", "library__name", "library__municipality__name"]
    list_select_related = ["user", "library__municipality"]
    raw_id_fields = ["user", "library", "decided_by"]
