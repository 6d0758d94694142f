from django.apps import AppConfig


class CalendarConfig(AppConfig):
    name = "motcua.calendar"
    label = "workcalendar"
    verbose_name = "Lịch làm việc"
