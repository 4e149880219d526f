"""Creating and changing partner organisations: the one place that writes Partner rows, and the
one place that refuses a duplicate ("Concito" when "CONCITO" exists)."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from core import audit
from core.text import danish_slugify
from partners.models import Partner, normalise_name


def existing_duplicate(*, name: str, scope: str, municipality=None, exclude_pk=None):
    """The partner `name` would duplicate: a national partner of the same name (whatever the
    scope asked for), or a local one of the same municipality."""
    key = normalise_name(name)
    if not key:
        return None
    candidates = Partner.objects.filter(normalised_name=key)
    if exclude_pk is not None:
        candidates = candidates.exclude(pk=exclude_pk)
    national = candidates.filter(scope=Partner.Scope.NATIONAL).first()
    if national is not None or scope == Partner.Scope.NATIONAL:
        return national
    return candidates.filter(scope=Partner.Scope.LOCAL, municipality=municipality).first()


def _duplicate_error(duplicate: Partner) -> ValidationError:
    return ValidationError(
        {
            "name": _("“%(name)s” is already registered. Pick it from the list instead.")
            % {"name": duplicate.name}
        },
        code="duplicate",
    )


def _unique_slug(name: str) -> str:
    base = danish_slugify(name)[:200] or "partner"
    slug, number = base, 2
    while Partner.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


def create_partner(
    *,
    by,
    name: str,
    kind: str,
    scope: str,
    municipality=None,
    website: str = "",
    description: str = "",
) -> Partner:
    """A new partner. Raises ValidationError (on `name`) when it would duplicate one."""
    name = name.strip()
    if scope == Partner.Scope.NATIONAL:
        municipality = None
    duplicate = existing_duplicate(name=name, scope=scope, municipality=municipality)
    if duplicate is not None:
        raise _duplicate_error(duplicate)
    try:
        with transaction.atomic():
            partner = Partner.objects.create(
                name=name,
                slug=_unique_slug(name),
                kind=kind,
                scope=scope,
                municipality=municipality,
                website=website,
                description=description,
                created_by=by,
            )
    except IntegrityError as error:  # a concurrent request created the same name first
        duplicate = existing_duplicate(name=name, scope=scope, municipality=municipality)
        if duplicate is None:
            raise
        raise _duplicate_error(duplicate) from error
    audit.record(actor=by, verb="partner.created", target=partner, name=name, scope=scope)
    return partner


def update_partner(
    *, partner: Partner, by, name: str, kind: str, website: str = "", description: str = ""
) -> Partner:
    name = name.strip()
    duplicate = existing_duplicate(
        name=name, scope=partner.scope, municipality=partner.municipality, exclude_pk=partner.pk
    )
    if duplicate is not None:
        raise _duplicate_error(duplicate)
    partner.name, partner.kind = name, kind
    partner.website, partner.description = website, description
    partner.save()
    audit.record(actor=by, verb="partner.changed", target=partner, name=name)
    return partner


def find_or_create_local(*, by, name: str, kind: str, municipality) -> Partner:
    """The partner a library means by `name`: an existing national partner or local one of its
    municipality with the same normalised name, otherwise a new local partner."""
    duplicate = existing_duplicate(name=name, scope=Partner.Scope.LOCAL, municipality=municipality)
    if duplicate is not None:
        return duplicate
    return create_partner(
        by=by, name=name, kind=kind, scope=Partner.Scope.LOCAL, municipality=municipality
    )
