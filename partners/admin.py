from django.contrib import admin

from partners.models import Partner


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "scope", "municipality"]
    list_filter = ["scope", "kind"]
    search_fields = ["name", "normalised_name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["municipality"]
