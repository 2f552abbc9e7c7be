"""The Nottingham programme and initiative content: stages as the source gives them, real public contacts."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from initiatives.models import Indicator, IndicatorValue, Project, Stage

pytestmark = pytest.mark.django_db

FIXTURES = Path(settings.BASE_DIR) / "fixtures"


@pytest.fixture
def nottingham():
    call_command("loaddata", "core.json", "neighbourhoods.json", "initiatives.json", verbosity=0)


def test_the_childrens_workforce_strategy_is_being_rolled_out(client, nottingham):
    """Seen to fail: on the fixture that moved it to "Adopted into everyday practice"."""
    project = Project.objects.get(slug="childrens-workforce-strategy")

    response = client.get(project.get_absolute_url())

    assert project.stage == Stage.ROLLING_OUT
    assert response.status_code == 200
    assert "Being rolled out" in response.text
    assert "still being rolled out" in response.text
    assert "Adopted into everyday practice" not in response.text


def test_the_programme_is_reached_through_the_councils_published_contact_point(client, nottingham):
    """Seen to fail: on the fixture that gave an invented @civicportal.example address instead."""
    response = client.get(reverse("initiatives:programme", kwargs={"slug": "early-intervention-city"}))

    assert response.status_code == 200
    contact = response.text.split('id="contact-heading"', 1)[1].split("</section>", 1)[0]
    assert "Nottingham City Council, Strategy and Procurement" in contact
    assert "Loxley House<br>Station Street" in contact
    assert '<a href="tel:01158764800">0115 876 4800</a>' in contact
    assert "civicportal.example" not in contact


def test_the_clifton_initiative_is_reached_through_its_ntu_mailbox(client, nottingham):
    """Seen to fail: on the fixture that gave clifton-initiative@civicportal.example."""
    response = client.get(reverse("initiatives:initiative", kwargs={"slug": "clifton-collective-impact-initiative"}))

    assert response.status_code == 200
    assert '<a href="mailto:CenSCE@ntu.ac.uk">CenSCE@ntu.ac.uk</a>' in response.text
    assert "clifton-initiative@civicportal.example" not in response.text


def test_the_clifton_progress_report_gives_the_ntu_mailbox_as_its_contact(client, nottingham):
    """Seen to fail: the report printed the address as plain text, not as a way to write."""
    response = client.get(
        reverse(
            "initiatives:report",
            kwargs={"initiative": "clifton-collective-impact-initiative", "slug": "summer-2022-february-2024"},
        )
    )

    assert response.status_code == 200
    contact = response.text.split('class="report__contact"', 1)[1].split("</p>", 1)[0]
    assert "Nottingham Trent University" in contact
    assert '<a href="mailto:CenSCE@ntu.ac.uk">CenSCE@ntu.ac.uk</a>' in contact


def test_no_fixture_holds_a_persons_own_mailbox_or_phone_number():
    """The source names a council officer with her mailbox and mobile; none of it is kept."""
    text = "\n".join(path.read_text() for path in FIXTURES.glob("*.json"))
    addresses = set(re.findall(r"[\w.+-]+@[\w.-]+", text))
    phones = set(re.findall(r"\b0\d{3,4} ?\d{3} ?\d{3,4}\b", text))

    assert {address for address in addresses if not address.endswith("@civicportal.example")} == {"CenSCE@ntu.ac.uk"}
    assert phones == {"0115 876 4800"}
    assert "Heidi" not in text


def test_every_target_in_the_fixtures_is_a_marked_demonstration_value(nottingham):
    """The sources set no target for any indicator, so each target the fixtures hold is marked as a demonstration."""
    with_target = Indicator.objects.exclude(target_value=None)
    assert with_target.exists()
    assert not with_target.filter(target_is_demonstration=False).exists()


def test_every_interval_in_the_fixtures_is_on_a_marked_demonstration_value(nottingham):
    with_interval = IndicatorValue.objects.exclude(lower=None)
    assert with_interval.exists()
    assert not with_interval.filter(is_demonstration=False).exists()


def test_a_demonstration_target_is_marked_on_its_indicators_page(client, nottingham):
    response = client.get(reverse("initiatives:indicator", kwargs={"slug": "clifton-unemployment"}))
    assert response.status_code == 200
    assert "No source sets a target for this indicator" in response.text
