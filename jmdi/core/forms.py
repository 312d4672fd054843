"""What every app's views do with forms the same way."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.forms import BaseForm


def show_errors(form: BaseForm, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form: each message at the field it names
    (at the top of the form when the form has no such field, or when it names none)."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for name, errors in exc.error_dict.items():
        for error in errors:
            form.add_error(name if name in form.fields else None, error)
