import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django_cleanup import cleanup

from core.files import RandomName, private_storage
from core.uploads import uuid_upload_to


class Area(models.TextChoices):
    """The three areas every plan covers."""

    ORGANISATION = "organisation", _("Organisation")
    OPERATIONS = "operations", _("Operations")
    CITIZENS = "citizens", _("Citizen-facing work")


class GoalQuerySet(models.QuerySet):
    def by_number(self) -> dict[int, "Goal"]:
        """{number: goal} for looking goals up in lists of numbers (one query)."""
        return {goal.number: goal for goal in self.order_by("number")}


class Goal(models.Model):
    """One of the 17 UN Sustainable Development Goals (reference data)."""

    number = models.PositiveSmallIntegerField(_("number"), primary_key=True)
    colour = models.CharField(_("colour"), max_length=7)
    name_da = models.CharField(_("name (Danish)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    name_nb = models.CharField(_("name (Norwegian)"), max_length=100)
    title_en = models.CharField(_("full title (English)"), max_length=300)
    title_nb = models.CharField(_("full title (Norwegian)"), max_length=300)

    objects = GoalQuerySet.as_manager()

    class Meta:
        ordering = ["number"]
        verbose_name = _("SDG")
        verbose_name_plural = _("SDGs")

    def __str__(self):
        return f"{self.number}. {self.name}"

    @property
    def name(self) -> str:
        return self.name_en if get_language() == "en" else self.name_da


class Target(models.Model):
    """An SDG target such as 12.5 (reference data; English titles only)."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="targets")
    code = models.CharField(_("code"), max_length=8, unique=True)
    title_en = models.TextField(_("title (English)"))
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["goal", "position"]
        verbose_name = _("SDG target")
        verbose_name_plural = _("SDG targets")

    def __str__(self):
        return self.code


class ActionPlan(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        APPROVED = "approved", _("Approved")
        # Approved for a later period while the running plan stays current until it starts
        # (actionplans.services.decisions.takes_effect_now).
        UPCOMING = "upcoming", _("Approved, upcoming")
        REJECTED = "rejected", _("Rejected")
        SUPERSEDED = "superseded", _("Superseded")

    OPEN_STATUSES = (Status.DRAFT, Status.SUBMITTED, Status.CHANGES_REQUESTED)
    EDITABLE_STATUSES = (Status.DRAFT, Status.CHANGES_REQUESTED)

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    library = models.ForeignKey(
        "libraries.Library",
        on_delete=models.CASCADE,
        related_name="plans",
        verbose_name=_("library"),
    )
    period_start = models.PositiveSmallIntegerField(_("first year"))
    period_end = models.PositiveSmallIntegerField(_("last year"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    vision = models.TextField(_("vision"), blank=True)
    principles = models.JSONField(_("principles"), default=list, blank=True)
    responsible = models.CharField(_("responsible in management"), max_length=200, blank=True)
    sdg_coordinator = models.CharField(_("SDG coordinator"), max_length=200, blank=True)
    staff_involvement = models.TextField(_("staff involvement"), blank=True)
    agreed_requirements = models.TextField(_("individually agreed requirements"), blank=True)
    copied_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="copies"
    )
    lock_version = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["library", "-period_start"]
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")
        constraints = [
            models.UniqueConstraint(
                fields=["library"],
                condition=Q(status__in=["draft", "submitted", "changes_requested"]),
                name="one_open_plan_per_library",
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")), name="plan_period_in_order"
            ),
        ]

    def __str__(self):
        return f"{self.library} {self.period_start}–{self.period_end}"

    @property
    def years(self) -> list[int]:
        return list(range(self.period_start, self.period_end + 1))

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE_STATUSES


class InitiativeQuerySet(models.QuerySet):
    def of_approved_plans(self):
        """Initiatives of approved plans: the ones the public pages and the statistics show."""
        return self.filter(plan__status=ActionPlan.Status.APPROVED)


class Initiative(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        RUNNING = "running", _("Running")
        DONE = "done", pgettext_lazy("initiative status", "Done")
        DROPPED = "dropped", _("Dropped")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="initiatives")
    area = models.CharField(_("area"), max_length=20, choices=Area.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    goals = models.ManyToManyField(
        Goal, blank=True, related_name="initiatives", verbose_name=_("SDGs")
    )
    targets = models.ManyToManyField(
        Target, blank=True, related_name="initiatives", verbose_name=_("SDG targets")
    )
    years = models.JSONField(_("plan years"), default=list, blank=True)
    responsible = models.CharField(_("responsible"), max_length=200, blank=True)
    partners = models.JSONField(_("partners"), default=list, blank=True)
    indicator = models.TextField(_("success indicator"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    credit = models.CharField(_("source of the idea"), max_length=300, blank=True)
    # The initiative of the previous plan this one started as a copy of: the renewal review
    # compares the two (actionplans.snapshots.diff) instead of listing it as new and removed.
    copied_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="copies"
    )
    order = models.PositiveIntegerField(default=0)
    lock_version = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = InitiativeQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "area", "order", "pk"]
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")

    def __str__(self):
        return self.title


class Decision(models.TextChoices):
    """A coordinator's decision on a submitted plan version or progress report."""

    PENDING = "pending", _("Waiting for review")
    APPROVED = "approved", _("Approved")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    REJECTED = "rejected", _("Rejected")


class ReviewFields(models.Model):
    """The review of a submission lives on the submission itself.

    Deciding is a conditional update from `pending`, so of two coordinators deciding at the same
    moment exactly one wins. `item_comments` maps an initiative's uuid to a comment on it.
    """

    decision = models.CharField(
        _("decision"),
        max_length=20,
        choices=Decision.choices,
        default=Decision.PENDING,
        db_index=True,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_comment = models.TextField(_("comment"), blank=True)
    item_comments = models.JSONField(default=dict, blank=True)

    class Meta:
        abstract = True


@cleanup.select
class PlanVersion(ReviewFields):
    """An immutable snapshot of a plan and its initiatives, frozen on submission."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted"), db_index=True)
    snapshot = models.JSONField()
    # The lead's answers, given on resubmitting, to the coordinator's comments on the previous
    # version: to its general comment, and per initiative (uuid → text, like item_comments).
    answer_comment = models.TextField(_("answer to the coordinator"), blank=True)
    item_answers = models.JSONField(default=dict, blank=True)
    # Rendered once from the snapshot (in the background after submission) and never replaced.
    # Private: served only by the version's own access-checked view (actionplans.views).
    pdf = models.FileField(
        _("PDF"), storage=private_storage, upload_to=RandomName("plan-versions", "pdf"), blank=True
    )
    pdf_generated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["plan", "number"]
        verbose_name = _("plan version")
        verbose_name_plural = _("plan versions")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "number"], name="unique_version_number_per_plan"
            )
        ]

    def __str__(self):
        return f"{self.plan} v{self.number}"


class ProgressReport(ReviewFields):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        ACCEPTED = "accepted", _("Accepted")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="reports")
    year = models.PositiveSmallIntegerField(_("year"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    summary = models.TextField(_("summary"), blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True, db_index=True)
    lock_version = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["plan", "year"]
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        constraints = [
            models.UniqueConstraint(fields=["plan", "year"], name="one_report_per_plan_year")
        ]

    def __str__(self):
        return f"{self.plan} · {self.year}"


@cleanup.select
class InitiativeProgress(models.Model):
    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="entries")
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="progress")
    status = models.CharField(_("status"), max_length=10, choices=Initiative.Status.choices)
    result = models.TextField(_("result"), blank=True)
    indicator_value = models.DecimalField(
        _("value against the indicator"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    evidence_links = models.JSONField(_("links"), default=list, blank=True)
    # Private: shown only to the library's members and the coordinators, through the report's
    # access-checked view (actionplans.views.report_photo); no public page links to it.
    photo = models.ImageField(
        _("photo"), storage=private_storage, upload_to=uuid_upload_to("evidence"), blank=True
    )
    photo_alt = models.CharField(_("photo description"), max_length=300, blank=True)

    class Meta:
        ordering = ["report", "initiative__area", "initiative__order"]
        verbose_name = _("progress on an initiative")
        verbose_name_plural = _("progress on initiatives")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "initiative"], name="one_entry_per_initiative_per_report"
            )
        ]

    def __str__(self):
        return f"{self.report} · {self.initiative}"


def _relative_luminance(hex_colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    h = hex_colour.lstrip("#")
    r, g, b = (int(h[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def text_colour_on(hex_colour: str) -> str:
    """White where it reaches 4.5:1 contrast on the colour (WCAG AA), otherwise near-black."""
    return "#ffffff" if 1.05 / (_relative_luminance(hex_colour) + 0.05) >= 4.5 else "#1a1a1a"


Goal.text_colour = property(lambda goal: text_colour_on(goal.colour))
