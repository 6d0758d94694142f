"""The statutory forms of a dossier and the tracking ledger (office/views/paperwork.py)."""

from django.urls import path

from motcua.office.views import paperwork

urlpatterns = [
    path("ho-so/<str:code>/mau-<str:number>.pdf", paperwork.dossier_form, name="dossier_form"),
    path("so-theo-doi/", paperwork.ledger, name="ledger"),
]
