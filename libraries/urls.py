from django.urls import path

from libraries import views

app_name = "libraries"

urlpatterns = [
    path("join/", views.join, name="join"),
    path("join/<slug:slug>/", views.join_library, name="join_library"),
    path("manage/<slug:slug>/members/", views.members, name="members"),
    path(
        "manage/<slug:slug>/members/<int:pk>/<slug:action>/",
        views.member_action,
        name="member_action",
    ),
    path("manage/<slug:slug>/profile/", views.edit_profile, name="edit_profile"),
]
