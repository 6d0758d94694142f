from django.urls import include, path

from motcua.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("thu-tuc/", views.procedure_list, name="procedure_list"),
    path("thu-tuc/<str:code>/", views.procedure_detail, name="procedure_detail"),
    path("tra-cuu/", views.tracking, name="tracking"),
    path("", include("motcua.portal.accounts.urls")),
    path("phan-anh-kien-nghi/", include("motcua.portal.feedback.urls")),
    path("thong-bao/", views.notices, name="notices"),
    path("thong-bao/<int:pk>/da-xem/", views.notice_read, name="notice_read"),
    path("ho-so-cua-toi/", include("motcua.portal.mine.urls")),
    path("", include("motcua.portal.submission.urls")),
]
