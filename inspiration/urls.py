from django.urls import path

from inspiration import views

app_name = "inspiration"

urlpatterns = [
    path("inspiration/", views.catalogue, name="catalogue"),
    path("inspiration/catalogue.pdf", views.catalogue_pdf, name="catalogue_pdf"),
    path("inspiration/<slug:slug>/", views.example_detail, name="example_detail"),
]
