from django.urls import path

from motcua.portal.mine import views

app_name = "mine"
urlpatterns = [
    path("", views.dossier_list, name="list"),
    path("<str:code>/", views.dossier_detail, name="detail"),
    path("<str:code>/bo-sung/", views.supplement, name="supplement"),
    path("<str:code>/rut-ho-so/", views.withdraw, name="withdraw"),
    path("<str:code>/danh-gia/", views.rate, name="rate"),
    path("<str:code>/ket-qua/", views.result_download, name="result"),
    path("<str:code>/tep/<int:file_id>/", views.file_download, name="file"),
    path("<str:code>/mau/<int:number>/", views.form_download, name="form"),
]
