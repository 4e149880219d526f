from django.urls import path

from actionplans import views

app_name = "actionplans"

urlpatterns = [
    # Plans by uuid first: a library slug never looks like a uuid.
    path("plans/<uuid:uuid>/", views.plan_detail, name="plan_detail"),
    path("plans/<uuid:uuid>/edit/", views.plan_edit, name="plan_edit"),
    path("plans/<uuid:uuid>/submit/", views.plan_submit, name="plan_submit"),
    path("plans/<uuid:uuid>/initiatives/new/", views.initiative_create, name="initiative_create"),
    path("plans/<uuid:uuid>/versions/<int:number>/", views.version_detail, name="version_detail"),
    path("plans/<uuid:uuid>/versions/<int:number>/pdf/", views.version_pdf, name="version_pdf"),
    path("plans/<uuid:uuid>/reports/new/", views.report_create, name="report_create"),
    path("plans/initiatives/<uuid:uuid>/edit/", views.initiative_edit, name="initiative_edit"),
    path(
        "plans/initiatives/<uuid:uuid>/move/<str:direction>/",
        views.initiative_move,
        name="initiative_move",
    ),
    path(
        "plans/initiatives/<uuid:uuid>/delete/", views.initiative_delete, name="initiative_delete"
    ),
    path("plans/reports/<uuid:uuid>/", views.report_detail, name="report_detail"),
    path("plans/reports/<uuid:uuid>/submit/", views.report_submit, name="report_submit"),
    path(
        "plans/reports/<uuid:uuid>/photos/<uuid:initiative>/",
        views.report_photo,
        name="report_photo",
    ),
    path("plans/<slug:slug>/", views.library_plans, name="library_plans"),
    path("plans/<slug:slug>/new/", views.plan_create, name="plan_create"),
]
