"""Ward budget allocations to local groups as open data in the 360Giving Data Standard, in JSON and CSV.

Each grant names Nottingham City Council as funder and the ward as the beneficiary location. A ward's ONS
code is given only where the ward records one; an unknown code is left empty rather than guessed.
A recipient without a charity number gets a 360Giving identifier of the portal's own making.
"""

import io
from decimal import Decimal

from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import timezone

from civicportal.core.spreadsheets import SpreadsheetWriter

from .models import Allocation

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


def grants_csv(request):
    """Serve the grants in the 360Giving one-row-per-grant CSV layout."""
    url = request.build_absolute_uri(reverse("neighbourhoods:allocations"))
    buffer = io.StringIO()
    writer = SpreadsheetWriter(buffer)
    writer.writerow(CSV_COLUMNS)
    for allocation in grants():
        data = grant(allocation, url=url)
        recipient, location, programme = (
            data["recipientOrganization"][0],
            data["beneficiaryLocation"][0],
            data["grantProgramme"][0],
        )
        writer.writerow(
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
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="nottingham-ward-grants.csv"'
    return response
