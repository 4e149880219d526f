import pytest

pytestmark = pytest.mark.django_db


def test_coordinators_edit_programme_texts_in_the_admin(login, coordinator):
    client = login(coordinator)
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/core/programmetext/").status_code == 200


def test_staff_of_a_library_do_not_get_into_the_admin(login, staff):
    response = login(staff).get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_the_operator_can_open_every_admin_list(login, operator, library, lead):
    from django.contrib import admin

    from tests import factories

    factories.CertificationFactory(library=library)
    factories.ExampleFactory(library=library)
    client = login(operator)
    for model in admin.site._registry:
        url = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        assert client.get(url).status_code == 200, url


# --- Admin edits keep the portal's rules (issue 12, item 9) ----------------------------------


def _change_form_data(response) -> dict:
    """The POST data the admin change page would send back unchanged."""
    data = {}
    form = response.context["adminform"].form
    for name in form.fields:
        value = form[name].value()
        if value is None:
            continue
        if isinstance(value, list | tuple):
            data[name] = [str(v) for v in value]
        else:
            data[name] = value.isoformat() if hasattr(value, "isoformat") else value
    for formset in response.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        for name in management.fields:
            data[f"{management.prefix}-{name}"] = management[name].value()
    return data


def test_editing_a_library_in_the_admin_is_audited_like_the_profile_page(login, operator, library):
    from core.models import AuditEvent

    client = login(operator)
    url = f"/admin/libraries/library/{library.pk}/change/"
    data = _change_form_data(client.get(url))
    data["name"] = "Ballerup Bibliotekerne (rettet)"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    library.refresh_from_db()
    assert library.name == "Ballerup Bibliotekerne (rettet)"
    event = AuditEvent.objects.get(verb="library.profile_updated")
    assert event.actor == operator and event.library == library
    assert event.data["fields"] == ["name"]


def test_the_admin_does_not_take_library_logos(login, operator, library):
    response = login(operator).get(f"/admin/libraries/library/{library.pk}/change/")
    assert "logo" not in response.context["adminform"].form.fields


def _admin_urls(obj) -> tuple[str, str]:
    base = f"/admin/{obj._meta.app_label}/{obj._meta.model_name}/{obj.pk}"
    return f"{base}/change/", f"{base}/delete/"


@pytest.fixture
def programme_rows(library, lead):
    from actionplans.models import ActionPlan
    from libraries.models import Membership
    from tests import factories

    plan = factories.ActionPlanFactory(library=library, status=ActionPlan.Status.APPROVED)
    return {
        "plan": plan,
        "initiative": factories.InitiativeFactory(plan=plan),
        "report": factories.ProgressReportFactory(plan=plan, year=2026),
        "version": factories.PlanVersionFactory(plan=plan),
        "certification": factories.CertificationFactory(library=library, plan=plan),
        "example": factories.ExampleFactory(library=library),
        "membership": Membership.objects.get(user=lead, library=library),
    }


@pytest.mark.parametrize(
    "name", ["plan", "initiative", "report", "version", "certification", "example", "membership"]
)
def test_plans_reports_certifications_examples_and_members_are_read_only_in_the_admin(
    login, operator, programme_rows, name
):
    """They change only through the portal's pages, which keep the audit log and the rules."""
    from core.models import AuditEvent

    obj = programme_rows[name]
    change, delete = _admin_urls(obj)
    client = login(operator)
    page = client.get(change)
    assert page.status_code == 200  # the operator can look
    assert 'name="_save"' not in page.content.decode()
    assert client.post(change, {"title": "Ændret", "status": "draft"}).status_code == 403
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert type(obj).objects.filter(pk=obj.pk).exists()
    before = {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}
    obj.refresh_from_db()
    assert before == {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}
    assert not AuditEvent.objects.exists()


def test_nothing_of_a_plan_can_be_added_in_the_admin(login, operator):
    client = login(operator)
    for url in (
        "/admin/actionplans/actionplan/add/",
        "/admin/inspiration/example/add/",
        "/admin/certification/certification/add/",
        "/admin/libraries/membership/add/",
    ):
        assert client.get(url).status_code == 403, url


def _issuer_form(**changes):
    data = {
        "title_da": "Chora 2030",
        "body_da": "Verdensmålscertificering af biblioteker",
        "title_en": "Chora 2030",
        "body_en": "The SDG certification of libraries",
    }
    data.update(changes)
    return data


def test_coordinators_upload_the_issuers_logo_and_only_an_image_is_taken(
    login, coordinator, tmp_path, settings
):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from core.models import ProgrammeText

    settings.MEDIA_ROOT = tmp_path
    issuer = ProgrammeText.objects.get(key=ProgrammeText.Key.ISSUER)
    url = f"/admin/core/programmetext/{issuer.pk}/change/"
    client = login(coordinator)
    assert 'name="logo"' in client.get(url).content.decode()
    not_an_image = SimpleUploadedFile("logo.png", b"<svg onload=alert(1)>", "image/png")
    response = client.post(url, _issuer_form(logo=not_an_image))
    assert response.status_code == 200  # the form again, with the error
    issuer.refresh_from_db()
    assert not issuer.logo
    buffer = io.BytesIO()
    Image.new("RGB", (300, 100), "#00446e").save(buffer, format="PNG")
    logo = SimpleUploadedFile("chora.png", buffer.getvalue(), "image/png")
    assert client.post(url, _issuer_form(logo=logo)).status_code == 302
    issuer.refresh_from_db()
    assert issuer.logo.name.startswith("programme/") and issuer.logo.name.endswith(".png")


def test_only_the_issuer_text_has_a_logo_field(login, coordinator):
    from core.models import ProgrammeText

    intro = ProgrammeText.objects.get(key=ProgrammeText.Key.INTRO)
    html = login(coordinator).get(f"/admin/core/programmetext/{intro.pk}/change/").content
    assert b'name="logo"' not in html
