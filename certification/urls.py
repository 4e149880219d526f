from django.urls import path

from certification import views

app_name = "certification"

urlpatterns = [
    path("review/", views.queue, name="queue"),
    path("review/overview/", views.overview, name="overview"),
    path("verify/<str:number>/", views.verify, name="verify"),
]
