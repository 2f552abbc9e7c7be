"""The site's addresses: the project includes each app's URLs and adds the home page, search, the open-data
catalogue, the sitemap and robots.txt."""

from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from initiatives.views import public as initiatives_public

from . import search, views
from .sitemaps import SITEMAPS

urlpatterns = [
    path("", views.home, name="home"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("open-data/", views.open_data, name="open_data"),
    path("open-data/datapackage.json", views.open_data_package, name="open_data_package"),
    path("open-data/civic-portal-nottingham.zip", views.open_data_export, name="open_data_export"),
    path("search/", search.search_page, name="search"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("civicportal.core.urls")),
    # A campaign's story ends in the outcome indicators it bears on: composed by initiatives, under the campaign.
    path("alliance/campaigns/<slug:slug>/story/", initiatives_public.campaign_story, name="campaign_story"),
    path("alliance/", include("campaigns.urls")),
    path("neighbourhoods/", include("neighbourhoods.urls")),
    path("initiatives/", include("initiatives.urls")),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler400 = "civicportal.views.bad_request"
handler403 = "civicportal.views.permission_denied"
handler404 = "civicportal.views.page_not_found"
handler500 = "civicportal.views.server_error"

admin.site.site_header = "Civic Portal administration"
admin.site.site_title = "Civic Portal administration"
admin.site.index_title = "Content and people"
