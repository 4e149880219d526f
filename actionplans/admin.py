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
from core.admin import ViewOnlyMixin

# Plans, initiatives and reports change only on the portal's plan pages (optimistic locking,
# immutable submitted versions, audit events): the admin shows them.


@admin.register(Goal)
class GoalAdmin(admin.ModelAdmin):
    list_display = ["number", "name_da", "name_en", "colour"]


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    list_display = ["code", "goal"]
    list_filter = ["goal"]
    search_fields = ["code", "title_en"]


class InitiativeInline(ViewOnlyMixin, admin.StackedInline):
    model = Initiative
    extra = 0
    fields = ["area", "title", "status", "order"]
    show_change_link = True


@admin.register(ActionPlan)
class ActionPlanAdmin(ViewOnlyMixin, admin.ModelAdmin):
    list_display = ["library", "period_start", "period_end", "status", "updated_at"]
    list_filter = ["status", "period_start"]
    search_fields = ["library__name", "library__municipality__name"]
    inlines = [InitiativeInline]


@admin.register(Initiative)
class InitiativeAdmin(ViewOnlyMixin, admin.ModelAdmin):
    list_display = ["title", "plan", "area", "status"]
    list_filter = ["area", "status"]
    search_fields = ["title"]
    raw_id_fields = ["plan"]


@admin.register(PlanVersion)
class PlanVersionAdmin(ViewOnlyMixin, admin.ModelAdmin):
    """Versions are immutable: the admin only shows them."""

    list_display = ["plan", "number", "submitted_at", "decision"]
    list_filter = ["decision"]
    exclude = ["pdf"]  # private, with no URL: it is served by the version's own page


class InitiativeProgressInline(ViewOnlyMixin, admin.TabularInline):
    model = InitiativeProgress
    extra = 0
    fields = ["initiative", "status", "result"]


@admin.register(ProgressReport)
class ProgressReportAdmin(ViewOnlyMixin, admin.ModelAdmin):
    list_display = ["plan", "year", "status", "submitted_at"]
    list_filter = ["status", "year"]
    inlines = [InitiativeProgressInline]
