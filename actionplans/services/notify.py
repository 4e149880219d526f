"""The one way action plans tell the coordinators something: an e-mail after commit."""

from accounts.models import User
from core.emails import send_email_on_commit


def tell_coordinators(template: str, **context) -> None:
    """E-mail `actionplans/emails/<template>` to every coordinator once the transaction commits."""
    send_email_on_commit(
        users=User.objects.coordinators(),
        template_prefix=f"actionplans/emails/{template}",
        context=context,
    )
