from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = pgettext_lazy("gatherings", "Events")

    def ready(self):
        from actionplans.hooks import register_initiative_activity_provider
        from events import selectors
        from themes.hooks import register_events_provider

        register_events_provider(selectors.theme_events)
        register_initiative_activity_provider(selectors.initiative_activity)
