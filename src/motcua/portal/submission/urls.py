"""Online submission (issue 5 §3). The receipt comes first: its path would otherwise
read as a procedure code and a step."""

from django.urls import path

from motcua.portal.submission import views

urlpatterns = [
    path("nop-ho-so/da-nop/<str:code>/", views.receipt, name="submission_receipt"),
    path("nop-ho-so/<str:code>/", views.start, name="submission_start"),
    path("nop-ho-so/<str:code>/bat-dau-lai/", views.restart, name="submission_restart"),
    path("nop-ho-so/<str:code>/<slug:slug>/", views.step, name="submission_step"),
]
