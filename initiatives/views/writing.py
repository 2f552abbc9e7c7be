"""The pages of case study authors and editors: their own case studies, writing and illustrating a draft, sending
it for review, and the editors' review."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from .. import services
from ..forms import CaseStudyForm, CaseStudyImageForm, CaseStudyReviewForm, ReviewDecision
from ..models import CaseStudy, CaseStudyImage
from ..permissions import (
    get_case_study_for_change,
    get_case_study_for_review,
    user_can_review_case_studies,
    user_can_write_case_studies,
)
from . import _crumbs, _page


def _posted(request):
    """Return the POST data to bind a form to, or None for a GET (so an empty POST still shows its errors)."""
    return request.POST if request.method == "POST" else None


def _case_study_values(form) -> dict:
    return {
        name: form.cleaned_data[name]
        for name in (*form.Meta.fields, "partners", "programmes", "initiatives", "campaigns")
    }


def _form_crumbs(title: str, case_study: CaseStudy | None = None):
    items = [
        ("Case studies", reverse("initiatives:case_studies")),
        ("Your case studies", reverse("initiatives:my_case_studies")),
    ]
    if case_study is not None:
        items.append((case_study.title, case_study.get_absolute_url()))
    return _crumbs(*items, (title, None))


@login_required
def my_case_studies(request):
    """List the case studies the signed-in author wrote, whatever their state."""
    if not user_can_write_case_studies(request.user):
        raise PermissionDenied
    context = {
        "page_obj": _page(request, CaseStudy.objects.owned_by(request.user).order_by("-updated_at")),
        "breadcrumbs": _crumbs(("Case studies", reverse("initiatives:case_studies")), ("Your case studies", None)),
    }
    return render(request, "initiatives/casestudy_mine.html", context)


@login_required
def case_study_create(request):
    """Start a draft case study."""
    if not user_can_write_case_studies(request.user):
        raise PermissionDenied
    form = CaseStudyForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        case_study = services.case_study_create(user=request.user, **_case_study_values(form))
        messages.success(request, "Your draft is saved. Add images, then send it for review when it is ready.")
        return redirect("initiatives:case_study_edit", slug=case_study.slug)
    context = {"form": form, "breadcrumbs": _form_crumbs("Write a case study"), "heading": "Write a case study"}
    return render(request, "initiatives/casestudy_form.html", context, status=400 if form.errors else 200)


@login_required
def case_study_edit(request, slug):
    """Change the content of a case study the user may change."""
    case_study = get_case_study_for_change(request.user, slug)
    form = CaseStudyForm(_posted(request), instance=case_study)
    if request.method == "POST" and form.is_valid():
        services.case_study_update(case_study=case_study, user=request.user, **_case_study_values(form))
        messages.success(request, "Your changes are saved.")
        return redirect("initiatives:case_study_edit", slug=case_study.slug)
    context = {
        "form": form,
        "case_study": case_study,
        "images": case_study.images.all(),
        "heading": f"Edit “{case_study.title}”",
        "breadcrumbs": _form_crumbs("Edit", case_study),
    }
    return render(request, "initiatives/casestudy_form.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def case_study_submit(request, slug):
    """Send the author's draft to the editors."""
    case_study = get_case_study_for_change(request.user, slug)
    try:
        services.case_study_submit(case_study=case_study, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Sent for review. An editor will publish it or ask for changes.")
    return redirect("initiatives:my_case_studies")


@login_required
def case_study_image_add(request, slug):
    """Add an image with its text alternative to a case study the user may change."""
    case_study = get_case_study_for_change(request.user, slug)
    form = CaseStudyImageForm(_posted(request), request.FILES if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.case_study_image_add(case_study=case_study, user=request.user, **form.cleaned_data)
        messages.success(request, "The image is added.")
        return redirect("initiatives:case_study_edit", slug=case_study.slug)
    context = {"form": form, "case_study": case_study, "breadcrumbs": _form_crumbs("Add an image", case_study)}
    return render(request, "initiatives/casestudy_image_form.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def case_study_image_remove(request, slug, pk):
    """Remove an image from a case study the user may change."""
    case_study = get_case_study_for_change(request.user, slug)
    picture = get_object_or_404(CaseStudyImage, case_study=case_study, pk=pk)
    services.case_study_image_remove(picture=picture, user=request.user)
    messages.success(request, "The image is removed.")
    return redirect("initiatives:case_study_edit", slug=case_study.slug)


@login_required
def review_list(request):
    """List the case studies waiting for an editor."""
    if not user_can_review_case_studies(request.user):
        raise PermissionDenied
    context = {
        "page_obj": _page(request, CaseStudy.objects.in_review().order_by("updated_at")),
        "breadcrumbs": _crumbs(("Case studies", reverse("initiatives:case_studies")), ("Waiting for review", None)),
    }
    return render(request, "initiatives/casestudy_review_list.html", context)


@login_required
def case_study_review(request, slug):
    """Let an editor publish a case study or send it back to its author with a comment."""
    case_study = get_case_study_for_review(request.user, slug)
    form = CaseStudyReviewForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["decision"] == ReviewDecision.PUBLISH:
                services.case_study_publish(case_study=case_study, user=request.user)
                messages.success(request, f"“{case_study.title}” is published.")
            else:
                services.case_study_request_changes(
                    case_study=case_study, user=request.user, comment=form.cleaned_data["comment"]
                )
                messages.success(request, f"“{case_study.title}” is back with its author, with your comment.")
            return redirect("initiatives:review_list")
        except ValidationError as error:  # not in a state for this step (a draft cannot be sent back)
            form.add_error(None, error)
    context = {
        "form": form,
        "case_study": case_study,
        "breadcrumbs": _crumbs(
            ("Waiting for review", reverse("initiatives:review_list")), (f"Review “{case_study.title}”", None)
        ),
    }
    return render(request, "initiatives/casestudy_review.html", context, status=400 if form.errors else 200)
