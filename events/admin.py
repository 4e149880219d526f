from django.contrib import admin
from django.db import models

from events.models import Event, EventFeed, Speaker


class SpeakerInline(admin.TabularInline):
    model = Speaker
    extra = 0


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ("title", "library", "starts_at", "status", "source", "removed")
    list_filter = ("status", "source", "removed", "audience")
    search_fields = ("title", "slug")
    raw_id_fields = ("library", "initiative", "feed")
    readonly_fields = ("uid", "sequence", "external_uid")
    inlines = [SpeakerInline]


@admin.register(EventFeed)
class EventFeedAdmin(admin.ModelAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ("url", "library", "kind", "last_result", "last_fetched_at", "failures")
    raw_id_fields = ("library",)
    readonly_fields = ("last_fetched_at", "last_result", "last_error", "etag", "last_modified")
