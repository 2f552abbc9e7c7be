"""Factories for programmes, projects, indicators, initiatives, reports and case studies, with traits.

`ProgrammeFactory(published=True)`, `IndicatorFactory(percentage=True)`, `CaseStudyFactory(in_review=True)`.
"""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from civicportal.core.publishing import Status
from initiatives.models import (
    CaseStudy,
    Evaluation,
    Indicator,
    IndicatorBearing,
    IndicatorValue,
    Initiative,
    KeyArea,
    NextStepReview,
    Programme,
    ProgressReport,
    Project,
    ProjectMove,
    ReportItem,
    Section,
    SteeringGroupMember,
    StrandKind,
    Theme,
    Unit,
    WorkingGroup,
    WorkStrand,
)
from initiatives.trends import Better, Frequency
from tests.campaigns.factories import AskFactory
from tests.core.factories import OrganisationFactory, UserFactory


def _published_trait():
    return factory.Trait(
        status=Status.PUBLISHED,
        publish_at=factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(hours=1)),
    )


class ProgrammeFactory(factory.django.DjangoModelFactory):
    """A programme; draft unless `published=True`."""

    class Meta:
        model = Programme
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Programme {n}")
    slug = factory.Sequence(lambda n: f"programme-{n}")
    summary = "A long-running programme of the city."
    launched_year = 2008
    lead_organisation = factory.SubFactory(OrganisationFactory)
    about = "What the programme is."
    aims = "What the programme aims to do."
    contact_team = "Strategy team"
    contact_email = "programme@civicportal.example"

    class Params:
        published = _published_trait()


class WorkStrandFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkStrand

    programme = factory.SubFactory(ProgrammeFactory, published=True)
    kind = StrandKind.PROJECTS
    title = factory.Sequence(lambda n: f"Strand {n}")
    slug = factory.Sequence(lambda n: f"strand-{n}")
    description = "What the strand covers."


class ProjectFactory(factory.django.DjangoModelFactory):
    """A project; it is at the first stage until moves are recorded."""

    class Meta:
        model = Project

    strand = factory.SubFactory(WorkStrandFactory)
    title = factory.Sequence(lambda n: f"Project {n}")
    slug = factory.Sequence(lambda n: f"project-{n}")
    summary = "A project under a work strand."
    proposed_on = datetime.date(2012, 1, 10)


class EvaluationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evaluation

    project = factory.SubFactory(ProjectFactory)
    title = factory.Sequence(lambda n: f"Evaluation {n}")
    slug = factory.Sequence(lambda n: f"evaluation-{n}")
    completed_on = datetime.date(2013, 3, 31)
    findings = "What the evaluation found."


class ProjectMoveFactory(factory.django.DjangoModelFactory):
    """A recorded move, saved directly: tests of the rules go through `services.project_move`."""

    class Meta:
        model = ProjectMove

    project = factory.SubFactory(ProjectFactory)
    from_stage = "proposed"
    to_stage = "pilot"
    moved_on = datetime.date(2012, 4, 1)


class InitiativeFactory(factory.django.DjangoModelFactory):
    """A collective impact initiative; draft unless `published=True`."""

    class Meta:
        model = Initiative

    title = factory.Sequence(lambda n: f"Initiative {n}")
    slug = factory.Sequence(lambda n: f"initiative-{n}")
    summary = "Partners working together for young people."
    area_name = "Clifton"
    focus = "young people"
    vision = "Opportunity, choice and achievement for young people."
    vision_year = 2035
    goal = "Better life chances."
    methodology = "Systems Thinking"
    approach = "Collective Impact"
    method_description = "Partners agree priorities and act together."
    lead_organisation = factory.SubFactory(OrganisationFactory)
    contact_team = "Community engagement team"
    contact_email = "initiative@civicportal.example"

    class Params:
        published = _published_trait()


class KeyAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KeyArea

    initiative = factory.SubFactory(InitiativeFactory, published=True)
    title = factory.Sequence(lambda n: f"Key area {n}")
    slug = factory.Sequence(lambda n: f"key-area-{n}")
    description = "Why this area matters."


class SteeringGroupMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SteeringGroupMember

    initiative = factory.SubFactory(InitiativeFactory, published=True)
    slug = factory.Sequence(lambda n: f"member-{n}")
    organisation = factory.SubFactory(OrganisationFactory)


class WorkingGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkingGroup

    initiative = factory.SubFactory(InitiativeFactory, published=True)
    name = factory.Sequence(lambda n: f"Working group {n}")
    slug = factory.Sequence(lambda n: f"working-group-{n}")


class IndicatorFactory(factory.django.DjangoModelFactory):
    """An indicator counted as a number, higher is better, annual; traits `percentage`, `lower_is_better`."""

    class Meta:
        model = Indicator
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Indicator {n}")
    slug = factory.Sequence(lambda n: f"indicator-{n}")
    area = "Nottingham"
    unit = Unit.NUMBER
    better = Better.UP
    frequency = Frequency.ANNUAL
    source = "A published statistical release"

    class Params:
        percentage = factory.Trait(unit=Unit.PERCENT)
        lower_is_better = factory.Trait(better=Better.DOWN)
        # A target of 100 by the end of July 2025, from a quoted sentence.
        with_target = factory.Trait(
            target_value=Decimal("100"),
            target_date=datetime.date(2025, 7, 31),
            target_source="“We aim to reach 100 by 2025.” (a published strategy)",
        )

    @factory.post_generation
    def programmes(self, create, extracted, **kwargs):
        if create and extracted:
            self.programmes.set(extracted)

    @factory.post_generation
    def key_areas(self, create, extracted, **kwargs):
        if create and extracted:
            self.key_areas.set(extracted)


class IndicatorValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndicatorValue

    indicator = factory.SubFactory(IndicatorFactory)
    date = factory.Sequence(lambda n: datetime.date(2000 + n % 90, 7, 31))
    value = Decimal("50")

    class Params:
        demonstration = factory.Trait(is_demonstration=True)


def add_series(indicator: Indicator, values, *, start_year: int = 2015, base_size: int | None = None):
    """Give an indicator one value a year from `start_year`; return the values."""
    return [
        IndicatorValueFactory(
            indicator=indicator, date=datetime.date(start_year + n, 7, 31), value=Decimal(str(v)), base_size=base_size
        )
        for n, v in enumerate(values)
    ]


class ProgressReportFactory(factory.django.DjangoModelFactory):
    """A progress report; draft unless `published=True`."""

    class Meta:
        model = ProgressReport

    initiative = factory.SubFactory(InitiativeFactory, published=True)
    title = "Progress and impact"
    slug = factory.Sequence(lambda n: f"report-{n}")
    period_label = factory.Sequence(lambda n: f"Period {n}")
    period_start = datetime.date(2022, 6, 1)
    period_end = datetime.date(2024, 2, 29)

    class Params:
        published = _published_trait()


class ReportItemFactory(factory.django.DjangoModelFactory):
    """A report item; traits `with_figure`, `next_step`."""

    class Meta:
        model = ReportItem

    report = factory.SubFactory(ProgressReportFactory)
    section = Section.ACHIEVEMENTS
    text = factory.Sequence(lambda n: f"Item {n} of the report.")
    position = factory.Sequence(lambda n: n)

    class Params:
        with_figure = factory.Trait(figure=53, figure_label="survey respondents")
        next_step = factory.Trait(section=Section.NEXT_STEPS)


class NextStepReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NextStepReview

    next_step = factory.SubFactory(ReportItemFactory, next_step=True)
    report = factory.SubFactory(
        ProgressReportFactory,
        initiative=factory.SelfAttribute("..next_step.report.initiative"),
        period_start=datetime.date(2024, 3, 1),
        period_end=datetime.date(2025, 2, 28),
    )


class CaseStudyFactory(factory.django.DjangoModelFactory):
    """A case study owned by a university staff member; draft unless `in_review=True` or `published=True`."""

    class Meta:
        model = CaseStudy
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Case study {n}")
    slug = factory.Sequence(lambda n: f"case-study-{n}")
    summary = "How the university works with a partner."
    theme = Theme.COMMUNITY_ORGANISING
    body = "The story of the partnership."
    work_includes = "- placements\n- research"
    owner = factory.SubFactory(UserFactory, university_staff=True)
    status = Status.DRAFT

    class Params:
        published = _published_trait()
        in_review = factory.Trait(status=Status.IN_REVIEW)

    @factory.post_generation
    def partners(self, create, extracted, **kwargs):
        if create and extracted:
            self.partners.set(extracted)


class IndicatorBearingFactory(factory.django.DjangoModelFactory):
    """An ask that bears on an indicator; pass `ask=None, achievement=...` for an achievement instead."""

    class Meta:
        model = IndicatorBearing

    indicator = factory.SubFactory(IndicatorFactory)
    ask = factory.SubFactory(AskFactory, agreed=True)
    how = "Meant to move the figure."
