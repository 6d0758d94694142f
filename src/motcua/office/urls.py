from django.urls import include, path

from motcua.office.views import auth, dossier, home

app_name = "office"
urlpatterns = [
    path("", home.home, name="home"),
    path("dang-nhap/", auth.sign_in_page, name="login"),
    path("dang-xuat/", auth.sign_out, name="logout"),
    path("ho-so/<str:code>/", dossier.dossier_page, name="dossier"),
    path("ho-so/<str:code>/thao-tac/<str:action>/", dossier.dossier_act, name="dossier_act"),
    path("", include("motcua.office.counter_urls")),
]
