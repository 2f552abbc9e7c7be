"""Long-running programmes, their work strands, and projects with the recorded moves between stages."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from civicportal.core.constraints import FieldConstraintsMixin
from civicportal.core.fields import RichTextField
from civicportal.core.models import Organisation, SlugNaturalKeyManager
from civicportal.core.publishing import Publishable, PublishableQuerySet

ROLE_MAILBOX_HELP = "The team's or organisation's own public mailbox, as it publishes it; never a person's address."
PUBLIC_PHONE_HELP = "The organisation's published switchboard or team line; never a person's own number."
DEMONSTRATION_HELP = "Tick when this illustrates the portal and is not a published fact; the page says so."


class Programme(Publishable):
    """A long-running programme, such as the Early Intervention City, with its aims and its commitments."""

    title = models.CharField("title", max_length=200)
    slug = models.SlugField("slug", max_length=200, unique=True, help_text="The programme's part of the address.")
    summary = models.CharField("summary", max_length=300, help_text="One or two sentences shown in lists.")
    launched_year = models.PositiveSmallIntegerField("year launched", help_text="The year the programme began.")
    lead_organisation = models.ForeignKey(
        Organisation, verbose_name="lead organisation", on_delete=models.PROTECT, related_name="+"
    )
    partners = models.ManyToManyField(Organisation, verbose_name="partners", blank=True, related_name="+")
    about = RichTextField("what it is")
    aims = RichTextField("aims")
    recognition = RichTextField("recognition", blank=True)
    recognised_by = models.ForeignKey(
        Organisation,
        verbose_name="recognised by",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The body that recognised the programme, if any.",
    )
    commitments = RichTextField("commitments for the future", blank=True)
    contact_team = models.CharField(
        "contact team", max_length=200, help_text="The team to contact, by role: never a person's name."
    )
    contact_email = models.EmailField("contact e-mail", blank=True, help_text=ROLE_MAILBOX_HELP)
    contact_phone = models.CharField("contact telephone", max_length=40, blank=True, help_text=PUBLIC_PHONE_HELP)
    contact_address = models.TextField(
        "contact address", blank=True, help_text="The team's published postal address, one line per line."
    )

    history = HistoricalRecords()
    objects = SlugNaturalKeyManager.from_queryset(PublishableQuerySet)()

    class Meta:
        ordering = ["title"]
        verbose_name = "programme"

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("initiatives:programme", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)

    natural_key.dependencies = ["core.organisation"]


class StrandKind(models.TextChoices):
    PROJECTS = "projects", "Projects"
    GOVERNANCE = "governance", "Governance"
    LEARNING = "learning", "Learning and evaluation"
    FINANCE = "finance", "Finance"
    KNOWLEDGE = "knowledge", "Knowledge management"


class WorkStrandManager(models.Manager):
    def get_by_natural_key(self, programme_slug, slug):
        return self.get(programme__slug=programme_slug, slug=slug)


class WorkStrand(FieldConstraintsMixin, models.Model):
    """One of a programme's strands of work, under which its projects sit."""

    programme = models.ForeignKey(Programme, verbose_name="programme", on_delete=models.CASCADE, related_name="strands")
    kind = models.CharField("kind", max_length=20, choices=StrandKind)
    title = models.CharField("title", max_length=200)
    slug = models.SlugField("slug", max_length=200)
    description = RichTextField("description")
    position = models.PositiveSmallIntegerField("position", default=0, help_text="Lower numbers come first.")

    history = HistoricalRecords()
    objects = WorkStrandManager()

    # Where a refused constraint's sentence is shown: at this field of the form.
    constraint_fields = {"workstrand_slug_unique_in_programme": "slug"}

    class Meta:
        ordering = ["programme", "position", "title"]
        verbose_name = "work strand"
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "slug"],
                name="workstrand_slug_unique_in_programme",
                violation_error_message="Another work strand of this programme already has this slug; choose another.",
                violation_error_code="slug_taken",
            ),
        ]

    def __str__(self):
        return self.title

    def natural_key(self):
        return (*self.programme.natural_key(), self.slug)

    natural_key.dependencies = ["initiatives.programme"]


class Stage(models.TextChoices):
    """Where a project stands; only `ProjectMove` rows record it."""

    PROPOSED = "proposed", "Proposed"
    PILOT = "pilot", "Pilot"
    UNDER_EVALUATION = "under_evaluation", "Under evaluation"
    ROLLING_OUT = "rolling_out", "Being rolled out"
    ADOPTED = "adopted", "Adopted into everyday practice"
    TESTING_FURTHER = "testing_further", "Being tested further"
    CLOSED = "closed", "Closed"


# The stage every project starts at, before any move is recorded.
FIRST_STAGE = Stage.PROPOSED

# The only moves a project may make. A closed project stays closed: trying it again is a new project.
ALLOWED_MOVES: dict[Stage, frozenset[Stage]] = {
    Stage.PROPOSED: frozenset({Stage.PILOT, Stage.CLOSED}),
    Stage.PILOT: frozenset({Stage.UNDER_EVALUATION, Stage.CLOSED}),
    Stage.UNDER_EVALUATION: frozenset({Stage.ROLLING_OUT, Stage.ADOPTED, Stage.TESTING_FURTHER, Stage.CLOSED}),
    Stage.ROLLING_OUT: frozenset({Stage.ADOPTED, Stage.UNDER_EVALUATION, Stage.CLOSED}),
    Stage.TESTING_FURTHER: frozenset({Stage.UNDER_EVALUATION, Stage.CLOSED}),
    Stage.ADOPTED: frozenset({Stage.UNDER_EVALUATION, Stage.CLOSED}),
    Stage.CLOSED: frozenset(),
}

# Leaving evaluation is a decision, so it must cite the evaluation that justified it.
EVALUATION_REQUIRED_FROM = frozenset({Stage.UNDER_EVALUATION})


def _latest_move_stage():
    return Subquery(
        ProjectMove.objects.filter(project=OuterRef("pk")).order_by("-moved_on", "-pk").values("to_stage")[:1]
    )


class ProjectQuerySet(models.QuerySet):
    def with_stage(self):
        """Annotate each project with `current_stage`, the stage of its latest recorded move."""
        return self.annotate(current_stage=Coalesce(_latest_move_stage(), Value(FIRST_STAGE.value)))

    def at_stage(self, stage: str):
        """Keep projects whose latest recorded move put them at a stage."""
        return self.with_stage().filter(current_stage=stage)

    def not_at_stage(self, stage: str):
        """Keep projects at any other stage."""
        return self.with_stage().exclude(current_stage=stage)

    def live(self):
        """Keep projects of live programmes, which residents may see."""
        return self.filter(strand__programme__in=Programme.objects.live())

    def not_live(self):
        """Keep projects of programmes residents may not see yet."""
        return self.exclude(strand__programme__in=Programme.objects.live())


class Project(models.Model):
    """A project under a work strand; its stage is that of its latest recorded move, never typed."""

    strand = models.ForeignKey(
        WorkStrand, verbose_name="work strand", on_delete=models.PROTECT, related_name="projects"
    )
    title = models.CharField("title", max_length=200)
    slug = models.SlugField("slug", max_length=200, unique=True, help_text="The project's part of the address.")
    summary = models.CharField("summary", max_length=300, help_text="One or two sentences shown in lists.")
    description = RichTextField("description", blank=True)
    lead_organisation = models.ForeignKey(
        Organisation,
        verbose_name="lead organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    proposed_on = models.DateField("proposed on", null=True, blank=True, help_text="Leave empty if not recorded.")

    history = HistoricalRecords()
    objects = SlugNaturalKeyManager.from_queryset(ProjectQuerySet)()

    class Meta:
        ordering = ["title"]
        verbose_name = "project"

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("initiatives:project", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)

    natural_key.dependencies = ["initiatives.workstrand", "core.organisation"]

    @property
    def stage(self) -> Stage:
        """Return the current stage: annotated by `with_stage()`, else read from the latest move."""
        annotated = getattr(self, "current_stage", None)
        if annotated is not None:
            return Stage(annotated)
        latest = self.moves.order_by("-moved_on", "-pk").values_list("to_stage", flat=True).first()
        return Stage(latest or FIRST_STAGE)


class EvaluationManager(models.Manager):
    def get_by_natural_key(self, project_slug, slug):
        return self.get(project__slug=project_slug, slug=slug)


class Evaluation(FieldConstraintsMixin, models.Model):
    """An evaluation of a project, which can justify moving it to another stage."""

    project = models.ForeignKey(Project, verbose_name="project", on_delete=models.CASCADE, related_name="evaluations")
    title = models.CharField("title", max_length=200)
    slug = models.SlugField("slug", max_length=200)
    completed_on = models.DateField("completed on")
    evaluator = models.ForeignKey(
        Organisation, verbose_name="evaluated by", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    findings = RichTextField("findings")
    url = models.URLField("report address", blank=True, help_text="Where the full evaluation can be read, if public.")
    is_demonstration = models.BooleanField("demonstration value", default=False, help_text=DEMONSTRATION_HELP)

    history = HistoricalRecords()
    objects = EvaluationManager()

    # Where a refused constraint's sentence is shown: at this field of the form.
    constraint_fields = {"evaluation_slug_unique_in_project": "slug"}

    class Meta:
        ordering = ["-completed_on"]
        verbose_name = "evaluation"
        constraints = [
            models.UniqueConstraint(
                fields=["project", "slug"],
                name="evaluation_slug_unique_in_project",
                violation_error_message="Another evaluation of this project already has this slug; choose another.",
                violation_error_code="slug_taken",
            ),
        ]

    def __str__(self):
        return self.title

    def natural_key(self):
        return (*self.project.natural_key(), self.slug)

    natural_key.dependencies = ["initiatives.project"]


class ProjectMoveManager(models.Manager):
    def get_by_natural_key(self, project_slug, moved_on, to_stage):
        return self.get(project__slug=project_slug, moved_on=moved_on, to_stage=to_stage)


class ProjectMove(FieldConstraintsMixin, models.Model):
    """A recorded move of a project from one stage to another: made only by `services.project_move`."""

    project = models.ForeignKey(Project, verbose_name="project", on_delete=models.CASCADE, related_name="moves")
    from_stage = models.CharField("from stage", max_length=20, choices=Stage)
    to_stage = models.CharField("to stage", max_length=20, choices=Stage)
    moved_on = models.DateField("moved on")
    evaluation = models.ForeignKey(
        Evaluation,
        verbose_name="evaluation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="moves",
        help_text="The evaluation that justified the move.",
    )
    note = models.CharField("note", max_length=300, blank=True)
    is_demonstration = models.BooleanField("demonstration value", default=False, help_text=DEMONSTRATION_HELP)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="recorded by",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField("recorded at", auto_now_add=True)

    history = HistoricalRecords()
    objects = ProjectMoveManager()

    # Where a refused constraint's sentence is shown: at this field of the form.
    constraint_fields = {"projectmove_changes_stage": "to_stage", "projectmove_decision_cites_evaluation": "evaluation"}

    class Meta:
        ordering = ["moved_on", "pk"]
        verbose_name = "project move"
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_stage=models.F("to_stage")),
                name="projectmove_changes_stage",
                violation_error_message="Choose a stage other than the one the project is moving from.",
                violation_error_code="same_stage",
            ),
            models.CheckConstraint(
                condition=~Q(from_stage=Stage.UNDER_EVALUATION) | Q(evaluation__isnull=False),
                name="projectmove_decision_cites_evaluation",
                violation_error_message="Name the evaluation that justified this decision.",
                violation_error_code="decision_without_evaluation",
            ),
        ]

    def __str__(self):
        return f"{self.project}: {self.get_from_stage_display()} to {self.get_to_stage_display()}"

    def natural_key(self):
        return (*self.project.natural_key(), self.moved_on, self.to_stage)

    natural_key.dependencies = ["initiatives.project", "initiatives.evaluation"]

    def clean(self):
        errors = {}
        if self.from_stage not in Stage.values or self.to_stage not in Stage.values:
            return  # the missing or unknown stage is reported at its field by clean_fields
        if Stage(self.to_stage) not in ALLOWED_MOVES[Stage(self.from_stage)]:
            errors["to_stage"] = ValidationError(
                "A project cannot move from “%(from)s” to “%(to)s”.",
                code="move_not_allowed",
                params={"from": Stage(self.from_stage).label, "to": Stage(self.to_stage).label},
            )
        if Stage(self.from_stage) in EVALUATION_REQUIRED_FROM and self.evaluation_id is None:
            errors["evaluation"] = ValidationError(
                "Name the evaluation that justified this decision.", code="evaluation_required"
            )
        if self.evaluation_id is not None:
            if self.evaluation.project_id != self.project_id:
                errors["evaluation"] = ValidationError(
                    "Choose an evaluation of this project.", code="evaluation_of_other_project"
                )
            elif self.moved_on and self.evaluation.completed_on > self.moved_on:
                errors["evaluation"] = ValidationError(
                    "The evaluation was completed after this move; a move can only rest on a finished evaluation.",
                    code="evaluation_after_move",
                )
        if self.pk is None and self.project_id and self.moved_on:
            self._check_date(errors)
        if errors:
            raise ValidationError(errors)

    def _check_date(self, errors: dict) -> None:
        latest = self.project.moves.order_by("-moved_on", "-pk").first()
        if latest is not None and self.moved_on < latest.moved_on:
            errors["moved_on"] = ValidationError(
                "A move cannot be dated before the project's latest move (%(date)s).",
                code="move_before_latest",
                params={"date": latest.moved_on.strftime("%-d %B %Y")},
            )
        elif self.moved_on > timezone.localdate():
            errors["moved_on"] = ValidationError("A move cannot be dated in the future.", code="move_in_future")
