"""The whole journey: create a plan, fill it in, submit it, and read version 1 as a PDF."""

import io

import pytest
from pypdf import PdfReader

from actionplans.models import ActionPlan, Initiative, PlanVersion
from core.models import AuditEvent


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.mark.django_db
def test_it_goes_from_a_new_plan_to_a_submitted_version_with_a_pdf(
    login, lead, staff, coordinator, library, mailoutbox, django_capture_on_commit_callbacks
):
    client = login(staff)
    response = client.post(
        f"/plans/{library.slug}/new/",
        {
            "period_start": "2027",
            "period_end": "",
            "vision": "Vi vil være kommunens grønne mødested.",
            "principles": "Vi genbruger før vi køber\n\nVi inddrager borgerne\n",
            "responsible": "Bibliotekschefen",
            "sdg_coordinator": "Mette",
            "staff_involvement": "Workshops for alle",
        },
    )
    assert response.status_code == 302
    plan = ActionPlan.objects.get(library=library)
    assert (plan.period_start, plan.period_end) == (2027, 2029)
    assert plan.principles == ["Vi genbruger før vi køber", "Vi inddrager borgerne"]

    titles = {
        "organisation": "Verdensmålsdogmer for personalet",
        "operations": "Delecykler til personalet",
        "citizens": "Byttemarked i foyeren",
    }
    for area, title in titles.items():
        response = client.post(
            f"/plans/{plan.uuid}/initiatives/new/",
            {
                "area": area,
                "title": title,
                "description": "Beskrivelse",
                "goals": ["12", "13"],
                "targets": "12.5",
                "years": ["2027", "2028"],
                "responsible": "Team grøn",
                "partners": "Skoler\nForeninger",
                "indicator": "Antal deltagere",
                "status": "planned",
            },
        )
        assert response.status_code == 302, response.content.decode()
    page = client.get(f"/plans/{plan.uuid}/").content.decode()
    assert "6 af 6" in page or "6 of 6" in page

    assert client.post(f"/plans/{plan.uuid}/submit/").status_code == 403  # staff cannot

    client = login(lead)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/plans/{plan.uuid}/submit/")
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == ActionPlan.Status.SUBMITTED
    version = PlanVersion.objects.get(plan=plan)
    assert version.number == 1
    assert [i["title"] for i in version.snapshot["initiatives"]] == list(titles.values())
    assert version.pdf  # rendered by the task queued on commit
    text = pdf_text(version.pdf.read())
    for title in titles.values():
        assert title in text
    assert [m.to for m in mailoutbox] == [[coordinator.email]]
    assert AuditEvent.objects.filter(verb="plan.submitted").exists()

    # The plan is locked now.
    initiative = Initiative.objects.filter(plan=plan).first()
    assert client.get(f"/plans/{plan.uuid}/edit/").status_code == 403
    assert client.get(f"/plans/initiatives/{initiative.uuid}/edit/").status_code == 403
    response = client.get(f"/plans/{plan.uuid}/versions/1/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
