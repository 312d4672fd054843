from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "jmdi.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from jmdi.core import checks  # noqa: F401 (registers the deployment checks)
