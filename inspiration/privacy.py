"""The inspiration app's part of personal data (accounts.privacy): examples that name a person
as their contact (e.g. made with "share as example", which copies the sharer's name and
e-mail). Deleting the account replaces that contact with the library's own."""

from accounts import privacy
from inspiration import services


def export(user) -> list[dict]:
    return [
        {
            "example": example.title,
            "library": example.library.display_name if example.library else None,
            "contact_name": example.contact_name,
            "contact_email": example.contact_email,
            "shown_publicly": example.show_contact,
        }
        for example in services.examples_with_contact(user).order_by("pk")
    ]


def forget(user, pseudonym: str) -> None:
    services.forget_contact(user=user)


privacy.register(privacy.PersonalDataProvider(key="example_contacts", export=export, forget=forget))
