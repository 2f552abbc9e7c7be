"""Ward budget allocations to local groups as open data in the 360Giving Data Standard, in JSON and CSV.

Each grant names Nottingham City Council as funder and the ward as the beneficiary location. A ward's ONS
code is given only where the ward records one; an unknown code is left empty rather than guessed.
A recipient without a charity number gets a 360Giving identifier of the portal's own making.
"""

from decimal import Decimal

from django.db.models import Count, Max, Q
from django.db.models.functions import Greatest
from django.http import JsonResponse
from django.urls import reverse
from django.utils import timezone

from civicportal.core.opendata import (
    Dataset,
    Distribution,
    ExportTable,
    Table,
    csv_response,
    dataset_export,
    export_table,
    json_response,
    name_of,
    url_of,
    yes_no,
)
from civicportal.core.outbox import absolute_url

from .models import (
    Allocation,
    AreaCommittee,
    Event,
    LocalCampaign,
    SurveyResult,
    TeamPosition,
    Ward,
    WardBudget,
    WardNews,
)

IDENTIFIER_PREFIX = "360G-civicportal-nottingham"
FUNDER = {"id": "GB-LAE-NGM", "name": "Nottingham City Council"}
LICENCE = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
CSV_COLUMNS = [
    "Identifier",
    "Title",
    "Description",
    "Currency",
    "Amount Awarded",
    "Award Date",
    "URL",
    "Recipient Org:Identifier",
    "Recipient Org:Name",
    "Recipient Org:Charity Number",
    "Beneficiary Location:Name",
    "Beneficiary Location:Geographic Code",
    "Beneficiary Location:Geographic Code Type",
    "Funding Org:Identifier",
    "Funding Org:Name",
    "Grant Programme:Code",
    "Grant Programme:Title",
    "Last modified",
]


def grants():
    """Return the allocations published as grants: those to local groups, newest first."""
    return Allocation.objects.to_groups().select_related("budget__ward").order_by("-decided_on", "reference")


def _recipient_id(allocation: Allocation) -> str:
    if allocation.recipient_charity_number:
        return f"GB-CHC-{allocation.recipient_charity_number}"
    return f"{IDENTIFIER_PREFIX}-recipient-{allocation.reference}"


def grant(allocation: Allocation, *, url: str) -> dict:
    """Return one allocation as a 360Giving grant."""
    ward = allocation.budget.ward
    location = {"name": f"{ward.name} ward, Nottingham"}
    if ward.ons_code:
        location |= {"geoCode": ward.ons_code, "geoCodeType": "WD"}
    recipient = {"id": _recipient_id(allocation), "name": allocation.recipient_name}
    if allocation.recipient_charity_number:
        recipient["charityNumber"] = allocation.recipient_charity_number
    # A demonstration figure says so in its own words, so nobody takes it for a real grant.
    marker = "Demonstration figure, not a real grant: " if allocation.is_demonstration else ""
    return {
        "id": f"{IDENTIFIER_PREFIX}-{allocation.reference}",
        "title": f"{marker}Ward budget allocation: {allocation.recipient_name}",
        "description": f"{marker}{allocation.purpose}",
        "currency": "GBP",
        "amountAwarded": allocation.amount_pence / 100,
        "awardDate": allocation.decided_on.isoformat(),
        "url": url,
        "recipientOrganization": [recipient],
        "beneficiaryLocation": [location],
        "fundingOrganization": [FUNDER],
        "grantProgramme": [
            {
                "code": f"ward-budget-{allocation.budget.year}",
                "title": f"{ward.name} ward budget {allocation.budget.year_label}",
            }
        ],
        "dateModified": allocation.updated_at.isoformat(),
    }


def grants_json(request):
    """Serve the grants as a 360Giving data package in JSON."""
    url = request.build_absolute_uri(reverse("neighbourhoods:allocations"))
    package = {
        "grants": [grant(allocation, url=url) for allocation in grants()],
        "title": "Nottingham ward budget allocations to local groups",
        "description": "Money the city's ward budgets allocated to local groups, published by Civic Portal.",
        "issued": timezone.now().isoformat(),
        "publisher": {"name": "Civic Portal Nottingham"},
        "license": LICENCE,
    }
    response = JsonResponse(package, json_dumps_params={"ensure_ascii": False, "indent": 1})
    response["Content-Disposition"] = 'inline; filename="nottingham-ward-grants.json"'
    return response


def grants_table(*, url: str) -> Table:
    """Return the grants in the 360Giving one-row-per-grant layout; `url` is the allocations page's address."""
    rows = []
    for allocation in grants():
        data = grant(allocation, url=url)
        recipient, location, programme = (
            data["recipientOrganization"][0],
            data["beneficiaryLocation"][0],
            data["grantProgramme"][0],
        )
        rows.append(
            [
                data["id"],
                data["title"],
                data["description"],
                data["currency"],
                Decimal(allocation.amount_pence).scaleb(-2),
                data["awardDate"],
                data["url"],
                recipient["id"],
                recipient["name"],
                recipient.get("charityNumber", ""),
                location["name"],
                location.get("geoCode", ""),
                location.get("geoCodeType", ""),
                FUNDER["id"],
                FUNDER["name"],
                programme["code"],
                programme["title"],
                data["dateModified"],
            ]
        )
    return Table(CSV_COLUMNS, rows)


def grants_csv(request):
    """Serve the grants in the 360Giving one-row-per-grant CSV layout."""
    url = request.build_absolute_uri(reverse("neighbourhoods:allocations"))
    return csv_response(grants_table(url=url), filename="nottingham-ward-grants.csv")


BUDGET_COLUMNS = [
    "ward",
    "ward_code",
    "year",
    "year_label",
    "budget_pence",
    "allocated_pence",
    "remaining_pence",
    "demonstration_value",
]
EVENT_COLUMNS = [
    "title",
    "url",
    "ward",
    "starts_at",
    "ends_at",
    "repeats",
    "series_ends_at",
    "venue",
    "organiser",
    "summary",
    "demonstration_value",
]


def budgets_table() -> Table:
    """Return every ward budget with what is allocated from it and what remains, in pence."""
    # What is allocated is a demonstration figure too when any allocation in it is one.
    budgets = (
        WardBudget.objects.with_allocated()
        .annotate(demonstration_allocations=Count("allocations", filter=Q(allocations__is_demonstration=True)))
        .select_related("ward")
        .order_by("-year", "ward__name")
    )
    rows = [
        [
            budget.ward.name,
            budget.ward.ons_code,
            budget.year,
            budget.year_label,
            budget.amount_pence,
            budget.allocated_pence,
            budget.amount_pence - budget.allocated_pence,
            yes_no(budget.is_demonstration or budget.demonstration_allocations > 0),
        ]
        for budget in budgets
    ]
    return Table(BUDGET_COLUMNS, rows)


def budgets_csv(request):
    """Download every ward budget as CSV."""
    return csv_response(budgets_table(), filename="nottingham-ward-budgets.csv")


def budgets_json(request):
    """Serve every ward budget as JSON."""
    return json_response(budgets_table(), title="Nottingham ward budgets", filename="nottingham-ward-budgets.json")


def events_table() -> Table:
    """Return every live event, soonest first (a repeating event is one row with its rule)."""
    events = Event.objects.live().select_related("ward").order_by("starts_at", "pk")
    rows = [
        [
            event.title,
            event.get_absolute_url(),
            event.ward.name,
            event.starts_at,
            event.ends_at,
            event.recurrence,
            event.series_ends_at,
            event.venue,
            event.organiser,
            event.summary,
            yes_no(event.is_demonstration),
        ]
        for event in events
    ]
    return Table(EVENT_COLUMNS, rows)


def datasets() -> list[Dataset]:
    """Return the neighbourhoods' datasets for the open-data catalogue."""
    return [
        Dataset(
            name="ward-budgets",
            title="Ward budgets",
            description="Each ward's annual budget, with what has been allocated from it and what remains.",
            row="One ward's budget for one financial year; money in pence.",
            distributions=(
                Distribution("CSV", reverse("neighbourhoods:budgets_csv")),
                Distribution("JSON", reverse("neighbourhoods:budgets_json")),
            ),
            table=budgets_table,
            last_changed=lambda: Allocation.objects.aggregate(at=Max("updated_at"))["at"],
        ),
        Dataset(
            name="ward-grants",
            title="Ward budget grants to local groups (360Giving)",
            description="Money the ward budgets allocated to local groups, in the 360Giving Data Standard.",
            row="One allocation to a local group, as a 360Giving grant; amounts in pounds, as the standard asks.",
            distributions=(
                Distribution("CSV", reverse("neighbourhoods:grants_csv")),
                Distribution("JSON", reverse("neighbourhoods:grants_json")),
            ),
            table=lambda: grants_table(url=absolute_url(reverse("neighbourhoods:allocations"))),
            last_changed=lambda: grants().aggregate(at=Max("updated_at"))["at"],
        ),
        Dataset(
            name="events",
            title="Neighbourhood events",
            description="Events in every ward, co-produced with residents, as a calendar.",
            row="One event; a repeating event is one row with its rule.",
            distributions=(Distribution("iCal", reverse("neighbourhoods:calendar")),),
            table=events_table,
            last_changed=lambda: Event.objects.live().aggregate(at=Max(Greatest("updated_at", "publish_at")))["at"],
        ),
    ]


def export_tables() -> list[ExportTable]:
    """Return every kind of live item of the neighbourhoods for the whole-portal export: no mailbox, no officer."""
    by_name = {dataset.name: dataset for dataset in datasets()}
    return [
        export_table(
            name="wards",
            title="Wards",
            row="One ward, with its ONS code where recorded and its area committee.",
            items=lambda: Ward.objects.select_related("area_committee").order_by("name"),
            columns={
                "name": lambda ward: ward.name,
                "url": url_of,
                "ons_code": lambda ward: ward.ons_code,
                "area_committee": lambda ward: ward.area_committee.name,
                "councillor_seats": lambda ward: ward.councillor_seats,
                "introduction": lambda ward: ward.introduction,
            },
        ),
        export_table(
            name="area-committees",
            title="Area committees",
            row="One area committee of two or three wards.",
            items=lambda: AreaCommittee.objects.order_by("name"),
            columns={
                "name": lambda committee: committee.name,
                "url": url_of,
                "description": lambda committee: committee.description,
                "demonstration_value": lambda committee: yes_no(committee.is_demonstration),
            },
        ),
        export_table(
            name="team-roles",
            title="Neighbourhood Action Team roles",
            row="One role in a ward's Neighbourhood Action Team, by role only (no person, no mailbox).",
            items=lambda: TeamPosition.objects.select_related("ward").order_by("ward__name", "role"),
            columns={
                "ward": lambda position: position.ward.name,
                "role": lambda position: position.get_role_display(),
                "vacant": lambda position: yes_no(position.is_vacant),
                "note": lambda position: position.note,
            },
        ),
        dataset_export(by_name["ward-budgets"], items=WardBudget.objects.all),
        export_table(
            name="allocations",
            title="Ward budget allocations",
            row="One allocation from a ward's budget (to a group, an event or an improvement); money in pence.",
            items=lambda: Allocation.objects.select_related("budget__ward").order_by("-decided_on", "reference"),
            columns={
                "reference": lambda allocation: allocation.reference,
                "ward": lambda allocation: allocation.budget.ward.name,
                "budget_year": lambda allocation: allocation.budget.year_label,
                "recipient_kind": lambda allocation: allocation.get_recipient_kind_display(),
                "recipient_name": lambda allocation: allocation.recipient_name,
                "recipient_charity_number": lambda allocation: allocation.recipient_charity_number,
                "category": lambda allocation: allocation.get_category_display(),
                "amount_pence": lambda allocation: allocation.amount_pence,
                "decided_on": lambda allocation: allocation.decided_on,
                "purpose": lambda allocation: allocation.purpose,
                "demonstration_value": lambda allocation: yes_no(allocation.is_demonstration),
            },
        ),
        dataset_export(by_name["ward-grants"], items=grants),
        dataset_export(by_name["events"], items=Event.objects.live),
        export_table(
            name="local-campaigns",
            title="Local behaviour-change campaigns",
            row="One live campaign of a ward or of the city.",
            items=lambda: LocalCampaign.objects.live().select_related("ward").order_by("-year", "title", "pk"),
            columns={
                "title": lambda campaign: campaign.title,
                "url": url_of,
                "ward": lambda campaign: name_of(campaign.ward),
                "year": lambda campaign: campaign.year,
                "starts_on": lambda campaign: campaign.starts_on,
                "ends_on": lambda campaign: campaign.ends_on,
                "summary": lambda campaign: campaign.summary,
                "issue": lambda campaign: campaign.issue,
                "ask": lambda campaign: campaign.ask,
                "results": lambda campaign: campaign.results,
            },
        ),
        export_table(
            name="ward-news",
            title="News from the wards",
            row="One live post of a ward; its words are HTML.",
            items=lambda: WardNews.objects.live().select_related("ward").order_by("-publish_at", "-pk"),
            columns={
                "title": lambda post: post.title,
                "url": url_of,
                "ward": lambda post: post.ward.name,
                "summary": lambda post: post.summary,
                "body_html": lambda post: post.body,
                "published_at": lambda post: post.publish_at,
            },
        ),
        export_table(
            name="survey-results",
            title="Residents' survey figures",
            row="One figure of one year's residents' survey, for the city or a ward, in per cent.",
            items=lambda: SurveyResult.objects.select_related("ward").order_by("year", "measure", "ward__name", "pk"),
            columns={
                "year": lambda result: result.year,
                "measure": lambda result: result.get_measure_display(),
                "ward": lambda result: name_of(result.ward),
                "percent": lambda result: result.percent,
                "sample_size": lambda result: result.sample_size,
                "source": lambda result: result.source,
                "demonstration_value": lambda result: yes_no(result.is_demonstration),
            },
        ),
    ]
