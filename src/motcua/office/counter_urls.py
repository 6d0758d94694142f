"""Counter reception and the online intake queue (issue 4, points 2 and 3)."""

from django.urls import path

from motcua.office.views import counter, online_queue

urlpatterns = [
    path("tiep-nhan/", counter.counter_page, name="counter"),
    path("tiep-nhan/thu-tuc/", counter.counter_procedures, name="counter_procedures"),
    path("tiep-nhan/giay-to/", counter.counter_checklist, name="counter_checklist"),
    path("tiep-nhan/hen-tra/", counter.counter_appointment, name="counter_appointment"),
    path("tiep-nhan/nguoi-nop/", counter.counter_applicant, name="counter_applicant"),
    path("tiep-nhan/tai-cho/<str:code>/", counter.counter_on_the_spot, name="counter_on_the_spot"),
    path("truc-tuyen/", online_queue.online_queue_page, name="online_queue"),
]
