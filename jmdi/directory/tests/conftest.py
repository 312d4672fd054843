import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _language_restored():
    """A page asked for in another language leaves that language active in the thread
    (LocaleMiddleware activates it and nothing deactivates it): restore it, so that the
    tests that run next in this process read English as they expect."""
    language = translation.get_language()
    yield
    translation.activate(language)
