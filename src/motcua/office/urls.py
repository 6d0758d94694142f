from django.urls import include, path

from motcua.office.views import auth, dashboard, dossier, home, inbox

app_name = "office"
urlpatterns = [
    path("", home.home, name="home"),
    path("dang-nhap/", auth.sign_in_page, name="login"),
    path("dang-xuat/", auth.sign_out, name="logout"),
    path("ho-so/<str:code>/", dossier.dossier_page, name="dossier"),
    path("ho-so/<str:code>/thao-tac/<str:action>/", dossier.dossier_act, name="dossier_act"),
    path("", include("motcua.office.urls_paperwork")),
    path("ho-so/<str:code>/tep/<int:file_id>/", dossier.dossier_file, name="dossier_file"),
    path("xu-ly/", inbox.inbox, name="inbox"),
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path(
        "dashboard/xuat/<str:table>.<str:fmt>",
        dashboard.dashboard_export,
        name="dashboard_export",
    ),
    path("", include("motcua.office.closing_urls")),
    path("", include("motcua.office.counter_urls")),
    path("", include("motcua.office.feedback_urls")),
]
