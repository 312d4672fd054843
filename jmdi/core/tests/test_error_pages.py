"""Error pages speak the reader's language and keep the layout (and its direction)."""

import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("programme_once_per_module")]


@pytest.mark.parametrize(
    ("language", "heading", "direction"),
    [
        ("en", "Page not found", "ltr"),
        ("fr", "Page introuvable", "ltr"),
        ("es", "Página no encontrada", "ltr"),
        ("ar", "الصفحة غير موجودة", "rtl"),
    ],
)
def test_not_found_page_is_in_the_readers_language(client, language, heading, direction):
    client.cookies["jmdi_language"] = language
    response = client.get("/no-such-page/")
    body = response.content.decode()
    assert response.status_code == 404
    assert heading in body
    assert f'dir="{direction}"' in body


def test_forbidden_page_says_who_can_give_access(client_as):
    response = client_as("member").get("/people/")
    assert response.status_code == 403
    assert "ask the Programme Management Unit" in response.content.decode()


def test_lists_use_the_arabic_comma_in_arabic(client):
    client.cookies["jmdi_language"] = "ar"
    body = client.get("/programmes/jmdi-2/").content.decode()
    assert "، " in body
