"""Who a certificate names besides the library: the issuer and the coordinator who signs it.

The issuer is the programme's organisation, an editable programme text (core.ProgrammeText,
key ISSUER: its title is the organisation's name, its body one line about it, its logo heads
the certificate). The signatory is the coordinator who approved the plan the certification
rests on, with the job title from their profile.
"""

from dataclasses import dataclass

from django.conf import settings

from actionplans.models import Decision, PlanVersion
from core.models import ProgrammeText


@dataclass(frozen=True)
class Issuer:
    name: str
    description: str
    logo_url: str  # a /media/ path the PDF renderer reads from storage, or ""


@dataclass(frozen=True)
class Signatory:
    name: str
    job_title: str


def issuer() -> Issuer:
    text = ProgrammeText.objects.filter(key=ProgrammeText.Key.ISSUER).first()
    if text is None:  # the data migration creates it; a deleted row must not stop a render
        return Issuer(name=settings.PROGRAMME_NAME, description="", logo_url="")
    return Issuer(
        name=text.title,
        description=text.body.strip(),
        logo_url=settings.MEDIA_URL + text.logo.name if text.logo else "",
    )


def signatory(certification) -> Signatory | None:
    """The coordinator who approved the certified plan (None once their account is deleted)."""
    version = (
        PlanVersion.objects.filter(plan_id=certification.plan_id, decision=Decision.APPROVED)
        .select_related("decided_by")
        .order_by("-number")
        .first()
    )
    if version is None or version.decided_by is None:
        return None
    user = version.decided_by
    return Signatory(name=user.name or user.email, job_title=user.job_title)
