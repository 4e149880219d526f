"""This app's panel on the dashboard (/dashboard/).

`panel(user=..., memberships=[...])` returns None or a dict with "template" and its context.
It must run a fixed number of queries, whatever the number of libraries or plans.
"""


def panel(*, user, memberships):
    return None
