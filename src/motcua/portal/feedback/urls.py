"""Feedback and complaints on the portal; included by ``portal/urls.py`` under
``phan-anh-kien-nghi/`` inside the portal namespace."""

from django.urls import path

from motcua.portal.feedback import views

urlpatterns = [
    path("", views.published_list, name="feedback_list"),
    path("cong-khai/<str:code>/", views.published_detail, name="feedback_published"),
    path("gui/", views.send, name="feedback_send"),
    path("da-gui/<str:code>/", views.receipt, name="feedback_receipt"),
    path("tra-cuu/", views.lookup, name="feedback_lookup"),
    path("tra-cuu/<str:code>/", views.mine, name="feedback_mine"),
    path("tra-cuu/<str:code>/danh-gia/", views.vote, name="feedback_vote"),
    path("tra-cuu/<str:code>/bo-sung/", views.provide_info, name="feedback_info"),
    path("tra-cuu/<str:code>/phan-anh-tiep/", views.follow_up, name="feedback_follow_up"),
]
