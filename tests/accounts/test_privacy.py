"""Personal data: a signed-in user downloads what the portal holds about them and deletes
their account (memberships end, what they wrote stays, audit events keep a pseudonym, a last
lead must hand over first)."""

import json

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models
from django.template import Context, Template

from accounts.models import User
from accounts.services import pseudonym
from core.models import AuditEvent
from libraries import services as library_services
from libraries.models import Membership
from tests import factories

pytestmark = pytest.mark.django_db


def test_anonymous_visitors_are_sent_to_log_in(client):
    for path in ("/accounts/privacy/", "/accounts/privacy/export/", "/accounts/privacy/delete/"):
        response = client.get(path)
        assert response.status_code == 302 and "/accounts/login/" in response.headers["Location"]


def test_the_account_pages_link_to_my_data(login, staff):
    html = login(staff).get("/en/accounts/email/").content.decode()
    assert 'href="/en/accounts/privacy/"' in html
    html = login(staff).get("/en/accounts/privacy/").content.decode()
    assert 'href="/en/accounts/privacy/export/"' in html
    assert 'href="/en/accounts/privacy/delete/"' in html


def test_the_export_holds_what_the_portal_knows_about_me(login, staff, lead, library):
    plan = factories.ActionPlanFactory(library=library)
    factories.PlanVersionFactory(plan=plan, submitted_by=staff)
    response = login(staff).get("/accounts/privacy/export/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["account"]["email"] == staff.email
    assert data["account"]["name"] == staff.name
    assert data["email_addresses"][0]["email"] == staff.email
    assert data["memberships"] == [
        {
            "library": library.display_name,
            "role": "staff",
            "status": "active",
            "message": "",
            "requested_at": data["memberships"][0]["requested_at"],
            "decided_at": data["memberships"][0]["decided_at"],
        }
    ]
    linked = {(r["model"], r["relation"]) for r in data["records_linked_to_you"]}
    assert ("actionplans.planversion", "submitted_by") in linked
    assert lead.email not in response.content.decode()


def test_the_export_never_contains_a_two_factor_secret(login, coordinator):
    response = login(coordinator).get("/accounts/privacy/export/")
    data = json.loads(response.content)
    assert data["two_factor"][0]["type"] == "totp"
    assert factories.TOTP_SECRET not in response.content.decode()
    assert "secret" not in json.dumps(data["two_factor"])


def test_deleting_my_account_needs_my_password(login, staff):
    client = login(staff)
    response = client.post("/accounts/privacy/delete/", {"password": "wrong-password-123"})
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()
    assert User.objects.filter(pk=staff.pk).exists()


def test_deleting_my_account_ends_memberships_keeps_work_and_pseudonymises(
    login, staff, lead, library
):
    membership = Membership.objects.get(user=staff, library=library)
    library_services.set_role(membership=membership, role="lead", by=lead)  # names staff
    plan = factories.ActionPlanFactory(library=library)
    version = factories.PlanVersionFactory(plan=plan, submitted_by=staff)
    from core import audit

    audit.record(actor=staff, verb="plan.submitted", target=plan, library=library)
    label = pseudonym(staff)
    client = login(staff)
    response = client.post("/accounts/privacy/delete/", {"password": factories.PASSWORD})
    assert response.status_code == 302 and response.headers["Location"] == "/"

    assert not User.objects.filter(email=staff.email).exists()
    assert not Membership.objects.filter(pk=membership.pk).exists()
    version.refresh_from_db()
    assert version.submitted_by is None, "the plan version stays with the library"
    submitted = AuditEvent.objects.get(verb="plan.submitted")
    assert submitted.actor is None and submitted.actor_label == label
    assert label.startswith("former member #")
    role_changed = AuditEvent.objects.get(verb="membership.role_changed")
    assert role_changed.data["member"] == label
    assert AuditEvent.objects.filter(verb="membership.ended", library=library).exists()
    everything = json.dumps(list(AuditEvent.objects.values("actor_label", "data")))
    assert staff.email not in everything and staff.name not in everything
    assert client.get("/dashboard/").status_code == 302, "signed out"


def test_the_last_lead_must_hand_over_the_role_first(login, lead, staff, library):
    client = login(lead)
    page = client.get("/en/accounts/privacy/delete/").content.decode()
    assert "only lead of" in page and "Make another member lead first" in page
    response = client.post("/accounts/privacy/delete/", {"password": factories.PASSWORD})
    assert response.status_code == 200
    assert User.objects.filter(pk=lead.pk).exists()

    staff_membership = Membership.objects.get(user=staff, library=library)
    library_services.set_role(membership=staff_membership, role="lead", by=lead)
    response = client.post("/accounts/privacy/delete/", {"password": factories.PASSWORD})
    assert response.status_code == 302
    assert not User.objects.filter(pk=lead.pk).exists()


def test_work_for_a_library_survives_account_deletion_in_every_app():
    """Every foreign key to a user is SET_NULL (the work stays with the library), except the
    rows that are the person's own (memberships, e-mail addresses, authenticators, ...)."""
    personal = {
        "libraries.membership",
        "account.emailaddress",
        "mfa.authenticator",
        "admin.logentry",
        "usersessions.usersession",
    }
    wrong = []
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if (
                isinstance(field, models.ForeignKey)
                and field.related_model._meta.label == settings.AUTH_USER_MODEL
                and model._meta.label_lower not in personal
                and field.remote_field.on_delete is not models.SET_NULL
            ):
                wrong.append(f"{model._meta.label}.{field.name}")
    assert not wrong, f"these would delete or block a library's work with the account: {wrong}"


def test_former_members_are_shown_as_such():
    template = Template("{% load portal %}{{ author|person }}")
    assert template.render(Context({"author": None})) in ("former member", "tidligere medlem")
    user = factories.UserFactory.build(name="Lene Leder")
    assert template.render(Context({"author": user})) == "Lene Leder"
