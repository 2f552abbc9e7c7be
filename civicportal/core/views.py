"""Views of the portal's own pages and of following by e-mail."""

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt

from . import follows, ratelimit
from .breadcrumbs import trail
from .forms import FollowForm
from .models import Page


def page_detail(request, slug):
    """Show one of the portal's pages; drafts only to their owner and editors."""
    page = get_object_or_404(Page.objects.visible_to(request.user), slug=slug)
    return render(request, "core/page_detail.html", {"page": page, "breadcrumbs": trail((page.title, None))})


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


def follow_confirm(request, token):
    """Confirm a subscription from the link in its e-mail."""
    subscription = follows.follow_confirm(token=token)
    context = {"subscription": subscription, "breadcrumbs": trail(("Follow by e-mail", None))}
    if subscription is None:
        return render(request, "core/follow_link_invalid.html", context, status=400)
    context["target"] = subscription.target
    return render(request, "core/follow_confirmed.html", context)


@csrf_exempt  # the signed token is the credential, and mail programs post here without a form (RFC 8058)
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
