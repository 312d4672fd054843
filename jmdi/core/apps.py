from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "jmdi.core"
    label = "core"
    verbose_name = "Core"
