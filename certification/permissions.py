"""Who may do what in certification. Used by views, templates and tests alike."""

import rules

from libraries.permissions import is_coordinator, is_member

# Reviewing: coordinators only. Deciding is further refused (in services) to a coordinator who
# is an active member of the library, so nobody approves their own plan.
can_review = is_coordinator
can_download_certificate = is_member | is_coordinator

rules.add_perm("certification.review", can_review)
rules.add_perm("certification.download_certificate", can_download_certificate)
