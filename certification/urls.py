from django.urls import path

from certification import views

app_name = "certification"

urlpatterns = [
    path("review/", views.queue, name="queue"),
    path("review/overview/", views.overview, name="overview"),
    path("review/plans/<uuid:plan>/v<int:number>/", views.plan_review, name="plan_review"),
    path("review/reports/<uuid:uuid>/", views.report_review, name="report_review"),
    path("review/libraries/<slug:slug>/log/", views.library_log, name="library_log"),
    path("review/certifications/<str:number>/revoke/", views.revoke, name="revoke"),
    path("certificates/<str:number>.pdf", views.certificate_pdf, name="certificate_pdf"),
    path("verify/<str:number>/", views.verify, name="verify"),
]
