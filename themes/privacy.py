"""What themes hold about a person: the sign-ups they are a contact person of (the accounts
app's personal-data export includes it). Deleting the account leaves the library's sign-up
without that contact (SET_NULL)."""

from django.db.models import Q

from accounts import privacy
from themes.models import ThemeSignup


def export(user) -> list[dict]:
    signups = (
        ThemeSignup.objects.filter(Q(contact=user) | Q(second_contact=user))
        .select_related("theme", "library__municipality")
        .order_by("signed_up_at", "pk")
    )
    return [
        {
            "theme": signup.theme.title,
            "library": signup.library.display_name,
            "role": "contact" if signup.contact_id == user.pk else "second_contact",
            "signed_up_at": signup.signed_up_at.isoformat(),
            "withdrawn_at": signup.withdrawn_at.isoformat() if signup.withdrawn_at else None,
        }
        for signup in signups
    ]


privacy.register(privacy.PersonalDataProvider(key="theme_contacts", export=export))
