"""Views of the portal's own pages, of following by e-mail, and of the review queue and each author's work."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from . import feedback, follows, permissions, pipeline, ratelimit, selectors
from .breadcrumbs import trail
from .forms import FollowForm, PageReportForm, SendBackForm
from .models import Page
from .pagination import page_of
from .publishing import Publishable, Status
from .same_origin import same_origin_post


def page_detail(request, slug):
    """Show one of the portal's pages; drafts only to their owner and editors."""
    page = get_object_or_404(Page.objects.visible_to(request.user), slug=slug)
    return render(request, "core/page_detail.html", {"page": page, "breadcrumbs": trail((page.title, None))})


@same_origin_post  # no CSRF token in the pages that carry the follow form, so that they can be cached
def follow(request):
    """Ask to follow something by e-mail; the form usually sits on the followed thing's page."""
    if request.method == "POST" and not ratelimit.allow(request, "follow", limit=20, period=60 * 60):
        return render(request, "core/too_many_requests.html", {"breadcrumbs": trail(("Follow", None))}, status=429)
    form = FollowForm(request.POST or None, initial={"target": request.GET.get("target", "")})
    if form.is_valid():
        follows.follow_request(email=form.cleaned_data["email"], target=form.cleaned_data["target"])
        return redirect(f"{reverse('core:follow_sent')}?target={form.data['target']}")
    target = form.cleaned_data.get("target") if form.is_bound else follows.target_from_reference(form["target"].value())
    if target is None and not form.is_bound:
        raise Http404("Nothing to follow.")
    status = 400 if form.is_bound else 200
    context = {"form": form, "target": target, "breadcrumbs": trail(("Follow by e-mail", None))}
    return render(request, "core/follow_form.html", context, status=status)


def follow_sent(request):
    """Say what happens next, without saying whether the address already follows anything."""
    target = follows.target_from_reference(request.GET.get("target", ""))
    return render(
        request, "core/follow_sent.html", {"target": target, "breadcrumbs": trail(("Check your e-mail", None))}
    )


@never_cache  # it acts on the link's token and names the address
def follow_confirm(request, token):
    """Confirm a subscription from the link in its e-mail."""
    subscription = follows.follow_confirm(token=token)
    context = {"subscription": subscription, "breadcrumbs": trail(("Follow by e-mail", None))}
    if subscription is None:
        return render(request, "core/follow_link_invalid.html", context, status=400)
    context["target"] = subscription.target
    return render(request, "core/follow_confirmed.html", context)


@csrf_exempt  # the signed token is the credential, and mail programs post here without a form (RFC 8058)
@never_cache  # it names the address
def unsubscribe(request, token):
    """Stop e-mails about one thing: a page with one button, or one POST from a mail program."""
    subscription = follows.subscription_for_unsubscribe(token=token)
    context = {"subscription": subscription, "breadcrumbs": trail(("Stop e-mails", None))}
    if request.method == "POST":
        if subscription is not None:
            follows.follow_cancel(subscription=subscription)
        return render(request, "core/unsubscribed.html", context)
    if subscription is None:
        return render(request, "core/unsubscribed.html", context)
    return render(request, "core/unsubscribe.html", context)


# Reports a client may send in an hour: more than a person finds wrong in a visit, fewer than a flood.
FEEDBACK_PER_HOUR = 10


@never_cache  # the form carries the time it was shown
def page_feedback(request):
    """Say that something is wrong with a page: a form that works without JavaScript, rate-limited per client."""
    crumbs = trail(("Is something wrong with this page?", None))
    if request.method == "POST" and not ratelimit.allow(request, "feedback", limit=FEEDBACK_PER_HOUR, period=60 * 60):
        return render(request, "core/too_many_requests.html", {"breadcrumbs": crumbs}, status=429)
    query = request.POST if request.method == "POST" else request.GET
    path, reference = query.get("page", ""), query.get("about", "")
    if not feedback.is_local_path(path):
        raise Http404("No page of this site to report.")
    title, mailbox = feedback.page_about(path=path, reference=reference)
    initial = {"page": path, "about": reference, "started": feedback.form_started()}
    form = PageReportForm(request.POST if request.method == "POST" else None, initial=initial)
    if form.is_valid():
        if not form.is_trapped:  # a bot gets the same answer as a person, so it learns nothing
            feedback.page_report_create(
                page_path=path,
                page_title=title,
                what_is_wrong=form.cleaned_data["what_is_wrong"],
                reply_email=form.cleaned_data["reply_email"],
                mailbox=mailbox,
            )
        return redirect(f"{reverse('core:feedback_sent')}?{urlencode({'page': path})}")
    if form.is_bound:  # shown again with a fresh time, so a form that was open too long can be sent
        form.data = form.data.copy()
        form.data["started"] = initial["started"]
    context = {"form": form, "page_path": path, "page_title": title, "breadcrumbs": crumbs}
    return render(request, "core/feedback_form.html", context, status=400 if form.is_bound else 200)


def page_feedback_sent(request):
    """Thank the reporter and lead back to the page they reported."""
    path = request.GET.get("page", "")
    context = {
        "page_path": path if feedback.is_local_path(path) else "",
        "breadcrumbs": trail(("Thank you", None)),
    }
    return render(request, "core/feedback_sent.html", context)


@login_required
def review_queue(request):
    """List everything submitted for review in every app, the longest waiting first: editors only."""
    if not permissions.is_editor(request.user):
        raise PermissionDenied
    page_obj = page_of(request, selectors.review_queue(), per_page=25)
    context = {"page_obj": page_obj, "breadcrumbs": trail(("Waiting for review", None))}
    return render(request, "core/review_queue.html", context)


def _item_for_review(user, content_type_id: int, pk: int) -> Publishable:
    try:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
    except ContentType.DoesNotExist:
        raise Http404("No such kind of content.") from None
    if model is None or not issubclass(model, Publishable):
        raise Http404("No such kind of content.")
    item = get_object_or_404(model._default_manager.select_related("owner"), pk=pk)
    if not permissions.user_can_publish(user, item):
        raise PermissionDenied
    return item


@login_required
def review_item(request, content_type_id, pk):
    """Publish an item that waits for review, or send it back to its author with the reason."""
    item = _item_for_review(request.user, content_type_id, pk)
    form = SendBackForm(request.POST if request.POST.get("decision") == "send_back" else None)
    if request.method == "POST" and item.status != Status.IN_REVIEW:
        messages.info(request, f"“{item}” is no longer waiting for review.")
        return redirect("core:review_queue")
    if request.method == "POST" and request.POST.get("decision") == "publish":
        pipeline.publish(item=item, user=request.user)
        messages.success(request, f"“{item}” is published.")
        return redirect("core:review_queue")
    if form.is_valid():
        pipeline.send_back(item=item, user=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, f"“{item}” is back with its author, with your note.")
        return redirect("core:review_queue")
    context = {
        "item": item,
        "kind": item._meta.verbose_name,
        "form": form,
        "breadcrumbs": trail(("Waiting for review", reverse("core:review_queue")), (f"Review “{item}”", None)),
    }
    return render(request, "core/review_item.html", context, status=400 if form.errors else 200)


@login_required
def your_work(request):
    """Show a signed-in person their unpublished work: sent back to them, drafts, and waiting for review."""
    context = {
        "work": selectors.work_of(request.user),
        "is_editor": permissions.is_editor(request.user),
        "breadcrumbs": trail(("Your work", None)),
    }
    return render(request, "core/your_work.html", context)
