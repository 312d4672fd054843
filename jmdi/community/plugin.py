"""What the M4D Net adds: one entry in the main navigation for everyone (the community is
public), and its home as the first of the community's own tabs; the other M4D Net apps
add theirs (`net_sections`)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from jmdi.core.plugins import BenchmarkPage, NavEntry, Plugin

PLUGIN = Plugin(
    nav=[NavEntry(_("M4D Net"), lambda: reverse("community:home"), order=5)],
    net_sections=[NavEntry(_("Overview"), lambda: reverse("community:home"), order=0)],
    benchmark_pages=[BenchmarkPage("net-home", lambda: reverse("community:home"), default=True)],
)
