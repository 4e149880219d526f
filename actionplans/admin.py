from django.contrib import admin

from actionplans.models import (
    ActionPlan,
    Goal,
    Initiative,
    InitiativeProgress,
    PlanVersion,
    ProgressReport,
    Target,
)


@admin.register(Goal)
class GoalAdmin(admin.ModelAdmin):
    list_display = ["number", "name_da", "name_en", "colour"]


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    list_display = ["code", "goal"]
    list_filter = ["goal"]
    search_fields = ["code", "title_en"]


class InitiativeInline(admin.StackedInline):
    model = Initiative
    extra = 0
    fields = ["area", "title", "status", "order"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True


@admin.register(ActionPlan)
class ActionPlanAdmin(admin.ModelAdmin):
    list_display = ["library", "period_start", "period_end", "status", "updated_at"]
    list_filter = ["status", "period_start"]
    search_fields = ["library__name", "library__municipality__name"]
    readonly_fields = ["uuid", "status", "copied_from", "lock_version", "created_by", "approved_at"]
    inlines = [InitiativeInline]


@admin.register(Initiative)
class InitiativeAdmin(admin.ModelAdmin):
    list_display = ["title", "plan", "area", "status"]
    list_filter = ["area", "status"]
    search_fields = ["title"]
    raw_id_fields = ["plan"]
    readonly_fields = ["uuid", "lock_version"]


@admin.register(PlanVersion)
class PlanVersionAdmin(admin.ModelAdmin):
    """Versions are immutable: the admin only shows them."""

    list_display = ["plan", "number", "submitted_at", "decision"]
    list_filter = ["decision"]
    exclude = ["pdf"]  # private, with no URL: it is served by the version's own page

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class InitiativeProgressInline(admin.TabularInline):
    model = InitiativeProgress
    extra = 0
    fields = ["initiative", "status", "result"]
    readonly_fields = fields
    can_delete = False


@admin.register(ProgressReport)
class ProgressReportAdmin(admin.ModelAdmin):
    list_display = ["plan", "year", "status", "submitted_at"]
    list_filter = ["status", "year"]
    readonly_fields = ["uuid", "status", "submitted_by", "submitted_at", "lock_version"]
    inlines = [InitiativeProgressInline]
