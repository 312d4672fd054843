from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo data, the synthetic-data generator and the benchmark. Nothing imports it."""

    name = "jmdi.demo"
    label = "demo"
    verbose_name = "Demo and scale data"
