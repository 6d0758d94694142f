from django.http import HttpRequest, JsonResponse
from django.urls import include, path


def bare(request: HttpRequest) -> JsonResponse:
    """The ceiling: Django's whole request cycle with no database and no logic."""
    return JsonResponse({"ok": True})


urlpatterns = [path("bench/bare", bare), path("", include("motcua.urls"))]
