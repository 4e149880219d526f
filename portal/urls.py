from django.urls import path

from core.caching import public_page
from portal import programme, views
from portal.feeds import LatestFeed

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("libraries/", views.library_list, name="library_list"),
    path("libraries/<slug:slug>/", views.library_detail, name="library_detail"),
    path("libraries/<slug:slug>/badge.svg", views.library_badge, name="library_badge"),
    path("feed/", public_page(LatestFeed()), name="feed"),
    path("programme.pdf", programme.programme_pdf, name="programme_pdf"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
]
