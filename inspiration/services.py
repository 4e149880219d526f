"""State changes of examples. Each writes its audit event in the same transaction; e-mails and
PDF renders happen once it has committed."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from actionplans import services as plan_services
from core import audit
from core.documents import request_render
from core.emails import send_email_on_commit
from core.public_cache import public_data_changed
from core.text import danish_slugify
from core.uploads import validate_image
from inspiration import images as image_tools
from inspiration.models import CatalogueCover, Example, ExampleImage, Tag
from inspiration.permissions import can_edit_example, can_moderate_examples, check_may_moderate
from libraries.permissions import member_library_ids

MAX_IMAGES = 3
RESERVED_SLUGS = {"new", "share", "catalogue-pdf"}
EDITABLE_STATUSES = (Example.Status.DRAFT, Example.Status.REJECTED)
CONTENT_FIELDS = (
    "title",
    "summary",
    "what_we_did",
    "what_we_learned",
    "body",
    "area",
    "partners",
    "contact_name",
    "contact_email",
    "show_contact",
)


@dataclass
class ImageChange:
    """One image slot of the edit form: keep, replace, re-describe or delete an image."""

    existing: ExampleImage | None
    upload: UploadedFile | None
    alt_text: str
    delete: bool = False
    caption: str = ""
    credit: str = ""
    is_main: bool = False


def unique_slug(title: str, *, suffix: str = "") -> str:
    base = (danish_slugify(title)[:180].strip("-") or "eksempel") + suffix
    if base in RESERVED_SLUGS:
        base += "-eksempel"
    slug, number = base, 2
    while Example.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


def tags_from_names(names) -> list[Tag]:
    tags = []
    for name in names:
        name = " ".join(name.split()).lower()[:60]
        slug = danish_slugify(name)[:60]
        if not slug:
            continue
        tag, _created = Tag.objects.get_or_create(slug=slug, defaults={"name": name})
        tags.append(tag)
    return tags


def _catalogue_changed() -> None:
    """The set of approved examples changed: public pages and the catalogue PDF follow."""
    public_data_changed()
    request_render("catalogue")


def _check_can_edit(example: Example, by) -> None:
    if not can_edit_example(by, example):
        raise PermissionDenied(_("Only the example's library can change it."))


@transaction.atomic
def create_draft(*, by, library, goals, targets=(), tags=(), **fields) -> Example:
    """A new draft for `library` (None: the programme's own, for coordinators)."""
    if library is None and not by.is_coordinator:
        raise PermissionDenied(_("Only coordinators write the programme's own examples."))
    if library is not None and library.pk not in member_library_ids(by):
        raise PermissionDenied(_("You can only write examples for your own library."))
    example = Example.objects.create(
        library=library,
        created_by=by,
        slug=unique_slug(fields["title"]),
        **{key: value for key, value in fields.items() if key in CONTENT_FIELDS},
    )
    example.goals.set(goals)
    example.targets.set(targets)
    example.tags.set(tags)
    audit.record(actor=by, verb="example.created", target=example, library=library)
    return example


@transaction.atomic
def update_example(
    *,
    example: Example,
    by,
    goals,
    lock_version: int,
    targets=(),
    tags=(),
    moderating=False,
    **fields,
) -> Example:
    """Change a draft or rejected example (its library), or a submitted one (a coordinator,
    `moderating`). An approved example is changed through `start_revision`.

    `lock_version` is the version the editor loaded: if someone saved since, nothing is saved
    and `EditConflict` carries the saved example (as for plans).
    """
    example = Example.objects.select_for_update().get(pk=example.pk)
    if moderating:
        check_may_moderate(example=example, by=by)
        if example.status != Example.Status.SUBMITTED:
            raise ValidationError(_("Only a submitted example can be edited during review."))
    else:
        _check_can_edit(example, by)
        if example.status not in EDITABLE_STATUSES:
            raise ValidationError(_("This example is waiting for review and cannot be changed."))
    if example.lock_version != lock_version:
        raise plan_services.EditConflict(example)
    for key, value in fields.items():
        if key in CONTENT_FIELDS:
            setattr(example, key, value)
    if example.status == Example.Status.REJECTED:
        example.status = Example.Status.DRAFT
    example.lock_version += 1
    example.save()
    example.goals.set(goals)
    example.targets.set(targets)
    example.tags.set(tags)
    audit.record(
        actor=by,
        verb="example.edited_in_review" if moderating else "example.edited",
        target=example,
        library=example.library,
    )
    return example


def apply_image_changes(*, example: Example, changes: list[ImageChange]) -> None:
    """Store new images resized (and in every derived size), update their texts, delete removed
    or replaced ones (files too), keep exactly one main image. At most three images."""
    kept = 0
    gone: set[str] = set()
    wanted_main: list[int] = []
    for position, change in enumerate(changes):
        if change.existing is not None and change.existing.example_id != example.pk:
            raise PermissionDenied
        if change.delete:
            if change.existing is not None:
                gone.add(change.existing.image.name)
                change.existing.delete()
            continue
        if change.existing is None and change.upload is None:
            continue
        kept += 1
        if kept > MAX_IMAGES:
            raise ValidationError(_("An example can have at most three images."))
        image = change.existing or ExampleImage(example=example)
        if change.upload is not None:
            validate_image(change.upload, image_tools.MAX_BYTES)
            if image.pk:
                gone.add(image.image.name)
            image.image = image_tools.resized_copy(change.upload)
        image.alt_text = change.alt_text.strip()
        if not image.alt_text:
            raise ValidationError(_("Every image needs a description (alt text)."))
        image.caption = change.caption.strip()
        image.credit = change.credit.strip()
        image.position = position
        image.save()
        image_tools.make_sizes(image.image.name)
        if change.is_main:
            wanted_main.append(image.pk)
    choose_main_image(example=example, preferred=wanted_main)
    forget_image_files(gone)


def choose_main_image(*, example: Example, preferred=()) -> None:
    """Exactly one main image for an example with images: the first of `preferred`, else the
    one that was main, else the first."""
    images = list(example.images.order_by("position", "pk").values_list("pk", "is_main"))
    if not images:
        return
    ids = [pk for pk, _main in images]
    current = [pk for pk, main in images if main]
    chosen = next((pk for pk in preferred if pk in ids), None) or (current or ids)[0]
    if current == [chosen]:
        return
    example.images.exclude(pk=chosen).update(is_main=False)
    example.images.filter(pk=chosen).update(is_main=True)


def forget_image_files(names) -> None:
    """After commit, delete the files (all sizes) of images no row uses any more. Rows of a
    revision share their files with the approved example, so a file may outlive one row."""
    names = {name for name in names if name}
    if not names:
        return

    def delete_unused():
        used = set(ExampleImage.objects.filter(image__in=names).values_list("image", flat=True))
        for name in names - used:
            image_tools.delete_files(name)

    transaction.on_commit(delete_unused)


@transaction.atomic
def submit_example(*, example: Example, by) -> Example:
    example = Example.objects.select_for_update().get(pk=example.pk)
    _check_can_edit(example, by)
    if example.status not in EDITABLE_STATUSES:
        raise ValidationError(_("This example has already been submitted."))
    if not example.goals.exists():
        raise ValidationError(_("Choose at least one SDG before you submit."))
    example.status = Example.Status.SUBMITTED
    example.submitted_at = timezone.now()
    example.rejected_reason = ""
    example.save(update_fields=["status", "submitted_at", "rejected_reason", "updated_at"])
    audit.record(actor=by, verb="example.submitted", target=example, library=example.library)
    return example


@transaction.atomic
def start_revision(*, example: Example, by) -> Example:
    """A working copy of an approved example. The approved text stays public until a
    coordinator approves the revision. Returns the existing revision if there is one."""
    example = Example.objects.select_for_update().get(pk=example.pk)
    _check_can_edit(example, by)
    if example.status != Example.Status.APPROVED or example.revision_of_id is not None:
        raise ValidationError(_("Only an approved example can be revised."))
    existing = Example.objects.filter(revision_of=example).first()
    if existing is not None:
        return existing
    revision = Example.objects.create(
        revision_of=example,
        library=example.library,
        created_by=by,
        slug=unique_slug(example.title, suffix="-revision"),
        **{key: getattr(example, key) for key in CONTENT_FIELDS},
    )
    revision.goals.set(example.goals.all())
    revision.targets.set(example.targets.all())
    revision.tags.set(example.tags.all())
    ExampleImage.objects.bulk_create(
        ExampleImage(
            example=revision,
            image=image.image.name,
            width=image.width,
            height=image.height,
            alt_text=image.alt_text,
            caption=image.caption,
            credit=image.credit,
            is_main=image.is_main,
            position=image.position,
        )
        for image in example.images.all()
    )
    audit.record(
        actor=by, verb="example.revision_started", target=revision, library=example.library
    )
    return revision


def _locked_submitted(example: Example) -> Example:
    example = (
        Example.objects.select_for_update(of=("self",))
        .select_related("revision_of", "created_by")
        .get(pk=example.pk)
    )
    if example.status != Example.Status.SUBMITTED:
        raise ValidationError(_("This example has already been decided."))
    return example


def _tell_authors(example: Example, template: str, *, extra=(), **context) -> None:
    """E-mail `inspiration/emails/<template>` to whoever wrote the example (and `extra`
    authors, e.g. of an approved revision), once each, after commit."""
    users = [u for u in (example.created_by, *extra) if u is not None]
    send_email_on_commit(
        users=list({user.pk: user for user in users}.values()),
        template_prefix=f"inspiration/emails/{template}",
        context={"example": example, **context},
    )


@transaction.atomic
def approve_example(*, example: Example, by) -> Example:
    """Publish a submitted example; for a revision, copy it onto the approved original."""
    example = _locked_submitted(example)
    check_may_moderate(example=example, by=by)
    now = timezone.now()
    if example.revision_of is not None:
        original = Example.objects.select_for_update().get(pk=example.revision_of_id)
        for key in CONTENT_FIELDS:
            setattr(original, key, getattr(example, key))
        original.approved_by = by
        original.lock_version += 1
        original.save()
        original.goals.set(example.goals.all())
        original.targets.set(example.targets.all())
        original.tags.set(example.tags.all())
        replaced = set(original.images.values_list("image", flat=True))
        original.images.all().delete()  # shared files stay: the revision's rows point at them
        example.images.update(example=original)
        forget_image_files(replaced)
        revision_author = example.created_by
        audit.record(
            actor=by,
            verb="example.revision_approved",
            target=original,
            library=original.library,
            revision_slug=example.slug,
        )
        example.delete()
        published, extra_authors = original, [revision_author]
    else:
        example.status = Example.Status.APPROVED
        example.approved_by = by
        example.approved_at = now
        example.rejected_reason = ""
        example.save()
        audit.record(actor=by, verb="example.approved", target=example, library=example.library)
        published, extra_authors = example, []
    _tell_authors(
        published, "example_approved", extra=extra_authors, url=published.get_absolute_url()
    )
    _catalogue_changed()
    return published


@transaction.atomic
def reject_example(*, example: Example, by, reason: str) -> Example:
    if not by.is_coordinator:
        raise PermissionDenied
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Give a reason, so the library knows what to change."))
    example = _locked_submitted(example)
    check_may_moderate(example=example, by=by)
    example.status = Example.Status.REJECTED
    example.rejected_reason = reason
    example.save(update_fields=["status", "rejected_reason", "updated_at"])
    audit.record(
        actor=by, verb="example.rejected", target=example, library=example.library, reason=reason
    )
    _tell_authors(
        example,
        "example_rejected",
        reason=reason,
        url=reverse("inspiration:edit_example", kwargs={"slug": example.slug}),
    )
    return example


@transaction.atomic
def set_featured(*, example: Example, by, featured: bool) -> Example:
    if not by.is_coordinator:
        raise PermissionDenied
    example = Example.objects.select_for_update().get(pk=example.pk)
    if example.status != Example.Status.APPROVED:
        raise ValidationError(_("Only an approved example can be featured."))
    if example.featured != featured:
        example.featured = featured
        example.save(update_fields=["featured", "updated_at"])
        audit.record(
            actor=by,
            verb="example.featured" if featured else "example.unfeatured",
            target=example,
            library=example.library,
        )
        public_data_changed()
    return example


@transaction.atomic
def withdraw_example(*, example: Example, by) -> None:
    """Delete a draft, rejected or submitted example (or revision) of one's own library."""
    example = Example.objects.select_for_update().get(pk=example.pk)
    _check_can_edit(example, by)
    if example.status == Example.Status.APPROVED:
        raise ValidationError(_("An approved example cannot be deleted here."))
    audit.record(
        actor=by,
        verb="example.deleted",
        target=example,
        library=example.library,
        title=example.title,
    )
    names = set(example.images.values_list("image", flat=True))
    example.delete()
    forget_image_files(names)


@transaction.atomic
def share_initiative(*, initiative, by) -> Example:
    """A new draft example copied from an initiative of the library's plan (then edited)."""
    library = initiative.plan.library
    if library.pk not in member_library_ids(by):
        raise PermissionDenied(_("You can only share initiatives of your own library."))
    description = (initiative.description or "").strip()
    summary = description.split("\n\n")[0][:500] or initiative.title
    body = ""
    if initiative.indicator:
        body = "**" + _("How we measure success") + ":** " + initiative.indicator.strip()
    example = create_draft(
        by=by,
        library=library,
        goals=list(initiative.goals.all()),
        targets=list(initiative.targets.all()),
        title=initiative.title,
        summary=summary,
        what_we_did=description,
        body=body,
        area=initiative.area,
        partners=list(initiative.partners or []),
        contact_name=by.name,
        contact_email=by.email,
        show_contact=False,
    )
    audit.record(
        actor=by,
        verb="example.shared_from_initiative",
        target=example,
        library=library,
        initiative=str(initiative.uuid),
    )
    return example


def adoption_credit(example: Example) -> str:
    source = example.library.display_name if example.library else _("the programme")
    return (_("Idea from %(source)s: “%(title)s”") % {"source": source, "title": example.title})[
        :300
    ]


@transaction.atomic
def adopt_example(*, example: Example, plan, by):
    """Copy an approved example into an editable plan of the user's library as an initiative,
    crediting the library it came from. actionplans adds it like any other initiative (at the
    end of its area, with the same checks and audit)."""
    if plan.library_id not in member_library_ids(by):
        raise PermissionDenied(_("You can only add to your own library's plan."))
    if not plan.is_editable:
        raise ValidationError(_("The plan cannot be changed now (it is waiting for review)."))
    if example.status != Example.Status.APPROVED:
        raise ValidationError(_("Only published examples can be adopted."))
    text = [
        example.summary,
        example.what_we_did,
        example.what_we_learned and f"{_('What we learned')}: {example.what_we_learned.strip()}",
        example.body,
    ]
    initiative = plan_services.add_initiative(
        plan=plan,
        by=by,
        data={
            "area": example.area,
            "title": example.title[:200],
            "description": "\n\n".join(part.strip() for part in text if part and part.strip()),
            "years": plan.years,
            "partners": list(example.partners or []),
            "credit": adoption_credit(example),
            "goals": list(example.goals.all()),
            "targets": list(example.targets.all()),
        },
    )
    audit.record(
        actor=by,
        verb="initiative.adopted_from_example",
        target=initiative,
        library=initiative.plan.library,
        example=example.slug,
        plan=str(plan.uuid),
    )
    return initiative


def _emails_of(user) -> set[str]:
    from allauth.account.models import EmailAddress

    emails = {user.email, *EmailAddress.objects.filter(user=user).values_list("email", flat=True)}
    return {email.lower() for email in emails if email}


def examples_with_contact(user):
    """Examples naming `user` as their contact: their e-mail, or their name on one they wrote
    (share_initiative copies both)."""
    from django.db.models import Q

    emails = _emails_of(user)
    by_email = Q(pk__in=[])
    for email in emails:
        by_email |= Q(contact_email__iexact=email)
    by_name = Q(created_by=user, contact_name=user.name) if user.name else Q(pk__in=[])
    return Example.objects.filter(by_email | by_name).select_related("library__municipality")


@transaction.atomic
def forget_contact(*, user) -> int:
    """The account of `user` is being deleted: every example naming them as its contact gets
    its library's own contact instead (the programme's own examples: none), and the catalogue
    is rendered again without them. Returns how many examples changed."""
    changed = list(examples_with_contact(user).select_for_update(of=("self",)))
    for example in changed:
        library = example.library
        if library is not None and library.email:
            example.contact_name = library.display_name
            example.contact_email = library.email
        else:
            example.contact_name = ""
            example.contact_email = ""
            example.show_contact = False
        example.save(update_fields=["contact_name", "contact_email", "show_contact", "updated_at"])
        audit.record(
            actor=None,
            verb="example.contact_replaced",
            target=example,
            library=library,
            reason="account deleted",
        )
    if any(example.status == Example.Status.APPROVED for example in changed):
        _catalogue_changed()
    return len(changed)


@transaction.atomic
def choose_catalogue_cover(*, example: Example, by) -> CatalogueCover:
    """Put the main photo of a published example on the catalogue's cover (coordinators)."""
    if not can_moderate_examples(by):
        raise PermissionDenied
    if example.status != Example.Status.APPROVED or example.revision_of_id is not None:
        raise ValidationError(_("Only a published example's photo can be on the cover."))
    image = example.images.order_by("-is_main", "position", "pk").first()
    if image is None:
        raise ValidationError(_("This example has no photo."))
    cover = CatalogueCover.objects.create(image=image, chosen_by=by)
    audit.record(actor=by, verb="catalogue.cover_chosen", target=example, library=example.library)
    _catalogue_changed()
    return cover
