"""schema.org `Event` for an event's page (search engines, calendars that read the page).
Written as json_script writes JSON (<, > and & escaped, so user text cannot end the <script>
element), but with the type `application/ld+json` that search engines read."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from core.text import absolute_url

_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def jsonld_script(data: dict) -> str:
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


_STATUS = {
    "scheduled": "https://schema.org/EventScheduled",
    "cancelled": "https://schema.org/EventCancelled",
    "moved": "https://schema.org/EventRescheduled",
}


def _attendance_mode(event, places: int) -> str:
    if event.online and places:
        return "https://schema.org/MixedEventAttendanceMode"
    if event.online:
        return "https://schema.org/OnlineEventAttendanceMode"
    return "https://schema.org/OfflineEventAttendanceMode"


def event_jsonld(event) -> dict:
    locations = []
    if event.address:
        locations.append({"@type": "Place", "name": event.address, "address": event.address})
    # A streamed talk is also watched together at the libraries showing it.
    for library in event.shown_at.all():
        locations.append(
            {
                "@type": "Place",
                "name": library.display_name,
                "url": absolute_url(library.get_absolute_url()),
                # Search engines expect a Place to have an address.
                "address": library.address or library.municipality.name,
            }
        )
    places = len(locations)
    if event.online:
        locations.append({"@type": "VirtualLocation", "url": event.online_url})
    organiser = (
        {
            "@type": "Library",
            "name": event.library.display_name,
            "url": absolute_url(event.library.get_absolute_url()),
        }
        if event.library_id
        else {"@type": "Organization", "name": "Verdensmålscertificering af biblioteker"}
    )
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "description": event.description,
        "url": absolute_url(event.get_absolute_url()),
        "startDate": event.starts_at.isoformat(),
        "endDate": event.ends_at.isoformat(),
        "eventStatus": _STATUS[event.status],
        "eventAttendanceMode": _attendance_mode(event, places),
        "location": locations[0] if len(locations) == 1 else locations,
        "organizer": organiser,
        "isAccessibleForFree": True,
        "inLanguage": "da",
    }
    if event.image:
        data["image"] = absolute_url(event.image.url)
    if event.signup_url:
        data["offers"] = {"@type": "Offer", "url": event.signup_url}
    performers = [
        {
            "@type": "Person",
            "name": s.name,
            **({"affiliation": s.organisation} if s.organisation else {}),
        }
        for s in event.speakers.all()
    ]
    if performers:
        data["performer"] = performers
    return data
