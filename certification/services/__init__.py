"""State changes of certification: coordinators' decisions and the life of a certification.

One module per concern; this package re-exports their public functions
(`from certification import services`):

- decisions: one function per review outcome (a plan approved, changes asked for, rejected; a
  report accepted, changes asked for); actionplans' services apply the decision to the plan
- certifications: issue, continue, extend, revoke; certificate numbers
- certificate_pdf: the certificate as PDF bytes, stored by the worker
- daily: expiry and report reminders (the daily beat task)
- notify: `tell_library`, the one way the library is told (e-mail after commit)

Every state change writes its audit event in the same transaction; e-mails go out and the
certificate PDF is queued only after the transaction commits. Services and tasks follow the
convention in actionplans/services/__init__.py (tasks import services at the top; services
import tasks lazily and queue with `delay_on_commit`).
"""

from certification.services.certificate_pdf import (
    certificate_context,
    render_certificate,
    render_certificate_pdf,
    verify_url,
)
from certification.services.certifications import (
    add_months,
    certifications_signed_by,
    extend_certification,
    issue_or_continue_certification,
    new_certificate_number,
    rerender_certificates_signed_by,
    revoke_certification,
)
from certification.services.daily import expire_lapsed, run_daily, send_report_reminders
from certification.services.decisions import (
    PLAN_DECISIONS,
    REPORT_DECISIONS,
    decide_plan_version,
    decide_report,
)

__all__ = [
    "PLAN_DECISIONS",
    "REPORT_DECISIONS",
    "add_months",
    "certificate_context",
    "certifications_signed_by",
    "decide_plan_version",
    "decide_report",
    "expire_lapsed",
    "extend_certification",
    "issue_or_continue_certification",
    "new_certificate_number",
    "render_certificate",
    "render_certificate_pdf",
    "rerender_certificates_signed_by",
    "revoke_certification",
    "run_daily",
    "send_report_reminders",
    "verify_url",
]
