"""Views of the portal's own pages."""

from django.shortcuts import get_object_or_404, render

from .breadcrumbs import trail
from .models import Page


def page_detail(request, slug):
    """Show one of the portal's pages; drafts only to their owner and editors."""
    page = get_object_or_404(Page.objects.visible_to(request.user), slug=slug)
    return render(request, "core/page_detail.html", {"page": page, "breadcrumbs": trail((page.title, None))})
