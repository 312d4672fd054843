"""The M4D Net's public pages that belong to no collection: its home and "about"."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "community/home.html")


def about(request: HttpRequest) -> HttpResponse:
    return render(request, "community/about.html")
