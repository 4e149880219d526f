from django.urls import path

from events import views

app_name = "events"

urlpatterns = [
    path("events/", views.calendar, name="calendar"),
    path("events/recordings/", views.recordings, name="recordings"),
    path("events/<slug:slug>/", views.event_detail, name="event_detail"),
    path("events/<slug:slug>.ics", views.event_ics, name="event_ics"),
    path("events.ics", views.all_events_ics, name="all_events_ics"),
    path("libraries/<slug:slug>/events.ics", views.library_events_ics, name="library_events_ics"),
    path("themes/<slug:slug>/events.ics", views.theme_events_ics, name="theme_events_ics"),
    # `slug`: a library's slug, or "national" for the programme's own events (coordinators)
    path("manage/<slug:slug>/events/", views.manage_events, name="manage_events"),
    path("manage/<slug:slug>/events/new/", views.event_create, name="event_create"),
    path("manage/<slug:slug>/events/feeds/", views.feeds, name="feeds"),
    path(
        "manage/<slug:slug>/events/feeds/<int:pk>/<slug:action>/",
        views.feed_action,
        name="feed_action",
    ),
    path("manage/<slug:slug>/events/<slug:event_slug>/", views.event_edit, name="event_edit"),
    path(
        "manage/<slug:slug>/events/<slug:event_slug>/cancel/",
        views.event_cancel,
        name="event_cancel",
    ),
    path(
        "manage/<slug:slug>/events/<slug:event_slug>/delete/",
        views.event_delete,
        name="event_delete",
    ),
    path(
        "manage/<slug:slug>/events/<slug:event_slug>/participants/",
        views.event_participants,
        name="event_participants",
    ),
    path(
        "manage/<slug:slug>/events/<slug:event_slug>/speakers/",
        views.event_speakers,
        name="event_speakers",
    ),
    path(
        "manage/<slug:slug>/events/<slug:event_slug>/speakers/<int:pk>/remove/",
        views.speaker_remove,
        name="speaker_remove",
    ),
]
