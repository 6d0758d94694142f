"""The officer's start page: their roles, where, and the pages they use."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from motcua.office.access import staff_required
from motcua.office.pages import office_page


@staff_required
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "office/home.html", office_page(request, "office:home"))
