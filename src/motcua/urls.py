from django.conf import settings
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path, re_path

from motcua.api.health import healthz
from motcua.api.v1 import api as api_v1
from motcua.api.v1.base import api_not_found

admin.site.site_header = "Một Cửa – Quản trị hệ thống"
admin.site.site_title = "Một Cửa"
admin.site.index_title = "Quản trị danh mục, cơ quan và tài khoản"

urlpatterns: list[URLPattern | URLResolver] = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("api/v1/", api_v1.urls),
    path("office/", include("motcua.office.urls")),
    re_path(r"^api/(?P<rest>.*)$", api_not_found),
    path("", include("motcua.portal.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
