from django.urls import path

from themes import views

app_name = "themes"

urlpatterns = [
    path("themes/", views.theme_list, name="theme_list"),
    path("themes/new/", views.theme_create, name="theme_create"),
    path("themes/<slug:slug>/", views.theme_detail, name="theme_detail"),
    path("themes/<slug:slug>/edit/", views.theme_edit, name="theme_edit"),
    path("themes/<slug:slug>/publish/", views.theme_publish, name="theme_publish"),
    path("themes/<slug:slug>/signup/<slug:library>/", views.signup, name="signup"),
    path("themes/<slug:slug>/signup/<slug:library>/withdraw/", views.withdraw, name="withdraw"),
    path("themes/<slug:slug>/report/<slug:library>/", views.report, name="report"),
    path("themes/<slug:slug>/signups/", views.signup_table, name="signup_table"),
    path("themes/<slug:slug>/signups.csv", views.signup_csv, name="signup_csv"),
    path("themes/<slug:slug>/message/", views.message_create, name="message_create"),
    path("themes/<slug:slug>/materials/", views.materials, name="materials"),
    path("themes/<slug:slug>/materials/<uuid:uuid>/", views.material_file, name="material_file"),
    path(
        "themes/<slug:slug>/materials/<uuid:uuid>/delete/",
        views.material_delete,
        name="material_delete",
    ),
    path("themes/<slug:slug>/reports/", views.report_overview, name="report_overview"),
    path("themes/<slug:slug>/reports/remind/", views.send_reminders, name="send_reminders"),
    path("themes/<slug:slug>/impact.pdf", views.impact_pdf, name="impact_pdf"),
    path("themes/<slug:slug>/impact.csv", views.impact_csv, name="impact_csv"),
    path("themes/<slug:slug>/impact.json", views.impact_json, name="impact_json"),
]
