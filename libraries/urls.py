from django.urls import path

from libraries import views

app_name = "libraries"

urlpatterns = [
    path("join/", views.join, name="join"),
    path("join/<slug:slug>/", views.join_library, name="join_library"),
    path("join/<slug:slug>/withdraw/", views.withdraw_request, name="withdraw_request"),
    path("manage/<slug:slug>/members/", views.members, name="members"),
    # Before member_action, whose <action> would match these too: they ask first.
    path("manage/<slug:slug>/members/<int:pk>/remove/", views.member_remove, name="member_remove"),
    path(
        "manage/<slug:slug>/members/<int:pk>/decline/",
        views.member_decline,
        name="member_decline",
    ),
    path(
        "manage/<slug:slug>/members/<int:pk>/<slug:action>/",
        views.member_action,
        name="member_action",
    ),
    path("manage/<slug:slug>/profile/", views.edit_profile, name="edit_profile"),
]
