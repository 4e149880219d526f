"""The access matrix: every URL pattern of the project, requested by every role, compared with
ONE table. A URL pattern missing from the table fails the test, so no page ships without a
decision about who may see it.

Adding a page: add one row to EXPECTED (use a ready-made row such as PUBLIC or LEAD_ONLY, or
write one with row(...)); if its URL has a new path parameter, add how to fill it to PARAMETERS
(or to URL_PARAMETERS when the same name means something else in that URL).

Conventions (DESIGN §2): anonymous → redirect to the login page; a user who may not see an
object (staff of another library) → 404; one who may see it but not do this → 403.
"""

import datetime
from dataclasses import dataclass
from types import SimpleNamespace

import pytest
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from tests import factories
from tests.sessions import sign_in

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "staff", "outsider", "lead", "coordinator", "operator")
LOGIN = "login"  # a redirect to the login page
REDIRECT = "redirect"  # any other redirect (e.g. back to the page after a POST)


def row(anonymous, staff, outsider, lead, coordinator, operator) -> dict:
    """Expected result per role. `outsider` is staff (the lead, even) of another library."""
    return dict(zip(ROLES, (anonymous, staff, outsider, lead, coordinator, operator), strict=True))


def everyone(result) -> dict:
    return row(*[result] * len(ROLES))


PUBLIC = everyone(200)
SIGNED_IN = row(LOGIN, 200, 200, 200, 200, 200)
MEMBERS = row(LOGIN, 200, 404, 200, 200, 200)  # the library's members and coordinators
LEAD_ONLY = row(LOGIN, 403, 404, 200, 200, 200)  # the library's lead and coordinators
COORDINATORS = row(LOGIN, 403, 403, 403, 200, 200)
# A private file answers 404, not a login redirect, to anyone who may not have it.
PRIVATE_FILE = row(404, 200, 404, 200, 200, 200)

# url name (or, for an unnamed pattern, its route) -> expected result per role.
EXPECTED = {
    # core and portal
    "healthz": PUBLIC,
    "set_language": everyone(REDIRECT),
    "^media/(?P<path>.*)$": everyone(404),  # only files that exist; the fixture asks for none
    "portal:home": PUBLIC,
    "portal:dashboard": SIGNED_IN,
    "portal:library_list": PUBLIC,
    "portal:library_detail": PUBLIC,
    "portal:programme_pdf": everyone(503),  # says clearly that it is being generated
    "portal:accessibility": PUBLIC,
    "portal:privacy": PUBLIC,
    # accounts (personal data)
    "accounts:profile": SIGNED_IN,
    "accounts:privacy": SIGNED_IN,
    "accounts:privacy_export": SIGNED_IN,
    "accounts:privacy_delete": SIGNED_IN,  # GET shows the form (or why the lead cannot go yet)
    # libraries
    "libraries:join": SIGNED_IN,
    "libraries:join_library": SIGNED_IN,
    "libraries:members": MEMBERS,
    "libraries:member_action": row(LOGIN, 403, 404, REDIRECT, REDIRECT, REDIRECT),
    # confirmation pages (GET); POST does it
    "libraries:member_remove": row(LOGIN, 403, 404, 200, 200, 200),
    "libraries:member_decline": row(LOGIN, 403, 404, 200, 200, 200),
    # only the person who asked has a request to withdraw (the staff user asked elsewhere)
    "libraries:withdraw_request": row(LOGIN, 404, 200, 404, 404, 404),
    "libraries:edit_profile": LEAD_ONLY,
    # action plans: `plan` is Ballerup's draft, `approved_plan` its approved plan with
    # version 1 and a draft progress report
    "actionplans:library_plans": MEMBERS,
    # the library has an open plan already, so members are sent to it
    "actionplans:plan_create": row(LOGIN, REDIRECT, 404, REDIRECT, 403, 403),
    "actionplans:plan_detail": MEMBERS,
    "actionplans:plan_edit": row(LOGIN, 200, 404, 200, 403, 403),
    "actionplans:plan_submit": row(LOGIN, 403, 404, 200, 403, 403),
    "actionplans:initiative_create": row(LOGIN, 200, 404, 200, 403, 403),
    "actionplans:initiative_edit": row(LOGIN, 200, 404, 200, 403, 403),
    "actionplans:initiative_delete": row(LOGIN, 200, 404, 200, 403, 403),
    "actionplans:initiative_move": row(LOGIN, REDIRECT, 404, REDIRECT, 403, 403),
    "actionplans:version_detail": MEMBERS,
    "actionplans:version_pdf": PRIVATE_FILE,
    "actionplans:report_create": row(LOGIN, REDIRECT, 404, REDIRECT, 403, 403),
    "actionplans:report_detail": MEMBERS,
    "actionplans:report_photo": PRIVATE_FILE,
    "actionplans:report_submit": row(LOGIN, 403, 404, 200, 403, 403),
    # certification
    "certification:queue": row(LOGIN, 404, 404, 404, 200, 200),
    "certification:overview": row(LOGIN, 404, 404, 404, 200, 200),
    "certification:plan_review": row(LOGIN, 404, 404, 404, 200, 200),
    "certification:report_review": row(LOGIN, 404, 404, 404, 200, 200),
    "certification:library_log": row(LOGIN, 404, 404, 404, 200, 200),
    "certification:revoke": row(LOGIN, 404, 404, 404, 200, 200),
    # A valid certification's certificate is public; a revoked or expired one is a PRIVATE_FILE
    # (tests/security/test_private_files_blackbox.py).
    "certification:certificate_pdf": PUBLIC,
    "certification:verify": PUBLIC,
    # public pages and open data
    "portal:library_badge": PUBLIC,
    "portal:feed": PUBLIC,
    "libraries_csv": PUBLIC,
    "libraries_json": PUBLIC,
    "robots_txt": PUBLIC,
    "sitemap": PUBLIC,
    # inspiration
    "inspiration:catalogue": PUBLIC,
    "inspiration:catalogue_pdf": everyone(503),  # says clearly that it is being generated
    "inspiration:example_detail": PUBLIC,
    # an image of a draft example: like the example's own pages, and 404 (not a login page)
    # for everyone else; a published example's images are public (tests/inspiration)
    "inspiration:example_image": row(404, 200, 404, 200, 200, 200),
    "inspiration:catalogue_selection_pdf": everyone(REDIRECT),  # no filter: the whole catalogue
    "inspiration:choose_cover": row(LOGIN, 404, 404, 404, REDIRECT, REDIRECT),
    "inspiration:adopt_example": row(LOGIN, REDIRECT, REDIRECT, REDIRECT, 403, 403),
    "inspiration:my_examples": SIGNED_IN,
    "inspiration:new_example": SIGNED_IN,
    "inspiration:share_initiative": row(LOGIN, REDIRECT, 404, REDIRECT, 404, 404),
    # `draft_example` is a draft of Ballerup's
    "inspiration:manage_example": MEMBERS,
    # coordinators see a library's drafts but edit examples through moderation
    "inspiration:edit_example": row(LOGIN, 200, 404, 200, 403, 403),
    "inspiration:submit_example": row(LOGIN, REDIRECT, 404, REDIRECT, 403, 403),
    "inspiration:revise_example": row(LOGIN, REDIRECT, 404, REDIRECT, 403, 403),
    "inspiration:delete_example": row(LOGIN, 200, 404, 200, 403, 403),  # GET: confirmation
    "inspiration:catalogue_preview": row(LOGIN, 404, 404, 404, 200, 200),
    "inspiration:review_example": row(LOGIN, 404, 404, 404, 200, 200),
    "inspiration:review_edit": row(LOGIN, 404, 404, 404, 200, 200),
    "inspiration:review_decide": row(LOGIN, 404, 404, 404, REDIRECT, REDIRECT),
    # partners: coordinators manage the national ones, a library's members its local ones
    "partners:national_partners": row(LOGIN, 404, 404, 404, 200, 200),
    "partners:edit_national_partner": row(LOGIN, 404, 404, 404, 200, 200),
    "partners:library_partners": MEMBERS,
    # themes: `theme` is published with its sign-up open; Ballerup is signed up to `past_theme`
    # (started, deadline passed), which has a members-only material
    "themes:theme_list": PUBLIC,
    "themes:theme_detail": PUBLIC,
    "themes:impact_pdf": everyone(503),  # says clearly that it is being generated
    "themes:impact_csv": PUBLIC,
    "themes:impact_json": PUBLIC,
    "themes:material_file": row(404, 200, 404, 200, 200, 200),
    "themes:signup": row(LOGIN, 200, 404, 200, 200, 200),
    "themes:withdraw": row(LOGIN, 403, 404, 403, 200, 200),  # the deadline has passed
    "themes:report": MEMBERS,
    "themes:theme_create": row(LOGIN, 404, 404, 404, 200, 200),
    "themes:theme_edit": row(LOGIN, 404, 404, 404, 200, 200),
    "themes:theme_publish": row(LOGIN, 404, 404, 404, 200, 200),
    "themes:signup_table": row(LOGIN, 404, 404, 404, 200, 200),
    "themes:signup_csv": row(LOGIN, 404, 404, 404, 200, 200),
    "themes:message_create": row(LOGIN, 404, 404, 404, 200, 200),
    "themes:materials": row(LOGIN, 404, 404, 404, 200, 200),
    "themes:material_delete": row(LOGIN, 404, 404, 404, 200, 200),
    "themes:report_overview": row(LOGIN, 404, 404, 404, 200, 200),
    "themes:send_reminders": row(LOGIN, 404, 404, 404, REDIRECT, REDIRECT),
    # events: `event` is Ballerup's, with a speaker; `feed` Ballerup's calendar feed
    "events:calendar": PUBLIC,
    "events:recordings": PUBLIC,
    "events:event_detail": PUBLIC,
    "events:event_ics": PUBLIC,
    "events:all_events_ics": PUBLIC,
    "events:library_events_ics": PUBLIC,
    "events:theme_events_ics": PUBLIC,
    "events:manage_events": MEMBERS,
    # staff change their library's events; coordinators see them and create national ones
    "events:event_create": row(LOGIN, 200, 404, 200, 403, 403),
    "events:event_edit": row(LOGIN, 200, 404, 200, 403, 403),
    "events:event_cancel": row(LOGIN, 200, 404, 200, 403, 403),  # GET: the confirmation
    "events:event_delete": row(LOGIN, 200, 404, 200, 403, 403),  # GET: the confirmation
    "events:event_participants": row(LOGIN, 200, 404, 200, 403, 403),
    "events:event_speakers": row(LOGIN, 200, 404, 200, 403, 403),
    "events:speaker_remove": row(LOGIN, REDIRECT, 404, REDIRECT, 403, 403),
    # the lead connects the library's website calendar
    "events:feeds": LEAD_ONLY,
    "events:feed_action": row(LOGIN, 403, 404, REDIRECT, REDIRECT, REDIRECT),
}

# URLs requested with POST (they refuse GET); everything else is requested with GET.
POST = {
    "libraries:member_action",
    "inspiration:adopt_example",
    "inspiration:share_initiative",
    "inspiration:submit_example",
    "inspiration:revise_example",
    "inspiration:review_decide",
    "themes:send_reminders",
    "inspiration:choose_cover",
    "actionplans:initiative_move",
    "actionplans:report_create",
    "events:speaker_remove",
    "events:feed_action",
}
POST_DATA = {"actionplans:report_create": {"year": "2024"}}

# path parameter -> how to fill it from the objects built by the `objects` fixture.
PARAMETERS = {
    "slug": lambda o: o.library.slug,
    "pk": lambda o: o.staff_membership.pk,  # POST "accept" on an active member: refused
    "action": lambda o: "accept",
    "number": lambda o: o.certification.number,
    "uuid": lambda o: o.plan.uuid,
    "plan_uuid": lambda o: o.plan.uuid,
    "path": lambda o: "logos/no-such-file.png",
    "library": lambda o: o.library.slug,
    "event_slug": lambda o: o.event.slug,
}
# url name -> {parameter: filler} where a parameter means something else in that URL.
URL_PARAMETERS = {
    "inspiration:example_detail": {"slug": lambda o: o.example.slug},
    "actionplans:initiative_edit": {"uuid": lambda o: o.initiative.uuid},
    "actionplans:initiative_delete": {"uuid": lambda o: o.initiative.uuid},
    "actionplans:initiative_move": {
        "uuid": lambda o: o.initiative.uuid,
        "direction": lambda o: "up",
    },
    "actionplans:version_detail": {"uuid": lambda o: o.approved_plan.uuid, "number": lambda o: 1},
    "actionplans:version_pdf": {"uuid": lambda o: o.approved_plan.uuid, "number": lambda o: 1},
    "actionplans:report_create": {"uuid": lambda o: o.approved_plan.uuid},
    "actionplans:report_detail": {"uuid": lambda o: o.report.uuid},
    "actionplans:report_submit": {"uuid": lambda o: o.report.uuid},
    "actionplans:report_photo": {
        "uuid": lambda o: o.report.uuid,
        "initiative": lambda o: o.report_entry.initiative.uuid,
    },
    "certification:plan_review": {"plan": lambda o: o.approved_plan.uuid, "number": lambda o: 1},
    "certification:report_review": {"uuid": lambda o: o.report.uuid},
    "libraries:member_decline": {"pk": lambda o: o.pending_membership.pk},
    "libraries:withdraw_request": {"slug": lambda o: o.pending_membership.library.slug},
    "inspiration:manage_example": {"slug": lambda o: o.draft_example.slug},
    "inspiration:edit_example": {"slug": lambda o: o.draft_example.slug},
    "inspiration:submit_example": {"slug": lambda o: o.draft_example.slug},
    "inspiration:delete_example": {"slug": lambda o: o.draft_example.slug},
    "inspiration:revise_example": {"slug": lambda o: o.example.slug},
    "inspiration:review_example": {"slug": lambda o: o.submitted_example.slug},
    "inspiration:review_edit": {"slug": lambda o: o.submitted_example.slug},
    "inspiration:review_decide": {
        "slug": lambda o: o.submitted_example.slug,
        "decision": lambda o: "approve",
    },
    "inspiration:adopt_example": {"slug": lambda o: o.example.slug},
    "inspiration:example_image": {
        "slug": lambda o: o.draft_example.slug,
        "image": lambda o: o.draft_image.uuid,
        "size": lambda o: "original",
    },
    "inspiration:choose_cover": {"slug": lambda o: o.example.slug},
    "inspiration:share_initiative": {"initiative": lambda o: o.initiative.uuid},
    "partners:edit_national_partner": {"slug": lambda o: o.national_partner.slug},
    "themes:theme_detail": {"slug": lambda o: o.theme.slug},
    "themes:theme_edit": {"slug": lambda o: o.theme.slug},
    "themes:theme_publish": {"slug": lambda o: o.theme.slug},
    "themes:signup": {"slug": lambda o: o.theme.slug},
    "themes:withdraw": {"slug": lambda o: o.past_theme.slug},
    "themes:report": {"slug": lambda o: o.past_theme.slug},
    "themes:signup_table": {"slug": lambda o: o.theme.slug},
    "themes:signup_csv": {"slug": lambda o: o.theme.slug},
    "themes:message_create": {"slug": lambda o: o.theme.slug},
    "themes:materials": {"slug": lambda o: o.theme.slug},
    "themes:material_file": {
        "slug": lambda o: o.past_theme.slug,
        "uuid": lambda o: o.material.uuid,
    },
    "themes:material_delete": {
        "slug": lambda o: o.past_theme.slug,
        "uuid": lambda o: o.material.uuid,
    },
    "themes:report_overview": {"slug": lambda o: o.past_theme.slug},
    "themes:send_reminders": {"slug": lambda o: o.past_theme.slug},
    "themes:impact_pdf": {"slug": lambda o: o.past_theme.slug},
    "themes:impact_csv": {"slug": lambda o: o.past_theme.slug},
    "themes:impact_json": {"slug": lambda o: o.past_theme.slug},
    "events:event_detail": {"slug": lambda o: o.event.slug},
    "events:event_ics": {"slug": lambda o: o.event.slug},
    "events:theme_events_ics": {"slug": lambda o: o.theme.slug},
    "events:speaker_remove": {"pk": lambda o: o.speaker.pk},
    "events:feed_action": {"pk": lambda o: o.feed.pk, "action": lambda o: "refresh"},
}

# Patterns left out, each by an explicit rule (they are someone else's tested contract):
EXCLUDED_NAMESPACES = {
    # Django's admin: its own login and is_staff check (tests/security checks that staff are
    # refused and operators let in).
    "admin",
}
EXCLUDED_MODULES = (
    # django-allauth (login, sign-up, e-mail, password, two-factor): allauth's own access
    # rules; our settings around it (passwords, sessions, MFA) are tested in tests/security.
    "allauth.",
)


@dataclass
class Route:
    key: str  # url name with namespaces, or the route itself if the pattern has no name
    name: str | None
    route: str
    parameters: tuple[str, ...]
    namespaces: tuple[str, ...]
    module: str


def walk(patterns, prefix="", namespaces=(), parameters=()):
    for pattern in patterns:
        found = tuple(pattern.pattern.regex.groupindex)
        if isinstance(pattern, URLResolver):
            inner = (*namespaces, pattern.namespace) if pattern.namespace else namespaces
            yield from walk(
                pattern.url_patterns, prefix + str(pattern.pattern), inner, parameters + found
            )
        elif isinstance(pattern, URLPattern):
            name = ":".join((*namespaces, pattern.name)) if pattern.name else None
            callback = getattr(pattern.callback, "view_class", pattern.callback)
            yield Route(
                key=name or prefix + str(pattern.pattern),
                name=name,
                route=prefix + str(pattern.pattern),
                parameters=parameters + found,
                namespaces=namespaces,
                module=callback.__module__ or "",
            )


def project_routes() -> list[Route]:
    routes = {}
    for route in walk(get_resolver().url_patterns):
        if set(route.namespaces) & EXCLUDED_NAMESPACES:
            continue
        if route.module.startswith(EXCLUDED_MODULES):
            continue
        routes.setdefault(route.key, route)  # i18n_patterns: one entry per pattern
    return list(routes.values())


def url_for(route: Route, objects) -> str:
    fillers = {**PARAMETERS, **URL_PARAMETERS.get(route.key, {})}
    missing = [p for p in route.parameters if p not in fillers]
    assert not missing, (
        f"{route.key} ({route.route}) has path parameters {missing} that PARAMETERS does not "
        "know how to fill; add them to PARAMETERS or URL_PARAMETERS"
    )
    kwargs = {p: str(fillers[p](objects)) for p in route.parameters}
    if route.name:
        return reverse(route.name, kwargs=kwargs)
    path = route.route.lstrip("^").rstrip("$")
    for parameter, value in kwargs.items():
        path = path.replace(f"(?P<{parameter}>.*)", value)
    return "/" + path


@pytest.fixture
def objects(library, lead, staff, outsider, coordinator, operator):
    """One of everything a URL can point at, all belonging to the library (Ballerup)."""
    from actionplans.models import ActionPlan, InitiativeProgress
    from libraries.models import Membership

    plan = factories.ActionPlanFactory(library=library)
    approved_plan = factories.ActionPlanFactory(
        library=library, status=ActionPlan.Status.APPROVED, period_start=2023, period_end=2025
    )
    version = factories.PlanVersionFactory(plan=approved_plan, decision="approved")
    version.pdf.save("version.pdf", ContentFile(b"%PDF-1.4 test"))  # rendered by the worker
    certification = factories.CertificationFactory(library=library, plan=approved_plan)
    certification.pdf.save("certificate.pdf", ContentFile(b"%PDF-1.4 test"))
    report = factories.ProgressReportFactory(plan=approved_plan, year=2025)
    report_entry = InitiativeProgress.objects.create(
        report=report, initiative=factories.InitiativeFactory(plan=approved_plan), status="running"
    )
    report_entry.photo.save("photo.png", ContentFile(b"not really a png"))
    event = factories.EventFactory(library=library)
    draft_example = factories.ExampleFactory(library=library, status="draft", approved_at=None)
    return SimpleNamespace(
        event=event,
        speaker=event.speakers.create(name="Ida Taler"),
        feed=factories.EventFeedFactory(library=library),
        library=library,
        staff_membership=Membership.objects.get(user=staff, library=library),
        # The outsider (lead of another library) asks to join Ballerup.
        pending_membership=factories.MembershipFactory(
            user=outsider, library=library, status=Membership.Status.PENDING
        ),
        plan=plan,
        initiative=factories.InitiativeFactory(plan=plan),
        approved_plan=approved_plan,
        version=version,
        report=report,
        report_entry=report_entry,
        certification=certification,
        example=factories.ExampleFactory(library=library),
        draft_example=draft_example,
        draft_image=factories.ExampleImageFactory(example=draft_example),
        submitted_example=factories.ExampleFactory(
            library=library, status="submitted", approved_at=None, submitted_at=timezone.now()
        ),
        **_theme_objects(library, lead),
        users={
            "anonymous": None,
            "staff": staff,
            "outsider": outsider,
            "lead": lead,
            "coordinator": coordinator,
            "operator": operator,
        },
    )


def _theme_objects(library, lead) -> dict:
    today = timezone.localdate()
    past_theme = factories.ThemeFactory(
        starts_on=today - datetime.timedelta(days=14),
        ends_on=today - datetime.timedelta(days=7),
        signup_deadline=today - datetime.timedelta(days=30),
    )
    factories.ThemeSignupFactory(theme=past_theme, library=library, contact=lead)
    return {
        "national_partner": factories.PartnerFactory(),
        "theme": factories.ThemeFactory(),
        "past_theme": past_theme,
        "material": factories.ThemeMaterialFactory(theme=past_theme, visibility="signed_up"),
    }


def outcome(response, login_url: str):
    if response.status_code in (301, 302, 303, 307, 308):
        location = response.headers["Location"]
        return LOGIN if location.split("?")[0] == login_url else REDIRECT
    return response.status_code


def test_every_url_pattern_has_a_decision_in_the_table():
    keys = {route.key for route in project_routes()}
    missing = sorted(keys - EXPECTED.keys())
    stale = sorted(EXPECTED.keys() - keys)
    assert not missing, (
        f"URL patterns without a row in EXPECTED (decide who may see them): {missing}"
    )
    assert not stale, f"rows in EXPECTED for URL patterns that no longer exist: {stale}"


def test_every_role_gets_what_the_table_says(client, objects):
    login_url = reverse("account_login")
    wrong = []
    for route in sorted(project_routes(), key=lambda r: r.key):
        if route.key not in EXPECTED:
            continue  # reported by the test above
        url = url_for(route, objects)
        for role in ROLES:
            client.logout()
            if objects.users[role] is not None:
                sign_in(client, objects.users[role])
            # Each request's changes are rolled back, so every role meets the same objects.
            with transaction.atomic():
                if route.key in POST:
                    response = client.post(url, POST_DATA.get(route.key, {}))
                else:
                    response = client.get(url)
                transaction.set_rollback(True)
            got = outcome(response, login_url)
            expected = EXPECTED[route.key][role]
            if got != expected:
                wrong.append(f"{route.key:32} {url:45} {role:12} expected {expected!s:9} got {got}")
    assert not wrong, "Access differs from the table:\n" + "\n".join(wrong)
