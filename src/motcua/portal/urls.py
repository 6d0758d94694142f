from django.contrib.auth import views as auth_views
from django.urls import path

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
    path(
        "dang-nhap/",
        auth_views.LoginView.as_view(
            template_name="portal/login.html", redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("dang-xuat/", auth_views.LogoutView.as_view(next_page="portal:home"), name="logout"),
    path("thong-bao/", views.notices, name="notices"),
    path("thong-bao/<int:pk>/da-xem/", views.notice_read, name="notice_read"),
]
