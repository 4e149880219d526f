"""What the public sees: the reads of the portal's pages, one module per concern, re-exported
here (`from portal import selectors`):

- status: a library's public status (decided there and only there) and the lists built on it,
  also for the map and the badge
- front_page: figures, newest certifications and examples, top SDGs
- profile: one library's approved (and upcoming) plan and examples
- feed: the Atom feed's items
- open_data: the rows of /libraries.csv and /libraries.json
"""

from portal.selectors.feed import feed_certifications, feed_examples
from portal.selectors.front_page import (
    Figures,
    figures,
    newest_certifications,
    newest_examples,
    programme_texts,
    top_goals,
)
from portal.selectors.profile import approved_plan, library_examples, upcoming_plan
from portal.selectors.status import (
    PublicStatus,
    attach_goals,
    certified_cutoff,
    current_certification_subquery,
    goals_by_library,
    is_certified,
    library_has_goal,
    public_libraries,
    shows_certificate,
    status_by_municipality,
    status_counts,
    with_public_status,
)

__all__ = [
    "Figures",
    "PublicStatus",
    "approved_plan",
    "attach_goals",
    "certified_cutoff",
    "current_certification_subquery",
    "feed_certifications",
    "feed_examples",
    "figures",
    "goals_by_library",
    "is_certified",
    "library_examples",
    "library_has_goal",
    "newest_certifications",
    "newest_examples",
    "programme_texts",
    "public_libraries",
    "shows_certificate",
    "status_by_municipality",
    "status_counts",
    "top_goals",
    "upcoming_plan",
    "with_public_status",
]
