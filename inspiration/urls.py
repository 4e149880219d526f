from django.urls import path

from inspiration import views

app_name = "inspiration"

urlpatterns = [
    # Public catalogue
    path("inspiration/", views.catalogue, name="catalogue"),
    path("inspiration/catalogue.pdf", views.catalogue_pdf, name="catalogue_pdf"),
    path(
        "inspiration/selection.pdf",
        views.catalogue_selection_pdf,
        name="catalogue_selection_pdf",
    ),
    path("inspiration/<slug:slug>/", views.example_detail, name="example_detail"),
    path(
        "inspiration/<slug:slug>/images/<uuid:image>/<slug:size>/",
        views.example_image,
        name="example_image",
    ),
    path("inspiration/<slug:slug>/adopt/", views.adopt_example, name="adopt_example"),
    # Library staff
    path("examples/", views.my_examples, name="my_examples"),
    path("examples/new/", views.new_example, name="new_example"),
    path("examples/share/<uuid:initiative>/", views.share_initiative, name="share_initiative"),
    path("examples/<slug:slug>/", views.manage_example, name="manage_example"),
    path("examples/<slug:slug>/edit/", views.edit_example, name="edit_example"),
    path("examples/<slug:slug>/submit/", views.submit_example, name="submit_example"),
    path("examples/<slug:slug>/revise/", views.revise_example, name="revise_example"),
    path("examples/<slug:slug>/delete/", views.delete_example, name="delete_example"),
    # Coordinators
    path("review/catalogue-preview/", views.catalogue_preview, name="catalogue_preview"),
    path("review/examples/<slug:slug>/", views.review_example, name="review_example"),
    path("review/examples/<slug:slug>/cover/", views.choose_cover, name="choose_cover"),
    path("review/examples/<slug:slug>/edit/", views.review_edit, name="review_edit"),
    path(
        "review/examples/<slug:slug>/<str:decision>/",
        views.review_decide,
        name="review_decide",
    ),
]
