"""The feedback handler's pages (issue 5 §7); included by ``office/urls.py`` inside its
namespace."""

from django.urls import path

from motcua.office.views import feedback

urlpatterns = [
    path("feedback/", feedback.feedback_list, name="feedback"),
    path("feedback/<str:code>/", feedback.feedback_detail, name="feedback_detail"),
    path("feedback/<str:code>/thao-tac/<str:action>/", feedback.feedback_act, name="feedback_act"),
    path("feedback/<str:code>/tep/<int:file_id>/", feedback.feedback_file, name="feedback_file"),
]
