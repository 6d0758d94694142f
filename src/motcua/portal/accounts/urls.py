"""The applicants' account pages, included into the portal's namespace (``portal:…``)."""

from django.contrib.auth import views as auth_views
from django.urls import path

from motcua.portal.accounts import views

urlpatterns = [
    path("dang-nhap/", views.sign_in_page, name="login"),
    path("dang-nhap/vneid/", views.oidc_start, name="oidc_start"),
    path("dang-nhap/vneid/ve/", views.oidc_callback, name="oidc_callback"),
    path("dang-xuat/", auth_views.LogoutView.as_view(next_page="portal:home"), name="logout"),
    path("dang-ky/", views.register, name="register"),
    path("dang-ky/to-chuc/", views.register_organisation, name="register_organisation"),
    path("xac-minh/", views.verify, name="verify"),
    path("quen-mat-khau/", views.password_reset, name="password_reset"),
    path(
        "quen-mat-khau/dat-lai/", views.password_reset_confirm_page, name="password_reset_confirm"
    ),
    path("tai-khoan/", views.profile, name="profile"),
]
