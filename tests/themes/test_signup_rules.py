"""Who may sign a library up, change and withdraw it, and when (deadline)."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from core.models import AuditEvent
from partners.models import Partner
from tests import factories
from themes import services
from themes.models import Theme, ThemeSignup

pytestmark = pytest.mark.django_db


def signup_url(theme, library):
    return f"/themes/{theme.slug}/signup/{library.slug}/"


def test_a_lead_signs_the_library_up_and_the_contact_gets_an_email(
    login, theme, library, lead, staff, django_capture_on_commit_callbacks
):
    client = login(lead)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            signup_url(theme, library),
            {"contact": staff.pk, "second_contact": lead.pk, "note": "Klimacafé hver dag"},
        )
    assert response.status_code == 302
    signup = ThemeSignup.objects.get(theme=theme, library=library)
    assert (signup.contact, signup.second_contact, signup.signed_up_by) == (staff, lead, lead)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([staff.email, lead.email])
    assert "UGE17 2027" in mail.outbox[0].subject
    event = AuditEvent.objects.get(verb="theme.signed_up")
    assert event.library == library and event.actor == lead


def test_staff_may_sign_up_too(theme, library, staff):
    signup = services.sign_up(theme=theme, library=library, by=staff, contact=staff)
    assert signup.is_active


def test_staff_of_another_library_may_not(login, theme, library, outsider, staff):
    assert login(outsider).get(signup_url(theme, library)).status_code == 404
    with pytest.raises(PermissionDenied):
        services.sign_up(theme=theme, library=library, by=outsider, contact=staff)


def test_the_contact_must_be_a_member_of_the_library(theme, library, lead, outsider):
    with pytest.raises(ValidationError) as error:
        services.sign_up(theme=theme, library=library, by=lead, contact=outsider)
    assert "contact" in error.value.message_dict


def test_the_second_contact_must_be_another_member(theme, library, lead):
    with pytest.raises(ValidationError) as error:
        services.sign_up(theme=theme, library=library, by=lead, contact=lead, second_contact=lead)
    assert "second_contact" in error.value.message_dict


def test_a_form_error_keeps_what_was_typed(login, theme, library, lead):
    response = login(lead).post(signup_url(theme, library), {"note": "Vores plan <b>her</b>"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Vores plan &lt;b&gt;her&lt;/b&gt;" in html
    assert 'class="error-message"' in html


def test_members_change_and_withdraw_until_the_deadline(theme, library, lead, staff):
    services.sign_up(theme=theme, library=library, by=lead, contact=lead)
    changed = services.sign_up(theme=theme, library=library, by=staff, contact=staff, note="Ny")
    assert changed.contact == staff and changed.lock_version == 1
    services.withdraw(signup=changed, by=staff)
    changed.refresh_from_db()
    assert not changed.is_active
    again = services.sign_up(theme=theme, library=library, by=lead, contact=lead)
    assert again.pk == changed.pk and again.is_active
    verbs = list(AuditEvent.objects.order_by("pk").values_list("verb", flat=True))
    assert verbs == [
        "theme.signed_up",
        "theme.signup_changed",
        "theme.withdrawn",
        "theme.signed_up",
    ]


def test_after_the_deadline_only_a_coordinator_changes_or_withdraws(
    login, closed_theme, library, lead, coordinator
):
    signup = factories.ThemeSignupFactory(theme=closed_theme, library=library, contact=lead)
    assert login(lead).get(signup_url(closed_theme, library)).status_code == 403
    with pytest.raises(PermissionDenied):
        services.sign_up(theme=closed_theme, library=library, by=lead, contact=lead, note="x")
    with pytest.raises(PermissionDenied):
        services.withdraw(signup=signup, by=lead)
    services.sign_up(theme=closed_theme, library=library, by=coordinator, contact=lead, note="y")
    services.withdraw(signup=signup, by=coordinator)
    signup.refresh_from_db()
    assert signup.note == "y" and not signup.is_active


def test_withdrawing_asks_first(login, theme, library, lead):
    services.sign_up(theme=theme, library=library, by=lead, contact=lead)
    client = login(lead)
    response = client.get(f"{signup_url(theme, library)}withdraw/")
    assert response.status_code == 200
    assert ThemeSignup.objects.active().filter(library=library).exists()
    client.post(f"{signup_url(theme, library)}withdraw/")
    assert not ThemeSignup.objects.active().filter(library=library).exists()


def test_nobody_signs_up_for_a_draft(login, library, lead):
    draft = factories.ThemeFactory(status=Theme.Status.DRAFT, published_at=None)
    assert login(lead).get(signup_url(draft, library)).status_code == 404
    with pytest.raises(ValidationError):
        services.sign_up(theme=draft, library=library, by=lead, contact=lead)


def test_a_new_local_partner_with_a_known_name_is_picked_not_added_again(
    login, theme, library, lead
):
    concito = factories.PartnerFactory(
        name="CONCITO", scope=Partner.Scope.LOCAL, municipality=library.municipality
    )
    response = login(lead).post(
        signup_url(theme, library),
        {"contact": lead.pk, "new_partner_name": " Concito. ", "new_partner_kind": "ngo"},
    )
    assert response.status_code == 302
    signup = ThemeSignup.objects.get(theme=theme, library=library)
    assert list(signup.local_partners.all()) == [concito]
    assert Partner.objects.filter(normalised_name="concito").count() == 1


def test_a_new_local_partner_is_added_for_the_library_s_municipality(login, theme, library, lead):
    login(lead).post(
        signup_url(theme, library),
        {
            "contact": lead.pk,
            "new_partner_name": "Ballerup Naturskole",
            "new_partner_kind": "school",
        },
    )
    partner = Partner.objects.get(name="Ballerup Naturskole")
    assert partner.scope == "local" and partner.municipality == library.municipality
    assert list(ThemeSignup.objects.get(library=library).local_partners.all()) == [partner]
