import pytest


@pytest.mark.django_db
def test_home_page_shows_the_programme_title(client, programme):
    response = client.get("/")
    assert response.status_code == 200
    assert "Joint Migration and Development Initiative" in response.content.decode()
