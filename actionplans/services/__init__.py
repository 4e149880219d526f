"""State changes of action plans: the only code that writes ActionPlan, Initiative,
PlanVersion, ProgressReport and InitiativeProgress rows. Other apps call these functions.

One module per concern; this package re-exports their public functions, so callers write
`from actionplans import services` and `services.submit_plan(plan=..., by=...)`:

- checks: who may change a plan, and the optimistic-locking conflict (`EditConflict`)
- plans: start a plan (optionally copying the last approved one), edit its texts
- initiatives: add (also for ideas adopted from examples), edit, move, delete
- versions: submit a plan as an immutable version (snapshot: actionplans.snapshots), its PDF
- reports: progress reports
- decisions: a coordinator's decision applied to a version or a report (called by
  certification, which decides who may decide and what follows for the certification);
  `decisions.takes_effect_now` is the plan succession rule and `decisions.start_due_plans`
  makes upcoming plans current when their period starts (certification's daily run)

Every change checks who may make it, writes its audit event in the same transaction, and
e-mails or queues background work only once the transaction has committed. Edits are
optimistic: the caller passes the `lock_version` it read, and a save over someone else's newer
save is refused with `EditConflict` instead of silently overwriting it.

Services and tasks (the convention in every app): a task module imports its app's services at
the top and stays a thin wrapper (ids in); services import the task module lazily, inside the
function that queues, and queue with Celery's `task.delay_on_commit(id)`, so the worker never
reads uncommitted rows and the two modules do not import each other at load time.
"""

from actionplans.services.checks import EditConflict
from actionplans.services.decisions import (
    apply_report_decision,
    apply_version_decision,
    start_due_plans,
)
from actionplans.services.initiatives import (
    INITIATIVE_FIELDS,
    add_initiative,
    delete_initiative,
    move_initiative,
    update_initiative,
)
from actionplans.services.plans import PLAN_FIELDS, create_plan, update_plan
from actionplans.services.reports import (
    ENTRY_FIELDS,
    create_report,
    submit_report,
    update_report,
)
from actionplans.services.versions import (
    render_version_pdf,
    store_version_pdf,
    submit_plan,
    version_filename,
)

__all__ = [
    "ENTRY_FIELDS",
    "INITIATIVE_FIELDS",
    "PLAN_FIELDS",
    "EditConflict",
    "add_initiative",
    "apply_report_decision",
    "apply_version_decision",
    "create_plan",
    "create_report",
    "delete_initiative",
    "move_initiative",
    "render_version_pdf",
    "start_due_plans",
    "store_version_pdf",
    "submit_plan",
    "submit_report",
    "update_initiative",
    "update_plan",
    "update_report",
    "version_filename",
]
