"""The certificate PDF: a pure function from a certification to PDF bytes, and the worker's
step that stores it."""

from django.conf import settings
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone, translation

from actionplans.models import ActionPlan, Goal
from certification.models import Certification


def verify_url(number: str) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return settings.SITE_URL + reverse("certification:verify", kwargs={"number": number})


def plan_goals(plan: ActionPlan) -> list[Goal]:
    return list(Goal.objects.filter(initiatives__plan=plan).distinct().order_by("number"))


def certificate_context(certification: Certification) -> dict:
    import segno

    from certification import certificate

    url = verify_url(certification.number)
    qr = segno.make(url, error="m")
    return {
        "certification": certification,
        "library": certification.library,
        "goals": plan_goals(certification.plan),
        "verify_url": url,
        "qr_data_uri": qr.svg_data_uri(scale=4, border=2),
        "PROGRAMME_NAME": settings.PROGRAMME_NAME,
        "issuer": certificate.issuer(),
        "signatory": certificate.signatory(certification),
    }


def render_certificate_pdf(certification: Certification) -> bytes:
    from core.pdf import render_pdf

    with translation.override(settings.LANGUAGE_CODE):
        return render_pdf("certification/certificate_pdf.html", certificate_context(certification))


def render_certificate(certification_id: int) -> Certification | None:
    """Render and store one certification's certificate (called by the worker)."""
    certification = (
        Certification.objects.select_related("library__municipality", "plan")
        .filter(pk=certification_id)
        .first()
    )
    if certification is None:
        return None
    content = render_certificate_pdf(certification)
    old_name = certification.pdf.name
    certification.pdf.save(f"{certification.number}.pdf", ContentFile(content), save=False)
    certification.pdf_generated_at = timezone.now()
    Certification.objects.filter(pk=certification.pk).update(
        pdf=certification.pdf.name, pdf_generated_at=certification.pdf_generated_at
    )
    if old_name and old_name != certification.pdf.name:
        certification.pdf.storage.delete(old_name)
    return certification
