"""This app's part of `manage.py seed_demo` (idempotent: running it again changes nothing).

Plans in every state: approved plans (with accepted and submitted progress reports) for the
programme's first libraries, then one plan waiting for review, one with changes requested, one
draft, and one library with a superseded plan and a newer approved one. A library that already
has a plan is left alone.
"""

import datetime

from django.utils import timezone

from actionplans import snapshots
from actionplans.models import (
    ActionPlan,
    Decision,
    Goal,
    Initiative,
    InitiativeProgress,
    PlanVersion,
    ProgressReport,
    Target,
)
from core.demo import DemoContext

# (area, title, description, goals, targets, partners, indicator, responsible, credit)
IDEAS = [
    (
        "organisation",
        "Verdensmålsdogmer for arbejdspladsen",
        "Personalet har sammen formuleret fem dogmer, der gælder i hverdagen: vi genbruger før "
        "vi køber, vi går en tur på 30 minutter hver uge, og vi skaber mindst to arrangementer "
        "om året sammen med borgerne.",
        [4, 12, 17],
        ["12.5"],
        [],
        "Dogmerne er gennemgået på to personalemøder om året",
        "Biblioteksledelsen",
        "Rudersdal Bibliotekerne",
    ),
    (
        "organisation",
        "Morgenmøder og temaoplæg om verdensmålene",
        "Hver måned holder vi et kort morgenmøde, hvor en kollega fortæller om et verdensmål og "
        "hvad det betyder for vores arbejde. To gange om året inviterer vi en ekstern "
        "oplægsholder.",
        [4],
        ["4.7"],
        ["Chora 2030"],
        "Mindst 80 % af personalet har deltaget i et oplæg",
        "Verdensmålskoordinatoren",
        "",
    ),
    (
        "organisation",
        "Læringscirkler med andre biblioteker",
        "Vi deler erfaringer i læringscirkler med biblioteker i andre kommuner, online og "
        "fysisk, så vi ikke opfinder den dybe tallerken hver for sig.",
        [4, 17],
        ["17.17"],
        ["Biblioteker i DB2030-netværket"],
        "Fire læringscirkler om året",
        "Udviklingskonsulenten",
        "Ballerup Bibliotekerne",
    ),
    (
        "operations",
        "Delecykler til personalet",
        "Vi har købt brugte cykler, som personalet deler, når de skal til møder i kommunen. "
        "Cyklerne erstatter korte ture i bil.",
        [3, 11, 13],
        ["11.2"],
        ["Den lokale cykelsmed"],
        "Antal kørte kilometer på delecykler",
        "Driftslederen",
        "",
    ),
    (
        "operations",
        "Muleposer af genbrugstekstil",
        "Lånerne kan låne en mulepose syet af genbrugstekstil i stedet for at tage en plastikpose. "
        "Poserne syes af frivillige i bibliotekets systue.",
        [12],
        ["12.5"],
        ["Genbrugsbutikken", "Frivillige i systuen"],
        "Antal udlånte muleposer og sparede plastikposer",
        "Betjeningsteamet",
        "",
    ),
    (
        "operations",
        "Intet plastikservice til arrangementer",
        "Ved arrangementer bruger vi glas, porcelæn og vand i kander i stedet for plastik og "
        "flasker.",
        [6, 12],
        ["12.5"],
        [],
        "Ingen engangsservice købt i løbet af året",
        "Arrangementsgruppen",
        "Ballerup Bibliotekerne",
    ),
    (
        "operations",
        "Affaldssortering i alle rum",
        "Affald sorteres i kontorer og biblioteksrum, og der er ikke længere en skraldespand med "
        "plastikpose ved hvert skrivebord.",
        [12],
        ["12.5"],
        ["Kommunens affaldsteam"],
        "Andel sorteret affald målt to gange om året",
        "Driftslederen",
        "",
    ),
    (
        "citizens",
        "Byttemarked i foyeren",
        "Fire gange om året bytter borgerne tøj, bøger og legetøj i bibliotekets foyer. "
        "Det, der bliver tilbage, går til genbrug.",
        [12],
        ["12.5"],
        ["Lokale foreninger", "Genbrugsbutikken"],
        "Antal besøgende og byttede ting",
        "Formidlingsteamet",
        "",
    ),
    (
        "citizens",
        "Borgermøder om verdensmålene",
        "Vi inviterer til borgermøder, hvor borgere, politikere og foreninger taler om, hvad "
        "verdensmålene betyder for kommunen.",
        [11, 16],
        ["16.7"],
        ["Kommunens klimaafdeling", "Lokale foreninger"],
        "Tre borgermøder om året med mindst 40 deltagere",
        "Bibliotekschefen",
        "",
    ),
    (
        "citizens",
        "Debatarrangementer for unge",
        "Unge debatterer klima, ulighed og demokrati med gæster, de selv har valgt. "
        "Arrangementerne planlægges sammen med ungdomsskolen.",
        [4, 16],
        ["4.7"],
        ["Ungdomsskolen"],
        "Antal arrangementer og deltagere under 25 år",
        "Ungeformidleren",
        "",
    ),
    (
        "citizens",
        "Skolesamarbejde om bæredygtighed",
        "Skoleklasser besøger biblioteket og arbejder med et verdensmål ud fra bøger, film og "
        "spil. Forløbet er udviklet sammen med lærerne.",
        [4, 17],
        ["4.7"],
        ["Kommunens skoler", "Pædagogisk læringscenter"],
        "Antal klasser, der har gennemført forløbet",
        "Børne- og skoleteamet",
        "",
    ),
    (
        "citizens",
        "Højtlæsning i naturen",
        "Vi læser højt udendørs for børn og voksne, på steder som bøgerne handler om.",
        [4, 15],
        ["15.5"],
        ["Naturvejledningen"],
        "Seks udendørs højtlæsninger om året",
        "Børneformidleren",
        "",
    ),
]

VISIONS = [
    "Biblioteket er et grønt fællesskab, hvor borgerne lærer om verdensmålene og finder "
    "hinanden om at handle lokalt.",
    "Vi vil være kommunens mødested for bæredygtighed: et sted, hvor viden bliver til handling.",
    "Alle, der bruger biblioteket, skal kunne se og mærke, at vi arbejder med verdensmålene, "
    "og selv få lyst til at tage del.",
]
PRINCIPLES = [
    "Vi genbruger før vi køber",
    "Vi inddrager borgerne i det, vi laver",
    "Vi samarbejder lokalt og deler vores erfaringer",
    "Vi måler, om det virker",
]
RESULTS = [
    "Indsatsen er gennemført som planlagt, og flere borgere end ventet deltog.",
    "Vi er kommet godt i gang; næste år udvider vi til alle afdelinger.",
    "Indsatsen tog længere tid end ventet, men er nu en fast del af hverdagen.",
]


def _when(year: int, month: int, day: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, month, day, 10, 0))


def _make_plan(context, library, *, start, status, count, offset, created) -> ActionPlan:
    lead = context.leads[library.slug]
    plan = ActionPlan.objects.create(
        library=library,
        period_start=start,
        period_end=start + 2,
        status=status,
        vision=VISIONS[offset % len(VISIONS)],
        principles=PRINCIPLES[: 2 + offset % 3],
        responsible=f"Bibliotekschefen i {library.municipality.name}",
        sdg_coordinator=lead.name,
        staff_involvement="Alle medarbejdere deltager i to verdensmålsworkshops om året, "
        "og en arbejdsgruppe med en fra hver afdeling følger planen.",
        created_by=lead,
    )
    ActionPlan.objects.filter(pk=plan.pk).update(created_at=created)
    goals = Goal.objects.by_number()
    targets = {target.code: target for target in Target.objects.all()}
    by_area: dict = {}
    for area, *rest in IDEAS:
        by_area.setdefault(area, []).append((area, *rest))
    # One or two per area first, so that every area is covered; then fill up to `count`.
    chosen = []
    for area_ideas in by_area.values():
        chosen.append(area_ideas[offset % len(area_ideas)])
    rest = [idea for idea in IDEAS if idea not in chosen]
    rotation = offset % len(rest)
    chosen += (rest[rotation:] + rest[:rotation])[: max(0, count - len(chosen))]
    for order, idea in enumerate(chosen):
        area, title, description, goal_numbers, codes, partners, indicator, responsible, credit = (
            idea
        )
        initiative = Initiative.objects.create(
            plan=plan,
            area=area,
            title=title,
            description=description,
            years=plan.years,
            responsible=responsible,
            partners=partners,
            indicator=indicator,
            status=Initiative.Status.RUNNING if start < 2026 else Initiative.Status.PLANNED,
            credit=credit,
            order=order,
            updated_by=lead,
        )
        initiative.goals.set([goals[n] for n in goal_numbers])
        initiative.targets.set([targets[c] for c in codes if c in targets])
    return plan


def _version(context, plan, *, number, submitted, decision, decided=None, **review):
    version = PlanVersion.objects.create(
        plan=plan,
        number=number,
        submitted_by=context.leads[plan.library.slug],
        submitted_at=submitted,
        snapshot=snapshots.build(plan),
        decision=decision,
        decided_by=context.coordinator if decision != Decision.PENDING else None,
        decided_at=decided,
        **review,
    )
    if decision == Decision.APPROVED:
        ActionPlan.objects.filter(pk=plan.pk).update(approved_at=decided)
    return version


def _report(context, plan, *, year, status):
    lead = context.leads[plan.library.slug]
    accepted = status == ProgressReport.Status.ACCEPTED
    report = ProgressReport.objects.create(
        plan=plan,
        year=year,
        status=status,
        summary=f"Et godt år for verdensmålene i {plan.library.municipality.name}: "
        "flere indsatser er blevet en fast del af hverdagen.",
        submitted_by=lead,
        submitted_at=_when(year + 1, 1, 20) if accepted else timezone.now(),
        decision=Decision.APPROVED if accepted else Decision.PENDING,
        decided_by=context.coordinator if accepted else None,
        decided_at=_when(year + 1, 2, 5) if accepted else None,
        decision_comment="Tak for en fin rapport." if accepted else "",
    )
    for index, initiative in enumerate(plan.initiatives.order_by("area", "order")):
        InitiativeProgress.objects.create(
            report=report,
            initiative=initiative,
            status=Initiative.Status.RUNNING,
            result=RESULTS[index % len(RESULTS)],
            indicator_value=(index + 1) * 12 if index % 2 == 0 else None,
            evidence_links=(
                [f"https://{plan.library.slug}.example.org/verdensmaal"] if index == 0 else []
            ),
        )
    return report


def seed(context: DemoContext) -> None:
    libraries = context.libraries
    has_plan = set(
        ActionPlan.objects.filter(library__in=libraries).values_list("library_id", flat=True)
    )
    made = 0
    last = len(libraries) - 1
    for index, library in enumerate(libraries):
        if library.pk in has_plan:
            continue
        made += 1
        if index < 9 or index == last >= 12:
            _approved(context, library, index, with_superseded=index == last >= 12)
        elif index == 9:
            plan = _make_plan(
                context,
                library,
                start=2027,
                status=ActionPlan.Status.SUBMITTED,
                count=6,
                offset=index,
                created=_when(2026, 9, 1),
            )
            _version(
                context, plan, number=1, submitted=_when(2026, 11, 2), decision=Decision.PENDING
            )
        elif index == 10:
            plan = _make_plan(
                context,
                library,
                start=2027,
                status=ActionPlan.Status.CHANGES_REQUESTED,
                count=5,
                offset=index,
                created=_when(2026, 8, 15),
            )
            commented = plan.initiatives.filter(area="operations").first()
            _version(
                context,
                plan,
                number=1,
                submitted=_when(2026, 10, 1),
                decision=Decision.CHANGES_REQUESTED,
                decided=_when(2026, 10, 20),
                decision_comment="En god plan med en klar vision. Før vi kan godkende den, "
                "skal succeskriterierne gøres målbare, og personalets inddragelse beskrives "
                "mere konkret.",
                item_comments={
                    str(commented.uuid): "Hvordan vil I måle effekten? Skriv gerne et tal, "
                    "I vil nå inden udgangen af 2027."
                },
            )
        else:
            plan = _make_plan(
                context,
                library,
                start=2027,
                status=ActionPlan.Status.DRAFT,
                count=4,
                offset=index,
                created=_when(2026, 10, 5),
            )
            # A draft is unfinished: one initiative without an SDG, one without an indicator.
            first, second = plan.initiatives.order_by("area", "order")[:2]
            first.goals.clear()
            second.indicator = ""
            second.save(update_fields=["indicator"])
    context.say(f"Action plans: {made} libraries got plans.")


def _approved(context, library, index, *, with_superseded=False):
    if with_superseded:
        old = _make_plan(
            context,
            library,
            start=2022,
            status=ActionPlan.Status.SUPERSEDED,
            count=5,
            offset=index + 3,
            created=_when(2021, 10, 1),
        )
        _version(
            context,
            old,
            number=1,
            submitted=_when(2021, 11, 15),
            decision=Decision.APPROVED,
            decided=_when(2021, 12, 10),
        )
    start = 2025 if index % 2 == 0 else 2026
    plan = _make_plan(
        context,
        library,
        start=start,
        status=ActionPlan.Status.APPROVED,
        count=5 + index % 4,
        offset=index,
        created=_when(start - 1, 9, 1),
    )
    _version(
        context,
        plan,
        number=1,
        submitted=_when(start - 1, 11, 1),
        decision=Decision.APPROVED,
        decided=_when(start - 1, 12, 1),
    )
    if index == 1:
        ActionPlan.objects.filter(pk=plan.pk).update(
            agreed_requirements="Biblioteket deler sine erfaringer med delecykler med mindst to "
            "andre biblioteker i netværket i løbet af planperioden."
        )
    if start == 2025:
        _report(context, plan, year=2025, status=ProgressReport.Status.ACCEPTED)
        if index in (0, 2):
            _report(context, plan, year=2026, status=ProgressReport.Status.SUBMITTED)
    elif index == 1:
        _report(context, plan, year=2026, status=ProgressReport.Status.SUBMITTED)
