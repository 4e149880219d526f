"""The one way certification tells a library something: an e-mail to its members (or leads),
sent once the transaction commits, with the library and the programme's contact address."""

from django.conf import settings

from core.emails import send_email_on_commit
from libraries.models import Membership


def tell_library(library, template: str, *, leads_only: bool = False, **context) -> None:
    """E-mail `certification/emails/<template>` to the library's active members (leads only
    with `leads_only`) after commit."""
    memberships = Membership.objects.leads() if leads_only else Membership.objects.active()
    send_email_on_commit(
        users=memberships.of_library(library).users(),
        template_prefix=f"certification/emails/{template}",
        context={"library": library, "CONTACT": settings.CONTACT_EMAIL, **context},
    )
