from django.urls import include, path

from motcua.portal import catalog_views, kiosk, views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("thu-tuc/", catalog_views.procedure_list, name="procedure_list"),
    path("thu-tuc/<str:code>/", catalog_views.procedure_detail, name="procedure_detail"),
    path(
        "thu-tuc/<str:code>/mau/<int:component_id>/",
        catalog_views.procedure_template,
        name="procedure_template",
    ),
    path("tra-cuu/", catalog_views.tracking, name="tracking"),
    path("tra-cuu/<str:code>/", catalog_views.tracking_by_path, name="tracking_by_path"),
    path("kiosk/", kiosk.kiosk, name="kiosk"),
    path("", include("motcua.portal.accounts.urls")),
    path("phan-anh-kien-nghi/", include("motcua.portal.feedback.urls")),
    path("thong-bao/", views.notices, name="notices"),
    path("thong-bao/<int:pk>/da-xem/", views.notice_read, name="notice_read"),
    path("ho-so-cua-toi/", include("motcua.portal.mine.urls")),
    path("", include("motcua.portal.submission.urls")),
]
