"""The certification app's part of personal data (accounts.privacy): the certificates that
name a coordinator as their signatory. Deleting the account renders them again without it."""

from accounts import privacy
from certification import services


def export(user) -> list[dict]:
    return [
        {"certificate": certification.number, "library": str(certification.library)}
        for certification in services.certifications_signed_by(user)
        .select_related("library__municipality")
        .order_by("number")
    ]


def forget(user, pseudonym: str) -> None:
    services.rerender_certificates_signed_by(user=user)


privacy.register(
    privacy.PersonalDataProvider(key="certificates_signed", export=export, forget=forget)
)
