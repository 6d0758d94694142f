import json

from django.http import HttpRequest, JsonResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from bench.urls import urlpatterns as bench_urlpatterns


@csrf_exempt
def bare_post(request: HttpRequest) -> JsonResponse:
    """The ceiling of a submission: Django's request cycle reading and parsing the same
    JSON body, with no database and no logic."""
    body = json.loads(request.body)
    return JsonResponse({"ok": True, "fields": len(body)}, status=201)


urlpatterns = [path("bench/bare-post", bare_post), *bench_urlpatterns]
