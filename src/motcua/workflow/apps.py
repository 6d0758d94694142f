from django.apps import AppConfig


class WorkflowConfig(AppConfig):
    name = "motcua.workflow"
    label = "workflow"
    verbose_name = "Xử lý hồ sơ"
