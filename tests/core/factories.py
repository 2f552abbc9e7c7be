"""Factories for the shared models and for users by role."""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from civicportal.core.models import Organisation, Page, Sector, Subscription
from civicportal.core.publishing import Status
from civicportal.core.roles import Role


class UserFactory(factory.django.DjangoModelFactory):
    """A user; traits give the roles: `UserFactory(editor=True)`, `UserFactory(officer=True)`."""

    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password("correct-horse-battery")

    class Params:
        editor = factory.Trait(
            is_staff=True, role=factory.PostGeneration(lambda user, create, _: _join(user, Role.EDITOR))
        )
        officer = factory.Trait(
            is_staff=True, role=factory.PostGeneration(lambda user, create, _: _join(user, Role.COUNCIL_OFFICER))
        )
        university_staff = factory.Trait(
            role=factory.PostGeneration(lambda user, create, _: _join(user, Role.UNIVERSITY_STAFF))
        )
        organiser = factory.Trait(
            role=factory.PostGeneration(lambda user, create, _: _join(user, Role.ALLIANCE_ORGANISER))
        )
        superuser = factory.Trait(is_staff=True, is_superuser=True)

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        """Put the user in the group of the role given as `role=` (a trait does the same)."""
        if create and extracted:
            _join(self, extracted)


def _join(user, role: Role) -> None:
    user.groups.add(Group.objects.get(name=Role(role).label))


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.Sequence(lambda n: f"organisation-{n}")
    sector = Sector.CHARITY
    description = "A community group in the city."


class PageFactory(factory.django.DjangoModelFactory):
    """A page of the portal; traits: `published`, `scheduled` (tomorrow), `in_review`, `archived`; default draft."""

    class Meta:
        model = Page

    title = factory.Sequence(lambda n: f"Page {n}")
    slug = factory.Sequence(lambda n: f"page-{n}")
    summary = "A page about the portal."
    body = "A paragraph of text.\n\n- one\n- two"
    status = Status.DRAFT
    owner = factory.SubFactory(UserFactory)

    class Params:
        published = factory.Trait(
            status=Status.PUBLISHED,
            publish_at=factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(hours=1)),
        )
        scheduled = factory.Trait(
            status=Status.PUBLISHED,
            publish_at=factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=1)),
        )
        in_review = factory.Trait(status=Status.IN_REVIEW)
        archived = factory.Trait(status=Status.ARCHIVED)


class SubscriptionFactory(factory.django.DjangoModelFactory):
    """Someone following `target` by e-mail; `confirmed=True` once they have clicked the confirmation link."""

    class Meta:
        model = Subscription
        exclude = ("target",)

    target = factory.SubFactory(PageFactory, published=True)
    email = factory.Sequence(lambda n: f"resident{n}@example.org")
    content_type = factory.LazyAttribute(lambda o: ContentType.objects.get_for_model(o.target))
    object_id = factory.LazyAttribute(lambda o: o.target.pk)
    target_title = factory.LazyAttribute(lambda o: str(o.target))
    consent_text = "Send me an e-mail when there is news."

    class Params:
        confirmed = factory.Trait(confirmed_at=factory.LazyFunction(timezone.now))
