"""Demo users and memberships for `manage.py seed_demo` (idempotent)."""

import datetime

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.utils import timezone

from accounts.models import COORDINATORS_GROUP, User
from core.demo import DemoContext
from libraries.models import Library, Membership

# The programme's first certified libraries (2022), then later ones: a public fact.
FIRST_LIBRARIES = [
    "ballerup", "dragoer", "esbjerg", "glostrup", "herning", "kolding", "rudersdal",
    "silkeborg", "svendborg", "aarhus", "odense", "rebild", "fredensborg",
]  # fmt: skip


def demo_user(email: str, name: str, password: str, **extra) -> User:
    user, created = User.objects.get_or_create(email=email, defaults={"name": name, **extra})
    if created or not user.check_password(password):
        user.set_password(password)
        user.save()
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


# Coordinators and operators must use two-factor authentication (accounts.middleware). The demo
# ones share this published secret: add it to an authenticator app (or compute the code with
# `oathtool --totp -b <secret>`). Demo data only; never seed it into a real portal.
DEMO_TOTP_SECRET = "VERDENSMAALDEMOTWOFACTORSECRET23"  # noqa: S105


def ensure_demo_totp(user) -> None:
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP

    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, DEMO_TOTP_SECRET)


def _ensure_membership(user, library, role):
    membership = Membership.objects.filter(
        user=user, library=library, status__in=Membership.OPEN_STATUSES
    ).first()
    if membership is None:
        Membership.objects.create(
            user=user,
            library=library,
            role=role,
            status=Membership.Status.ACTIVE,
            decided_at=timezone.now(),
        )


def build_context(*, library_count: int, examples: int, password: str) -> DemoContext:
    slugs = FIRST_LIBRARIES[:library_count]
    if library_count > len(FIRST_LIBRARIES):
        extra = (
            Library.objects.exclude(slug__in=FIRST_LIBRARIES)
            .order_by("slug")
            .values_list("slug", flat=True)[: library_count - len(FIRST_LIBRARIES)]
        )
        slugs += list(extra)
    libraries = list(Library.objects.filter(slug__in=slugs).select_related("municipality"))
    libraries.sort(key=lambda library: slugs.index(library.slug))

    coordinator = demo_user(
        "coordinator@example.org",
        "Karin Koordinator",
        password,
        job_title="Verdensmålskoordinator, Chora 2030",
    )
    coordinator.groups.add(Group.objects.get_or_create(name=COORDINATORS_GROUP)[0])
    operator = demo_user(
        "operator@example.org", "Ole Operatør", password, is_staff=True, is_superuser=True
    )
    for user in (coordinator, operator):
        ensure_demo_totp(user)

    leads, staff = {}, {}
    for index, library in enumerate(libraries):
        if library.participating_since is None:
            library.participating_since = datetime.date(2022, 1, 10) + datetime.timedelta(
                days=40 * index
            )
            library.save(update_fields=["participating_since", "updated_at"])
        lead_email = f"lead@{library.slug}.example.org"
        staff_email = f"staff@{library.slug}.example.org"
        leads[library.slug] = demo_user(
            lead_email, f"Leder i {library.municipality.name}", password
        )
        staff[library.slug] = demo_user(
            staff_email, f"Medarbejder i {library.municipality.name}", password
        )
        _ensure_membership(leads[library.slug], library, Membership.Role.LEAD)
        _ensure_membership(staff[library.slug], library, Membership.Role.STAFF)

    # One person waiting for an answer, so the lead's members page shows a request.
    if libraries:
        newcomer = demo_user("newcomer@example.org", "Nina Nyansat", password)
        if not Membership.objects.filter(user=newcomer, library=libraries[0]).exists():
            Membership.objects.create(
                user=newcomer, library=libraries[0], message="Jeg er ny formidler i Ballerup."
            )
    context = DemoContext(
        libraries=libraries,
        leads=leads,
        staff=staff,
        coordinator=coordinator,
        password=password,
        examples=examples,
    )
    context.say(
        f"coordinator@example.org and operator@example.org use two-factor: TOTP secret "
        f"{DEMO_TOTP_SECRET} (e.g. oathtool --totp -b {DEMO_TOTP_SECRET})"
    )
    return context
