from django.contrib.auth import views as auth_views
from django.urls import include, path

from motcua.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("thu-tuc/", views.procedure_list, name="procedure_list"),
    path("thu-tuc/<str:code>/", views.procedure_detail, name="procedure_detail"),
    path("tra-cuu/", views.tracking, name="tracking"),
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
    path("", include("motcua.portal.submission.urls")),
]
