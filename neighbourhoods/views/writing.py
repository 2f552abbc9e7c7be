"""The pages of council officers who keep their wards current.

Each view fetches the ward through the permission check (403 for a ward that is not theirs), binds a form,
calls one service, then redirects or shows the form with its errors."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from civicportal.core import permissions as core_permissions

from .. import selectors, services
from ..forms import (
    AllocationForm,
    EventForm,
    LocalCampaignForm,
    SurveyResultForm,
    TeamPositionForm,
    WardForm,
    WardNewsForm,
)
from ..models import Allocation, Event, LocalCampaign, SurveyResult, TeamPosition, TeamRole, WardBudget, WardNews
from ..permissions import get_ward_for_edit, wards_editable_by
from . import _crumbs


def _edit_crumbs(ward, *crumbs):
    """Return a breadcrumb trail through the ward's edit page to one of its forms."""
    return _crumbs(
        ("Wards", reverse("neighbourhoods:wards")),
        (ward.name, ward.get_absolute_url()),
        ("Edit", reverse("neighbourhoods:edit", kwargs={"slug": ward.slug})),
        *crumbs,
    )


def _add_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: at its field when the form has one, else at the top."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def _saved(request, form, save, message: str) -> bool:
    """Validate the form, call the service; True when it saved, False with the errors on the form."""
    if request.method != "POST" or not form.is_valid():
        return False
    try:
        save(form.cleaned_data)
    except ValidationError as error:
        _add_errors(form, error)
        return False
    messages.success(request, message)
    return True


def _form_page(request, ward, form, *, title: str, status: int | None = None, **extra):
    context = {"ward": ward, "form": form, "title": title, "breadcrumbs": _edit_crumbs(ward, (title, None)), **extra}
    bad = request.method == "POST" and form.errors
    return render(request, "neighbourhoods/edit_form.html", context, status=status or (400 if bad else 200))


def _model_data(form) -> dict:
    """Return the cleaned values of the form's fields that are fields of its model."""
    names = {field.name for field in form._meta.model._meta.get_fields()}
    return {name: value for name, value in form.cleaned_data.items() if name in names}


@login_required
def my_wards(request):
    """List the wards the signed-in officer keeps current."""
    wards = list(wards_editable_by(request.user).order_by("name"))
    context = {
        "wards": wards,
        "breadcrumbs": _crumbs(("Your wards", None)),
    }
    return render(request, "neighbourhoods/my_wards.html", context)


@login_required
def ward_edit(request, slug):
    """Show what an officer can change in a ward, and change its introduction and mailbox."""
    ward = get_ward_for_edit(request.user, slug)
    form = WardForm(request.POST or None, instance=ward)
    if _saved(
        request,
        form,
        lambda data: services.ward_update(ward=ward, user=request.user, **data),
        "The ward's introduction is saved.",
    ):
        return redirect("neighbourhoods:edit", slug=ward.slug)
    context = {
        "ward": ward,
        "form": form,
        **selectors.ward_edit_page(ward),
        "breadcrumbs": _crumbs(
            ("Wards", reverse("neighbourhoods:wards")), (ward.name, ward.get_absolute_url()), ("Edit", None)
        ),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "neighbourhoods/ward_edit.html", context, status=status)


@login_required
def team_edit(request, slug, role):
    """Set the mailbox of one role of the ward's team, or mark it vacant."""
    ward = get_ward_for_edit(request.user, slug)
    if role not in TeamRole.values:
        raise Http404("No such role.")
    role = TeamRole(role)
    position = TeamPosition.objects.filter(ward=ward, role=role).first()
    initial = {"mailbox": position.mailbox, "is_vacant": position.is_vacant, "note": position.note} if position else {}
    form = TeamPositionForm(request.POST or None, initial=initial, role=role)
    if _saved(
        request,
        form,
        lambda data: services.team_position_set(ward=ward, user=request.user, role=role, **data),
        f"The {role.label} is saved.",
    ):
        return redirect("neighbourhoods:edit", slug=ward.slug)
    return _form_page(request, ward, form, title=f"{role.label}, {ward.name}")


def _budget_for(ward, year) -> WardBudget:
    return get_object_or_404(WardBudget, ward=ward, year=year)


@login_required
def allocation_create(request, slug, year):
    """Allocate money from one of the ward's budgets."""
    ward = get_ward_for_edit(request.user, slug)
    budget = _budget_for(ward, year)
    form = AllocationForm(
        request.POST or None, instance=Allocation(budget=budget), initial={"decided_on": timezone.localdate()}
    )
    if _saved(
        request,
        form,
        lambda data: services.allocation_create(budget=budget, user=request.user, **_model_data(form)),
        "The allocation is saved.",
    ):
        return redirect("neighbourhoods:edit", slug=ward.slug)
    return _form_page(request, ward, form, title=f"New allocation from the {budget.year_label} budget", budget=budget)


@login_required
def allocation_update(request, slug, pk):
    """Change an allocation from one of the ward's budgets."""
    ward = get_ward_for_edit(request.user, slug)
    allocation = get_object_or_404(Allocation.objects.select_related("budget"), pk=pk, budget__ward=ward)
    form = AllocationForm(request.POST or None, instance=allocation)
    if _saved(
        request,
        form,
        lambda data: services.allocation_update(allocation=allocation, user=request.user, **_model_data(form)),
        "The allocation is saved.",
    ):
        return redirect("neighbourhoods:edit", slug=ward.slug)
    return _form_page(
        request,
        ward,
        form,
        title=f"Allocation to {allocation.recipient_name}",
        budget=allocation.budget,
        delete_url=reverse("neighbourhoods:allocation_delete", kwargs={"slug": ward.slug, "pk": allocation.pk}),
    )


@login_required
def allocation_delete(request, slug, pk):
    """Withdraw an allocation after the officer confirms it."""
    ward = get_ward_for_edit(request.user, slug)
    allocation = get_object_or_404(Allocation.objects.select_related("budget"), pk=pk, budget__ward=ward)
    if request.method == "POST":
        services.allocation_delete(allocation=allocation, user=request.user)
        messages.success(request, "The allocation is withdrawn.")
        return redirect("neighbourhoods:edit", slug=ward.slug)
    title = f"Withdraw the allocation to {allocation.recipient_name}"
    context = {"ward": ward, "allocation": allocation, "title": title, "breadcrumbs": _edit_crumbs(ward, (title, None))}
    return render(request, "neighbourhoods/allocation_confirm_delete.html", context)


@login_required
def event_create(request, slug):
    """Add an event to the ward."""
    ward = get_ward_for_edit(request.user, slug)
    form = EventForm(
        request.POST or None,
        instance=Event(ward=ward),
        owners=core_permissions.owners_offered(request.user, Event),
        initial={"owner": request.user.pk},
    )
    if _saved(
        request,
        form,
        lambda data: services.event_create(ward=ward, user=request.user, **_model_data(form)),
        "The event is saved.",
    ):
        return redirect("neighbourhoods:edit", slug=ward.slug)
    return _form_page(request, ward, form, title="New event")


@login_required
def event_update(request, slug, event_slug):
    """Change one of the ward's events."""
    ward = get_ward_for_edit(request.user, slug)
    event = get_object_or_404(Event, slug=event_slug, ward=ward)
    form = EventForm(request.POST or None, instance=event, owners=core_permissions.owners_offered(request.user, Event))
    if _saved(
        request,
        form,
        lambda data: services.event_update(event=event, user=request.user, **_model_data(form)),
        "The event is saved.",
    ):
        return redirect("neighbourhoods:edit", slug=ward.slug)
    return _form_page(request, ward, form, title=f"Event: {event.title}")


@login_required
def campaign_create(request, slug):
    """Add a behaviour-change campaign to the ward."""
    ward = get_ward_for_edit(request.user, slug)
    form = LocalCampaignForm(
        request.POST or None,
        instance=LocalCampaign(ward=ward),
        owners=core_permissions.owners_offered(request.user, LocalCampaign),
        initial={"year": timezone.localdate().year, "owner": request.user.pk},
    )
    if _saved(
        request,
        form,
        lambda data: services.local_campaign_create(ward=ward, user=request.user, **_model_data(form)),
        "The campaign is saved.",
    ):
        return redirect("neighbourhoods:edit", slug=ward.slug)
    return _form_page(request, ward, form, title="New behaviour-change campaign")


@login_required
def campaign_update(request, slug, campaign_slug):
    """Change one of the ward's campaigns."""
    ward = get_ward_for_edit(request.user, slug)
    campaign = get_object_or_404(LocalCampaign, slug=campaign_slug, ward=ward)
    form = LocalCampaignForm(
        request.POST or None, instance=campaign, owners=core_permissions.owners_offered(request.user, LocalCampaign)
    )
    if _saved(
        request,
        form,
        lambda data: services.local_campaign_update(campaign=campaign, user=request.user, **_model_data(form)),
        "The campaign is saved.",
    ):
        return redirect("neighbourhoods:edit", slug=ward.slug)
    return _form_page(request, ward, form, title=f"Campaign: {campaign.title}")


@login_required
def survey_create(request, slug):
    """Add a survey figure for the ward."""
    ward = get_ward_for_edit(request.user, slug)
    form = SurveyResultForm(request.POST or None, instance=SurveyResult(ward=ward))
    if _saved(
        request,
        form,
        lambda data: services.survey_result_create(ward=ward, user=request.user, **_model_data(form)),
        "The survey figure is saved.",
    ):
        return redirect("neighbourhoods:edit", slug=ward.slug)
    return _form_page(request, ward, form, title="New survey figure")


@login_required
def survey_update(request, slug, pk):
    """Correct one of the ward's survey figures."""
    ward = get_ward_for_edit(request.user, slug)
    result = get_object_or_404(SurveyResult, pk=pk, ward=ward)
    form = SurveyResultForm(request.POST or None, instance=result)
    if _saved(
        request,
        form,
        lambda data: services.survey_result_update(result=result, user=request.user, **_model_data(form)),
        "The survey figure is saved.",
    ):
        return redirect("neighbourhoods:edit", slug=ward.slug)
    return _form_page(request, ward, form, title=f"Survey figure, {result.year}")


@login_required
def news_create(request, slug):
    """Add a news post to the ward."""
    ward = get_ward_for_edit(request.user, slug)
    form = WardNewsForm(
        request.POST or None,
        instance=WardNews(ward=ward),
        owners=core_permissions.owners_offered(request.user, WardNews),
        initial={"owner": request.user.pk},
    )
    if _saved(
        request,
        form,
        lambda data: services.ward_news_create(ward=ward, user=request.user, **_model_data(form)),
        "The news post is saved.",
    ):
        return redirect("neighbourhoods:edit", slug=ward.slug)
    return _form_page(request, ward, form, title="New news post")


@login_required
def news_update(request, slug, news_slug):
    """Change one of the ward's news posts."""
    ward = get_ward_for_edit(request.user, slug)
    post = get_object_or_404(WardNews, slug=news_slug, ward=ward)
    form = WardNewsForm(
        request.POST or None, instance=post, owners=core_permissions.owners_offered(request.user, WardNews)
    )
    if _saved(
        request,
        form,
        lambda data: services.ward_news_update(post=post, user=request.user, **_model_data(form)),
        "The news post is saved.",
    ):
        return redirect("neighbourhoods:edit", slug=ward.slug)
    return _form_page(request, ward, form, title=f"News: {post.title}")
