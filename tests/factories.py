"""factory_boy factories for every model. Reference data (regions, municipalities, the 98
libraries, SDGs, targets) comes from the data migrations, so factories pick from it."""

import datetime

import factory
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.utils import timezone

from accounts.models import COORDINATORS_GROUP, User
from actionplans import snapshots
from actionplans.models import ActionPlan, Goal, Initiative, PlanVersion, ProgressReport, Target
from certification.models import Certification
from inspiration.models import Example, Tag
from libraries.models import Library, Membership, Municipality
from partners.models import Partner
from themes.models import Theme, ThemeMaterial, ThemeReport, ThemeSignup

PASSWORD = "correct-horse-battery-staple"
# Coordinators and operators must have TOTP two-factor (accounts.middleware); theirs uses this
# secret, so a browser test can compute the code: allauth.mfa.totp.internal.auth.hotp_value.
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    name = factory.Faker("name", locale="da_DK")
    language = "da"
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        """Users have a confirmed e-mail address unless verified=False is given."""
        if not create:
            return
        self.save()
        from allauth.account.models import EmailAddress

        EmailAddress.objects.create(
            user=self, email=self.email, primary=True, verified=extracted is not False
        )


def add_totp(user, secret=TOTP_SECRET):
    from allauth.mfa.totp.internal.auth import TOTP

    return TOTP.activate(user, secret).instance


class CoordinatorFactory(UserFactory):
    @factory.post_generation
    def totp(self, create, extracted, **kwargs):
        """A TOTP authenticator unless totp=False is given."""
        if create and extracted is not False:
            add_totp(self)

    @factory.post_generation
    def coordinator_group(self, create, extracted, **kwargs):
        if create:
            self.groups.add(Group.objects.get_or_create(name=COORDINATORS_GROUP)[0])


class OperatorFactory(UserFactory):
    is_staff = True
    is_superuser = True

    @factory.post_generation
    def totp(self, create, extracted, **kwargs):
        """A TOTP authenticator unless totp=False is given."""
        if create and extracted is not False:
            add_totp(self)


def free_municipality():
    """A municipality whose library is not yet used by another test object."""
    used = Library.objects.exclude(participating_since=None).values("municipality")
    return Municipality.objects.exclude(pk__in=used).order_by("?").first()


class LibraryFactory(factory.django.DjangoModelFactory):
    """Creating a library takes over one of the 98 reference libraries (one per municipality)
    and marks it as participating; use `Library.objects.get(slug=...)` for a specific one."""

    class Meta:
        model = Library
        django_get_or_create = ("municipality",)

    municipality = factory.LazyFunction(free_municipality)
    slug = factory.LazyAttribute(lambda o: o.municipality.name.lower())
    participating_since = factory.LazyFunction(lambda: datetime.date(2026, 1, 15))

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        library = model_class.objects.filter(municipality=kwargs["municipality"]).first()
        if library is None:
            return super()._create(model_class, *args, **kwargs)
        kwargs.pop("slug", None)
        for field, value in kwargs.items():
            if field != "municipality":
                setattr(library, field, value)
        library.save()
        return library


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    library = factory.SubFactory(LibraryFactory)
    role = Membership.Role.STAFF
    status = Membership.Status.ACTIVE
    decided_at = factory.LazyFunction(timezone.now)


class LeadMembershipFactory(MembershipFactory):
    role = Membership.Role.LEAD


class ActionPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionPlan

    library = factory.SubFactory(LibraryFactory)
    period_start = 2026
    period_end = 2028
    vision = "Biblioteket er et grønt fællesskab, hvor borgerne lærer om verdensmålene."
    principles = ["Vi genbruger før vi køber", "Vi inddrager borgerne", "Vi samarbejder lokalt"]
    responsible = "Biblioteksleder"
    sdg_coordinator = "Verdensmålskoordinator"
    staff_involvement = "Alle medarbejdere deltager i to workshops om året."


class InitiativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Initiative
        skip_postgeneration_save = True

    plan = factory.SubFactory(ActionPlanFactory)
    area = "citizens"
    title = factory.Sequence(lambda n: f"Byttemarked nr. {n}")
    description = "Borgerne bytter tøj, bøger og legetøj i bibliotekets foyer."
    years = factory.LazyAttribute(lambda o: o.plan.years)
    responsible = "Formidlingsteamet"
    partners = ["Lokale foreninger"]
    indicator = "Antal besøgende og byttede ting"
    order = factory.Sequence(lambda n: n)

    @factory.post_generation
    def goals(self, create, extracted, **kwargs):
        if not create:
            return
        numbers = extracted if extracted is not None else [12]
        self.goals.set(Goal.objects.filter(number__in=numbers))


class PlanVersionFactory(factory.django.DjangoModelFactory):
    """A submitted version with the snapshot of its plan as it is now (built by
    actionplans.snapshots, the contract). Prefer actionplans.services.submit_plan where the
    plan's checks and side effects matter."""

    class Meta:
        model = PlanVersion

    plan = factory.SubFactory(ActionPlanFactory, status=ActionPlan.Status.SUBMITTED)
    number = 1
    submitted_at = factory.LazyFunction(timezone.now)
    snapshot = factory.LazyAttribute(lambda o: snapshots.build(o.plan))


class ProgressReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressReport

    plan = factory.SubFactory(ActionPlanFactory, status=ActionPlan.Status.APPROVED)
    year = 2026


class CertificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Certification

    library = factory.SubFactory(LibraryFactory)
    plan = factory.SubFactory(
        ActionPlanFactory,
        library=factory.SelfAttribute("..library"),
        status=ActionPlan.Status.APPROVED,
    )
    number = factory.Sequence(lambda n: f"VMC-2026-{n + 1:04d}")
    issued_at = factory.LazyFunction(timezone.localdate)
    valid_until = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=365))


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tag
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"tag{n}")
    slug = factory.LazyAttribute(lambda o: o.name)


class ExampleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Example
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Byttemarked i biblioteket {n}")
    slug = factory.Sequence(lambda n: f"byttemarked-i-biblioteket-{n}")
    summary = "Et byttemarked, hvor borgerne giver ting nyt liv."
    body = "Vi holdt **byttemarked** hver måned."
    library = factory.SubFactory(LibraryFactory)
    area = "citizens"
    status = Example.Status.APPROVED
    approved_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def goals(self, create, extracted, **kwargs):
        if not create:
            return
        numbers = extracted if extracted is not None else [12]
        self.goals.set(Goal.objects.filter(number__in=numbers))

    @factory.post_generation
    def targets(self, create, extracted, **kwargs):
        """SDG target codes, e.g. targets=["12.5"]."""
        if create and extracted:
            self.targets.set(Target.objects.filter(code__in=extracted))


class PartnerFactory(factory.django.DjangoModelFactory):
    """A national partner unless scope="local" and a municipality are given."""

    class Meta:
        model = Partner

    name = factory.Sequence(lambda n: f"Grøn Forening {n}")
    slug = factory.Sequence(lambda n: f"groen-forening-{n}")
    kind = Partner.Kind.NGO
    scope = Partner.Scope.NATIONAL


class ThemeFactory(factory.django.DjangoModelFactory):
    """A published UGE17-like theme in ISO week 17 of 2027 (26 April to 2 May)."""

    class Meta:
        model = Theme
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"UGE17 nr. {n}")
    slug = factory.Sequence(lambda n: f"uge17-{n}")
    description = "Borgernes verdensmålsuge."
    starts_on = datetime.date(2027, 4, 26)
    ends_on = datetime.date(2027, 5, 2)
    signup_deadline = datetime.date(2027, 4, 1)
    commitment = "Biblioteket holder mindst ét arrangement i ugen."
    status = Theme.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def goals(self, create, extracted, **kwargs):
        if create:
            self.goals.set(Goal.objects.filter(number__in=extracted or [12, 13]))


class ThemeSignupFactory(factory.django.DjangoModelFactory):
    """A library's sign-up to a theme; the contact is a new member of the library."""

    class Meta:
        model = ThemeSignup

    theme = factory.SubFactory(ThemeFactory)
    library = factory.SubFactory(LibraryFactory)
    contact = factory.LazyAttribute(
        lambda o: MembershipFactory(library=o.library, user=UserFactory()).user
    )
    note = "Vi holder en klimacafé."


class ThemeReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ThemeReport

    signup = factory.SubFactory(ThemeSignupFactory)
    activities = "Klimacafé og byttemarked."
    participants = 40
    what_worked = "Byttemarkedet samlede hele byen."


class ThemeMaterialFactory(factory.django.DjangoModelFactory):
    """A public PDF in a theme's toolbox (kind="link" with url=... for a link)."""

    class Meta:
        model = ThemeMaterial

    theme = factory.SubFactory(ThemeFactory)
    kind = ThemeMaterial.Kind.PDF
    title = factory.Sequence(lambda n: f"Plakat {n}")
    file = factory.Maybe(
        factory.LazyAttribute(lambda o: o.kind != "link"),
        factory.django.FileField(filename="plakat.pdf", data=b"%PDF-1.4 plakat"),
        None,
    )
    visibility = ThemeMaterial.Visibility.PUBLIC


# --- events --------------------------------------------------------------------------------


class EventFactory(factory.django.DjangoModelFactory):
    """A library's upcoming event in Ballerup-like fashion, a week ahead, two hours long."""

    class Meta:
        model = "events.Event"
        skip_postgeneration_save = True

    library = factory.SubFactory(LibraryFactory)
    title = factory.Sequence(lambda n: f"Reparationscafé {n}")
    slug = factory.Sequence(lambda n: f"reparationscafe-{n}")
    description = "Vi reparerer **sammen**."
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=2))
    address = "Banegårdspladsen 1, 2750 Ballerup"

    @factory.post_generation
    def goals(self, create, extracted, **kwargs):
        if create:
            self.goals.set(Goal.objects.filter(number__in=extracted or [12]))


class EventFeedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "events.EventFeed"

    library = factory.SubFactory(LibraryFactory)
    url = factory.Sequence(lambda n: f"https://bibliotek{n}.example.dk/kalender.ics")
    kind = "ics"


def _png_bytes(size=(40, 30), colour="#3F7E44") -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="PNG")
    return buffer.getvalue()


class ExampleImageFactory(factory.django.DjangoModelFactory):
    """An example's image in private storage, with its derived sizes stored (as on upload)."""

    class Meta:
        model = "inspiration.ExampleImage"
        skip_postgeneration_save = True

    example = factory.SubFactory(ExampleFactory)
    image = factory.LazyFunction(lambda: ContentFile(_png_bytes(), name="foto.png"))
    alt_text = factory.Sequence(lambda n: f"Borgere ved byttebordet {n}")
    is_main = True

    @factory.post_generation
    def sizes(self, create, extracted, **kwargs):
        if create:
            from inspiration.images import make_sizes

            make_sizes(self.image.name)
