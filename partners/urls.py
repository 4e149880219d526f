from django.urls import path

from partners import views

app_name = "partners"

urlpatterns = [
    path("partners/", views.national_partners, name="national_partners"),
    path("partners/<slug:slug>/edit/", views.edit_national_partner, name="edit_national_partner"),
    path("manage/<slug:slug>/partners/", views.library_partners, name="library_partners"),
]
