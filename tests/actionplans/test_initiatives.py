import io
import re

import pytest
from pypdf import PdfReader

from actionplans import services
from actionplans.models import Initiative
from core.models import AuditEvent
from tests import factories
from tests.actionplans.conftest import add_initiatives


def initiative_post(**overrides):
    data = {
        "area": "citizens",
        "title": "Byttemarked",
        "description": "Borgerne bytter ting.",
        "goals": ["12"],
        "targets": "",
        "years": ["2026"],
        "responsible": "Formidlingen",
        "partners": "Skoler\n\n  Foreninger  ",
        "indicator": "Antal besøgende",
        "status": "planned",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_it_adds_an_initiative_with_goals_targets_years_and_partners(login, staff, plan):
    data = initiative_post(goals=["12", "4"], targets="12.5, 4.7", years=["2026", "2027"])
    response = login(staff).post(f"/plans/{plan.uuid}/initiatives/new/", data)
    assert response.status_code == 302
    initiative = Initiative.objects.get(plan=plan)
    assert sorted(initiative.goals.values_list("number", flat=True)) == [4, 12]
    assert sorted(initiative.targets.values_list("code", flat=True)) == ["12.5", "4.7"]
    assert initiative.years == [2026, 2027]
    assert initiative.partners == ["Skoler", "Foreninger"]
    assert initiative.updated_by == staff
    assert AuditEvent.objects.filter(verb="initiative.created").count() == 1


@pytest.mark.django_db
def test_it_shows_the_17_goals_as_checkboxes_with_badges_in_a_fieldset(login, staff, plan):
    html = login(staff).get(f"/plans/{plan.uuid}/initiatives/new/?area=operations").content
    html = html.decode()
    assert html.count('name="goals"') == 17
    assert "<legend>SDG" in html or "<legend>Verdensmål" in html
    for number in (1, 12, 17):
        assert f'class="sdg-badge sdg-{number}"' in html
    assert '<option value="operations" selected>' in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("targets", "message"),
    [("12.5", "12.5"), ("99.9", "99.9"), ("12.5, 4.77", "4.77")],
)
def test_it_refuses_targets_that_do_not_exist_or_belong_to_another_goal(
    login, staff, plan, targets, message
):
    data = initiative_post(goals=["4"], targets=targets, title="Skal beholdes")
    response = login(staff).post(f"/plans/{plan.uuid}/initiatives/new/", data)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert 'value="Skal beholdes"' in html
    assert 'value="4" aria-invalid' not in html
    assert "checked" in html.split('value="4"')[1][:80] or 'value="4"' in html
    assert not Initiative.objects.exists()


@pytest.mark.django_db
def test_it_refuses_a_missing_title_and_keeps_the_rest(login, staff, plan):
    data = initiative_post(title="", description="Æblemost & øl")
    response = login(staff).post(f"/plans/{plan.uuid}/initiatives/new/", data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Æblemost &amp; øl" in html
    assert 'aria-invalid="true"' in html


@pytest.mark.django_db
def test_it_moves_initiatives_up_and_down_within_their_area(login, staff, plan):
    first, second, third = (
        factories.InitiativeFactory(plan=plan, area="operations", order=n) for n in range(3)
    )
    client = login(staff)
    assert client.post(f"/plans/initiatives/{third.uuid}/move/up/").status_code == 302
    order = list(
        Initiative.objects.filter(plan=plan).order_by("order").values_list("pk", flat=True)
    )
    assert order == [first.pk, third.pk, second.pk]
    client.post(f"/plans/initiatives/{first.uuid}/move/up/")  # already first: nothing happens
    client.post(f"/plans/initiatives/{first.uuid}/move/down/")
    order = list(
        Initiative.objects.filter(plan=plan).order_by("order").values_list("pk", flat=True)
    )
    assert order == [third.pk, first.pk, second.pk]
    assert client.get(f"/plans/initiatives/{first.uuid}/move/down/").status_code == 405
    assert AuditEvent.objects.filter(verb="initiative.moved").count() == 2


@pytest.mark.django_db
def test_it_deletes_an_initiative_after_confirmation(login, staff, complete_plan):
    initiative = complete_plan.initiatives.first()
    client = login(staff)
    page = client.get(f"/plans/initiatives/{initiative.uuid}/delete/")
    assert page.status_code == 200 and initiative.title in page.content.decode()
    assert Initiative.objects.filter(pk=initiative.pk).exists()
    assert client.post(f"/plans/initiatives/{initiative.uuid}/delete/").status_code == 302
    assert not Initiative.objects.filter(pk=initiative.pk).exists()
    assert AuditEvent.objects.filter(verb="initiative.deleted").count() == 1


@pytest.mark.django_db
def test_it_refuses_the_second_of_two_concurrent_edits(login, lead, staff, plan):
    initiative = factories.InitiativeFactory(plan=plan, title="Oprindelig")
    loaded = initiative.lock_version
    # The lead saves first.
    services.update_initiative(
        initiative=initiative,
        by=lead,
        lock_version=loaded,
        data={"title": "Ledelsens titel", "indicator": "Ledelsens mål"},
    )
    # The staff member saves what they loaded before.
    data = initiative_post(title="Min titel", indicator="Mit mål", lock_version=str(loaded))
    response = login(staff).post(f"/plans/initiatives/{initiative.uuid}/edit/", data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ledelsens titel" in html and "Ledelsens mål" in html  # the saved version
    assert 'value="Min titel"' in html and "Mit mål" in html  # theirs, kept in the form
    initiative.refresh_from_db()
    assert initiative.title == "Ledelsens titel"
    assert initiative.lock_version == loaded + 1


@pytest.mark.django_db
def test_it_refuses_a_stale_save_in_the_service(lead, plan):
    initiative = factories.InitiativeFactory(plan=plan)
    services.update_initiative(initiative=initiative, by=lead, lock_version=0, data={"title": "A"})
    with pytest.raises(services.EditConflict) as conflict:
        services.update_initiative(
            initiative=initiative, by=lead, lock_version=0, data={"title": "B"}
        )
    assert conflict.value.current.title == "A"


@pytest.mark.django_db
def test_the_plan_page_runs_the_same_queries_for_3_and_60_initiatives(
    login, staff, plan, django_assert_num_queries
):
    client = login(staff)
    add_initiatives(plan, count_per_area=1)
    client.get(f"/plans/{plan.uuid}/")  # warm up session and caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert client.get(f"/plans/{plan.uuid}/").status_code == 200
    add_initiatives(plan, count_per_area=19, goals=[3, 12, 13])
    assert plan.initiatives.count() == 60
    with django_assert_num_queries(len(small.captured_queries)):
        assert client.get(f"/plans/{plan.uuid}/").status_code == 200


LONG = ("Æbler, øl & åer: <script>alert('x')</script> \"citat\" 'enkelt' " * 90)[:5000]
SCRIPT = "<script>alert('x')</script>"


@pytest.mark.django_db
def test_a_heavy_initiative_renders_escaped_and_intact_on_the_page_and_in_the_pdf(
    login, lead, complete_plan, django_capture_on_commit_callbacks
):
    heavy = factories.InitiativeFactory(
        plan=complete_plan,
        area="citizens",
        title="Tung <b>indsats</b> & “Ærø”",
        description=LONG,
        goals=list(range(1, 18)),
    )
    assert len(LONG) == 5000
    html = login(lead).get(f"/plans/{complete_plan.uuid}/").content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert "Tung &lt;b&gt;indsats&lt;/b&gt; &amp; “Ærø”" in html
    article = html.split(f'id="initiative-{heavy.uuid}"')[1].split("</article>")[0]
    for number in range(1, 18):
        assert f"sdg-badge sdg-{number} " in article
    escaped = "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;"
    assert article.count(escaped) == LONG.count(SCRIPT)

    with django_capture_on_commit_callbacks(execute=True):
        version = services.submit_plan(plan=complete_plan, by=lead)
    version.refresh_from_db()
    item = next(i for i in version.snapshot["initiatives"] if i["uuid"] == str(heavy.uuid))
    assert item["description"] == LONG and item["goals"] == list(range(1, 18))
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(version.pdf.read())).pages)
    flat = "".join(text.split())
    assert "Tung<b>indsats</b>&“Ærø”" in flat
    assert flat.count(SCRIPT) == LONG.count(SCRIPT)
    expected = "".join(LONG.split())
    flat = re.sub(r"\d+/\d+", "", flat)  # the page footers ("3/4") between pages
    assert expected in flat  # every character, in order (spacing aside)
