"""Wards and their area committees, the roles of each ward's Neighbourhood Action Team, and the council
officers who keep a ward's pages current."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from civicportal.core.constraints import FieldConstraintsMixin
from civicportal.core.fields import RichTextField
from civicportal.core.models import SlugNaturalKeyManager
from civicportal.core.roles import Role, user_has_role

DEMONSTRATION_HELP = "Tick when the figure illustrates the portal and is not a published fact; the page says so."
ROLE_MAILBOX_HELP = "A role mailbox such as neighbourhood.arboretum@civicportal.example, never a person's address."


class AreaCommittee(models.Model):
    """A council area committee, which brings two or three neighbouring wards together."""

    name = models.CharField("name", max_length=150, unique=True)
    slug = models.SlugField("slug", max_length=150, unique=True, help_text="The committee's part of the address.")
    description = RichTextField("description", blank=True)
    is_demonstration = models.BooleanField(
        "demonstration grouping",
        default=False,
        help_text="Tick when this grouping of wards illustrates the portal rather than records the council's own.",
    )

    history = HistoricalRecords()
    objects = SlugNaturalKeyManager()

    class Meta:
        ordering = ["name"]
        verbose_name = "area committee"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("neighbourhoods:committee", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)


class WardQuerySet(models.QuerySet):
    def with_ons_code(self):
        """Keep wards whose ONS code is recorded, the ones a postcode lookup can place."""
        return self.exclude(ons_code="")


class Ward(models.Model):
    """One of the city's electoral wards, with its Neighbourhood Action Team."""

    name = models.CharField("name", max_length=100, unique=True)
    slug = models.SlugField("slug", max_length=100, unique=True, help_text="The ward's part of the address.")
    area_committee = models.ForeignKey(
        AreaCommittee, verbose_name="area committee", on_delete=models.PROTECT, related_name="wards"
    )
    ons_code = models.CharField(
        "ONS ward code",
        max_length=9,
        blank=True,
        validators=[RegexValidator(r"^E05\d{6}$", "An ONS ward code is E05 and six digits.", code="ons_code")],
        help_text="The Office for National Statistics code, such as E05000001. Leave it empty unless you are sure.",
    )
    introduction = RichTextField("introduction", blank=True)
    councillor_seats = models.PositiveSmallIntegerField(
        "councillor seats",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(3)],
        help_text="How many city councillors the ward elects. Leave empty when it is not recorded.",
    )
    contact_email = models.EmailField("team mailbox", help_text=ROLE_MAILBOX_HELP)

    history = HistoricalRecords()
    objects = SlugNaturalKeyManager.from_queryset(WardQuerySet)()

    class Meta:
        ordering = ["name"]
        verbose_name = "ward"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("neighbourhoods:ward", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)


class TeamRole(models.TextChoices):
    """The roles of a Neighbourhood Action Team, its head first."""

    DEVELOPMENT_OFFICER = "development_officer", "Neighbourhood Development Officer"
    HOUSING = "housing", "Housing patch manager"
    COMMUNITY_PROTECTION = "community_protection", "Senior community protection officer"
    POLICE = "police", "Police beat sergeant"
    EARLY_HELP = "early_help", "Early help representative"


class TeamPositionManager(models.Manager):
    def get_by_natural_key(self, ward_slug, role):
        return self.get(ward__slug=ward_slug, role=role)


class TeamPosition(FieldConstraintsMixin, models.Model):
    """One role in a ward's Action Team, reached through the role's mailbox; a role may stand vacant."""

    ward = models.ForeignKey(Ward, verbose_name="ward", on_delete=models.CASCADE, related_name="team_positions")
    role = models.CharField("role", max_length=30, choices=TeamRole)
    mailbox = models.EmailField("role mailbox", blank=True, help_text=ROLE_MAILBOX_HELP)
    is_vacant = models.BooleanField("vacant", default=False, help_text="Tick while nobody holds the role.")
    note = models.CharField(
        "note", max_length=200, blank=True, help_text="For example who covers the role while it is vacant."
    )

    history = HistoricalRecords()
    objects = TeamPositionManager()

    # Where a refused constraint's sentence is shown: at this field of the form.
    constraint_fields = {"teamposition_one_per_role_and_ward": "role", "teamposition_filled_has_mailbox": "mailbox"}

    class Meta:
        ordering = ["ward", "role"]
        verbose_name = "team position"
        constraints = [
            models.UniqueConstraint(
                fields=["ward", "role"],
                name="teamposition_one_per_role_and_ward",
                violation_error_message="This ward's team already has this role.",
                violation_error_code="role_already_in_team",
            ),
            models.CheckConstraint(
                condition=Q(is_vacant=True) | ~Q(mailbox=""),
                name="teamposition_filled_has_mailbox",
                violation_error_message="Give the role's mailbox, or mark the role vacant.",
                violation_error_code="filled_without_mailbox",
            ),
        ]

    def __str__(self):
        return f"{self.get_role_display()}, {self.ward}"

    def natural_key(self):
        return (self.ward.slug, self.role)

    natural_key.dependencies = ["neighbourhoods.ward"]

    def clean(self):
        if not self.is_vacant and not self.mailbox:
            raise ValidationError(
                {"mailbox": ValidationError("Give the role's mailbox, or mark the role vacant.", code="mailbox_needed")}
            )


class OfficerAssignmentQuerySet(models.QuerySet):
    def for_user(self, user):
        """Keep the assignments of one user."""
        return self.filter(user=user)


class OfficerAssignment(FieldConstraintsMixin, models.Model):
    """A council officer's responsibility for a ward's pages, given by an administrator."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="officer", on_delete=models.CASCADE, related_name="+"
    )
    ward = models.ForeignKey(Ward, verbose_name="ward", on_delete=models.CASCADE, related_name="officer_assignments")
    assigned_at = models.DateTimeField("assigned", auto_now_add=True)

    history = HistoricalRecords()
    objects = OfficerAssignmentQuerySet.as_manager()

    # Where a refused constraint's sentence is shown: at this field of the form.
    constraint_fields = {"officerassignment_once_per_ward": "ward"}

    class Meta:
        ordering = ["ward", "user"]
        verbose_name = "officer assignment"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "ward"],
                name="officerassignment_once_per_ward",
                violation_error_message="This officer is already assigned to this ward.",
                violation_error_code="already_assigned",
            )
        ]

    def __str__(self):
        return f"{self.user} keeps {self.ward} current"

    def clean(self):
        if self.user_id and not user_has_role(self.user, Role.COUNCIL_OFFICER):
            raise ValidationError(
                {"user": ValidationError("Only a council officer can be assigned to a ward.", code="not_an_officer")}
            )
