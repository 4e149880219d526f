"""Every change of an event goes through here: who may change it is checked by the views'
access-checked getters (events.permissions); these functions keep the rules of the data:
a slug that is unique, `sequence` raised on every change (calendar apps replace their copy),
optimistic locking with `lock_version`, and the public pages invalidated."""

import itertools

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from actionplans.models import Initiative
from core import documents
from core.audit import record
from core.public_cache import public_data_changed
from core.text import danish_slugify
from events.models import Event, Speaker

# Fields the form sets directly (many-to-many ones are set after saving).
SIMPLE_FIELDS = (
    "title",
    "description",
    "starts_at",
    "ends_at",
    "all_day",
    "address",
    "online",
    "online_url",
    "audience",
    "theme",
    "initiative",
    "signup_url",
    "image",
    "image_alt",
    "status",
    "recording_url",
    "captions_note",
)
M2M_FIELDS = ("goals", "targets", "partners", "shown_at")


class EditConflict(Exception):
    """Someone else saved the event after the editor loaded it. `current` is the saved one."""

    def __init__(self, current):
        super().__init__("edit conflict")
        self.current = current


# Words the event URLs use themselves (/events/recordings/, /manage/…/events/new/).
RESERVED_SLUGS = {"recordings", "new", "feeds"}


def _calendar_changed() -> None:
    """The public pages and the programme PDF, whose cover counts the year's events."""
    public_data_changed()
    documents.request_render("programme")


def unique_slug(title: str, *, exclude_pk: int | None = None) -> str:
    base = (danish_slugify(title) or "arrangement")[:100]
    taken = set(
        Event.objects.filter(slug__startswith=base)
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    for number in itertools.count(1):
        slug = base if number == 1 else f"{base}-{number}"
        if slug not in taken and slug not in RESERVED_SLUGS:
            return slug
    raise AssertionError("unreachable")


def check_initiative(initiative: Initiative | None, library) -> None:
    """An event carries out an initiative of its own library's approved plan, or none."""
    if initiative is None:
        return
    allowed = Initiative.objects.of_approved_plans().filter(pk=initiative.pk, plan__library=library)
    if library is None or not allowed.exists():
        raise ValidationError(
            {"initiative": _("Choose an initiative of the library's approved action plan.")}
        )


def _set_many(event: Event, data: dict) -> None:
    for name in M2M_FIELDS:
        if name in data:
            getattr(event, name).set(data[name])


@transaction.atomic
def create_event(*, library, by, data: dict) -> Event:
    """A new event of `library` (None: a national event of the programme)."""
    check_initiative(data.get("initiative"), library)
    event = Event(library=library, created_by=by, slug=unique_slug(data["title"]))
    for name in SIMPLE_FIELDS:
        if name in data:
            setattr(event, name, data[name])
    event.full_clean(exclude=["image"])
    event.save()
    _set_many(event, data)
    record(actor=by, verb="event.created", target=event, library=library, title=event.title)
    _calendar_changed()
    return event


@transaction.atomic
def update_event(*, event: Event, by, lock_version: int, data: dict) -> Event:
    """Save the event if nobody saved it since `lock_version` was read; raises its SEQUENCE."""
    check_initiative(data.get("initiative"), event.library)
    updated = Event.objects.filter(pk=event.pk, lock_version=lock_version).update(
        lock_version=F("lock_version") + 1, sequence=F("sequence") + 1
    )
    if not updated:
        raise EditConflict(Event.objects.get(pk=event.pk))
    event.refresh_from_db()
    for name in SIMPLE_FIELDS:
        if name in data:
            value = data[name]
            setattr(event, name, "" if name == "image" and value is False else value)
    event.full_clean(exclude=["image", "slug"])
    event.save()
    _set_many(event, data)
    record(actor=by, verb="event.updated", target=event, library=event.library)
    public_data_changed()
    return event


@transaction.atomic
def cancel_event(*, event: Event, by) -> Event:
    """A cancelled event stays visible, marked cancelled; calendars get STATUS:CANCELLED."""
    Event.objects.filter(pk=event.pk).update(
        status=Event.Status.CANCELLED,
        sequence=F("sequence") + 1,
        lock_version=F("lock_version") + 1,
    )
    event.refresh_from_db()
    record(actor=by, verb="event.cancelled", target=event, library=event.library)
    _calendar_changed()
    return event


@transaction.atomic
def delete_event(*, event: Event, by) -> None:
    record(actor=by, verb="event.deleted", library=event.library, title=event.title)
    event.delete()
    _calendar_changed()


@transaction.atomic
def set_participants(*, event: Event, by, participants: int | None) -> Event:
    """How many came: afterwards only (it feeds the theme report and the progress report)."""
    if not event.has_ended:
        raise ValidationError(
            {"participants": _("Participants can be added once the event has taken place.")}
        )
    Event.objects.filter(pk=event.pk).update(participants=participants)
    event.refresh_from_db()
    record(actor=by, verb="event.participants", target=event, library=event.library)
    public_data_changed()
    return event


@transaction.atomic
def add_speaker(*, event: Event, by, data: dict) -> Speaker:
    order = event.speakers.count()
    speaker = Speaker.objects.create(event=event, order=order, **data)
    Event.objects.filter(pk=event.pk).update(sequence=F("sequence") + 1)
    record(actor=by, verb="event.speaker_added", target=event, library=event.library)
    public_data_changed()
    return speaker


@transaction.atomic
def remove_speaker(*, speaker: Speaker, by) -> None:
    event = speaker.event
    speaker.delete()
    Event.objects.filter(pk=event.pk).update(sequence=F("sequence") + 1)
    record(actor=by, verb="event.speaker_removed", target=event, library=event.library)
    public_data_changed()
