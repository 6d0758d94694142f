"""Pages of the leader's desk, the returns and the counter's rating kiosk (project
issue 4, points 5, 6, 8); included by ``office/urls.py`` inside its namespace."""

from django.urls import path

from motcua.office.views import kiosk, leader, returns

urlpatterns = [
    path("lanh-dao/", leader.leader_desk, name="leader"),
    path("tra-ket-qua/", returns.returns_page, name="returns"),
    path("ho-so/<str:code>/danh-gia/", kiosk.rating_invite, name="rating_invite"),
    path("kiosk/<str:unit_code>/", kiosk.kiosk_page, name="kiosk"),
    path("kiosk/<str:unit_code>/hien-tai/", kiosk.kiosk_current, name="kiosk_current"),
    path("kiosk/<str:unit_code>/danh-gia/", kiosk.kiosk_rate, name="kiosk_rate"),
]
