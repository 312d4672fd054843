"""Security headers, cookies, production settings and database connection settings."""

from __future__ import annotations

import json
import os
import re
import secrets
import sqlite3
import string
import subprocess
import sys
from contextlib import closing

import pytest
from django.conf import settings
from django.db import connection
from django.http import HttpResponse
from django.middleware.csp import ContentSecurityPolicyMiddleware
from django.template import engines
from django.utils.csp import CSP

from jmdi.accounts.services import create_person

# --- Pages ---------------------------------------------------------------------------

P = "/programmes/jmdi-2"
PAGES = {
    # persona: pages they can open (200), plus error pages they meet
    "anonymous": [
        "/",
        f"{P}/",
        f"{P}/results/",
        f"{P}/results/?country=MA",
        f"{P}/work-plan/",
        f"{P}/budget/",
        "/accounts/login/",
        "/accounts/signup/",
        "/accounts/password/reset/",
        "/no-such-page/",  # 404
    ],
    "outsider": ["/people/"],  # 403
    "pmu": [
        "/",
        f"{P}/risks/",
        f"{P}/history/",
        "/people/",
        "/people/add/",
        "/people/{pmu}/",
        "/directory/countries/",
        "/directory/countries/MA/",
        "/directory/countries/MA/contacts/",
        "/accounts/email/",
        "/accounts/2fa/",
        "/accounts/password/change/",
        "/health/",
    ],
}
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("programme_once_per_module")]

CASES = [(persona, page) for persona, pages in PAGES.items() for page in pages]

SCRIPT_TAG = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.DOTALL | re.IGNORECASE)
INLINE_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)
INLINE_STYLE = re.compile(r"<[^>]+\sstyle\s*=|<style\b", re.IGNORECASE)


def _policy(response) -> dict[str, list[str]]:
    header = response.headers.get("Content-Security-Policy")
    assert header, "no Content-Security-Policy header"
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def _get(client_as, persona, page, request):
    client = client_as(persona)
    url = page.format(pmu=request.getfixturevalue("pmu").pk) if "{pmu}" in page else page
    return client.get(url)


# --- Content Security Policy -----------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "page"), CASES, ids=[f"{page} as {persona}" for persona, page in CASES]
)
def test_every_response_carries_a_strict_policy(client_as, request, persona, page):
    response = _get(client_as, persona, page, request)
    assert response.status_code in (200, 403, 404), response.status_code
    policy = _policy(response)
    header = response.headers["Content-Security-Policy"]

    assert "'unsafe-inline'" not in header
    assert "'unsafe-eval'" not in header
    assert "*" not in header
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    # script-src: this site, plus this response's nonce once a template has used it.
    assert policy["script-src"][0] == "'self'"
    extra = policy["script-src"][1:]
    assert len(extra) <= 1, extra
    assert all(re.fullmatch(r"'nonce-[A-Za-z0-9_\-+/=]{16,}'", v) for v in extra), extra


@pytest.mark.parametrize(
    ("persona", "page"), CASES, ids=[f"{page} as {persona}" for persona, page in CASES]
)
def test_no_page_has_inline_code_the_policy_would_block(client_as, request, persona, page):
    response = _get(client_as, persona, page, request)
    if not response["Content-Type"].startswith("text/html"):
        return
    html = response.content.decode()
    allowed_nonces = {
        v[len("'nonce-") : -1] for v in _policy(response)["script-src"] if v.startswith("'nonce-")
    }

    for attributes, body in SCRIPT_TAG.findall(html):
        nonce = re.search(r'\snonce="([^"]*)"', attributes)
        if nonce:
            assert nonce.group(1) in allowed_nonces, f"script nonce not in the header: {attributes}"
        else:
            assert re.search(r'\ssrc="/', attributes), (
                f"inline script without the nonce: <script{attributes}>"
            )
            assert not body.strip(), "a script with src and a body"
    assert not INLINE_HANDLER.search(html), INLINE_HANDLER.search(html).group(0)
    assert not INLINE_STYLE.search(html), INLINE_STYLE.search(html).group(0)


def test_the_policy_allows_nonced_scripts():
    assert CSP.NONCE in settings.SECURE_CSP["script-src"]
    for directive, values in settings.SECURE_CSP.items():
        assert CSP.UNSAFE_INLINE not in values, directive


def test_a_template_that_uses_the_nonce_gets_it_in_script_src(rf):
    """Django adds the nonce to the header only once a template has used it: then the
    header carries exactly the nonce of the page's script."""

    def view(request):
        template = engines["django"].from_string('<script nonce="{{ csp_nonce }}">go()</script>')
        return HttpResponse(template.render({}, request))

    response = ContentSecurityPolicyMiddleware(view)(rf.get("/"))

    nonce = re.search(r'nonce="([^"]+)"', response.content.decode()).group(1)
    assert len(nonce) >= 16
    assert _policy(response)["script-src"] == ["'self'", f"'nonce-{nonce}'"]

    other = ContentSecurityPolicyMiddleware(view)(rf.get("/"))
    assert (
        re.search(r'nonce="([^"]+)"', other.content.decode()).group(1) != nonce
    )  # one per response


# --- Framing and other headers -----------------------------------------------------------


@pytest.mark.parametrize("page", ["/", "/accounts/login/", "/health/", "/no-such-page/"])
def test_pages_cannot_be_framed(client, page):
    response = client.get(page)
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


# --- Cookies ------------------------------------------------------------------------------


def test_the_csrf_cookie_is_httponly_and_lax(client):
    response = client.get("/accounts/login/")
    cookie = response.cookies[settings.CSRF_COOKIE_NAME]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


def test_the_session_cookie_is_httponly_and_lax(client):
    create_person(
        actor=None,
        email="cookie@example.org",
        full_name="Cookie",
        password="correct-horse-battery",
        verified=True,
    )
    response = client.post(
        "/accounts/login/", {"login": "cookie@example.org", "password": "correct-horse-battery"}
    )
    assert response.status_code == 302
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


def test_the_language_cookie_is_httponly_and_lax(client):
    response = client.post("/i18n/setlang/", {"language": "fr", "next": "/"})
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "fr"
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


# --- Production settings -------------------------------------------------------------------

_OUR_VARIABLES = (
    "JMDI_ENV", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "DEBUG", "REDIS_URL",
    "CSRF_TRUSTED_ORIGINS", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "JMDI_REQUIRE_2FA_FOR_PMU",
    "EMAIL_BACKEND", "STATIC_ROOT", "MEDIA_ROOT", "STORAGE_BACKEND", "DB_CONN_MAX_AGE",
    "DATABASE_CACHE", "JMDI_SITE_URL", "TRUSTED_PROXY_COUNT", "TRUSTED_CLIENT_IP_HEADER",
    "JMDI_CONTACT_EMAIL", "PG_RANDOM_PAGE_COST",
)  # fmt: skip


def _run(args: list[str], **env: str) -> subprocess.CompletedProcess[str]:
    """Run Python from the project root with only the given platform variables set."""
    environment = {k: v for k, v in os.environ.items() if k not in _OUR_VARIABLES}
    environment.update(env, DJANGO_SETTINGS_MODULE="config.settings", PYTHONDONTWRITEBYTECODE="1")
    return subprocess.run(
        [sys.executable, *args], cwd=settings.BASE_DIR, env=environment,
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


def _random_secret_key() -> str:
    alphabet = string.ascii_letters + string.digits + "!@#%^&*(-_=+)"
    return "".join(secrets.choice(alphabet) for _ in range(50))


def _production(tmp_path, **extra: str) -> dict[str, str]:
    return {
        "JMDI_ENV": "production",
        "SECRET_KEY": _random_secret_key(),
        "ALLOWED_HOSTS": "jmdi.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'production.sqlite3'}",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "JMDI_SITE_URL": "https://jmdi.example.org",
        "JMDI_CONTACT_EMAIL": "jmdi@undp.org",
        **extra,
    }


def test_check_deploy_finds_nothing_in_production(tmp_path):
    result = _run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **_production(tmp_path)
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in output, output
    assert "WARNING" not in output, output
    assert "?:" not in output, output


def test_check_deploy_warns_about_an_example_contact_address(tmp_path):
    env = _production(tmp_path)
    del env["JMDI_CONTACT_EMAIL"]
    result = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **env)
    assert result.returncode != 0
    assert "jmdi.W001" in result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = _production(tmp_path)
    del env["SECRET_KEY"]
    result = _run(["-c", "import django; django.setup()"], **env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_a_shared_cache(tmp_path):
    """A per-process cache would give each web process its own sign-in throttle."""
    env = _production(tmp_path)
    del env["REDIS_URL"]
    result = _run(["-c", "import django; django.setup()"], **env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "REDIS_URL" in result.stderr


def _redis_reachable() -> bool:
    import socket

    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return False
    return True


@pytest.mark.skipif(not _redis_reachable(), reason="no Redis on 127.0.0.1:6379")
def test_the_shared_redis_cache_works_in_production(tmp_path):
    """The client library is installed and the throttles' cache answers across processes."""
    import uuid

    key = f"jmdi-probe-{uuid.uuid4().hex}"
    probe = (
        "import django; django.setup(); from django.core.cache import cache; "
        f"cache.set('{key}', 41, 30); print(cache.incr('{key}'))"
    )
    env = _production(tmp_path, REDIS_URL="redis://127.0.0.1:6379/15")
    first = _run(["-c", probe], **env)
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip().splitlines()[-1] == "42"
    read = _run(
        [
            "-c",
            f"import django; django.setup(); from django.core.cache import cache; print(cache.get('{key}'))",
        ],
        **env,
    )
    assert read.stdout.strip().splitlines()[-1] == "42"  # another process sees it


def test_production_accepts_the_database_cache_as_the_shared_cache(tmp_path):
    env = _production(tmp_path, DATABASE_CACHE="true")
    del env["REDIS_URL"]
    probe = "import django; django.setup(); from django.conf import settings as s; print(s.CACHES['default']['BACKEND'])"
    result = _run(["-c", probe], **env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("DatabaseCache")


@pytest.mark.parametrize("site_url", [None, "http://jmdi.example.org"])
def test_production_refuses_to_start_without_an_https_site_address(tmp_path, site_url):
    env = _production(tmp_path)
    if site_url is None:
        del env["JMDI_SITE_URL"]
    else:
        env["JMDI_SITE_URL"] = site_url
    result = _run(["-c", "import django; django.setup()"], **env)
    assert result.returncode != 0
    assert "JMDI_SITE_URL" in result.stderr


def test_production_turns_debug_off_whatever_the_variable_says(tmp_path):
    probe = "import django, json; django.setup(); from django.conf import settings as s; print(json.dumps([s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS, s.JMDI_REQUIRE_2FA_FOR_PMU, s.CACHES['default']['BACKEND']]))"
    result = _run(["-c", probe], **_production(tmp_path, DEBUG="true"))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == [
        False, True, True, 31536000, True, "django.core.cache.backends.redis.RedisCache",
    ]  # fmt: skip


# --- Database connections ------------------------------------------------------------------

_SQLITE_PROBE = """
import django, json
django.setup()
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
with connection.cursor() as cursor:
    pragmas = {}
    for name in ("journal_mode", "synchronous", "foreign_keys", "busy_timeout"):
        cursor.execute(f"PRAGMA {name}")
        pragmas[name] = cursor.fetchone()[0]
with CaptureQueriesContext(connection) as queries:
    with transaction.atomic():
        connection.cursor().execute("SELECT 1")
print(json.dumps({"pragmas": pragmas, "sql": [q["sql"] for q in queries.captured_queries],
                  "file": connection.settings_dict["NAME"]}))
"""


@pytest.mark.skipif(connection.vendor == "postgresql", reason="SQLite connection settings")
def test_sqlite_files_use_wal_and_immediate_transactions(tmp_path):
    """On a real file (the in-memory test database cannot use WAL), with production settings."""
    database = tmp_path / "wal.sqlite3"
    result = _run(
        ["-c", _SQLITE_PROBE], **_production(tmp_path, DATABASE_URL=f"sqlite:///{database}")
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])

    assert report["file"] == str(database)
    assert report["pragmas"] == {
        "journal_mode": "wal",
        "synchronous": 1,
        "foreign_keys": 1,
        "busy_timeout": 20000,
    }
    assert report["sql"][0] == "BEGIN IMMEDIATE"
    # WAL is a property of the file, so it persists: any later connection finds it.
    with closing(sqlite3.connect(database)) as plain:
        assert plain.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite connection settings")
def test_the_sqlite_test_connection_has_the_same_options():
    options = connection.settings_dict["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert "PRAGMA journal_mode=WAL" in options["init_command"]
    assert connection.transaction_mode == "IMMEDIATE"


def test_postgresql_connections_are_health_checked(tmp_path):
    probe = "import django, json; django.setup(); from django.conf import settings as s; print(json.dumps(s.DATABASES['default']))"
    url = "postgres://jmdi:secret@db.example.org:5432/jmdi"
    result = _run(["-c", probe], **_production(tmp_path, DATABASE_URL=url))
    assert result.returncode == 0, result.stderr
    database = json.loads(result.stdout.strip().splitlines()[-1])

    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert database["CONN_HEALTH_CHECKS"] is True
    assert database["CONN_MAX_AGE"] == 600
    assert "transaction_mode" not in database.get("OPTIONS", {})  # SQLite-only options stay off
    assert database["OPTIONS"]["options"] == "-c random_page_cost=1.1"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL connection settings")
def test_the_postgresql_test_connection_is_health_checked():
    assert connection.settings_dict["CONN_HEALTH_CHECKS"] is True


# --- Other headers, compression, logs ------------------------------------------------------


@pytest.mark.parametrize("page", ["/", "/accounts/login/", "/health/"])
def test_every_response_denies_device_features(client, page):
    policy = client.get(page).headers["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in policy, policy


def _with_totp(user):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    TOTP.activate(user, generate_totp_secret())


def _recovery_codes_session(client, user):
    """Signed in, recently re-authenticated (allauth asks before showing secrets)."""
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    from conftest import PASSWORD

    _with_totp(user)
    RecoveryCodes.activate(user)
    client.force_login(user)
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    return client


@pytest.mark.parametrize(
    "page", ["/accounts/2fa/recovery-codes/", "/accounts/2fa/recovery-codes/download/"]
)
def test_pages_showing_recovery_codes_are_neither_compressed_nor_cached(client, member, page):
    client = _recovery_codes_session(client, member)
    response = client.get(page, HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert "Content-Encoding" not in response.headers
    cache_control = response.headers.get("Cache-Control", "")
    assert "no-store" in cache_control or "no-cache" in cache_control, cache_control
    assert "private" in cache_control or "max-age=0" in cache_control, cache_control


def test_the_totp_set_up_page_with_its_secret_is_not_compressed(client, member):
    from conftest import PASSWORD

    client.force_login(member)
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    response = client.get("/accounts/2fa/totp/activate/", HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert "Content-Encoding" not in response.headers


def test_other_pages_are_still_compressed(client):
    response = client.get("/programmes/jmdi-2/", HTTP_ACCEPT_ENCODING="gzip")
    assert response.headers.get("Content-Encoding") == "gzip"


def _logged_ip(caplog, client, **headers) -> str:
    import logging

    with caplog.at_level(logging.INFO, logger="django_structlog"):
        client.get("/health/", **headers)
    events = [r.msg for r in caplog.records if isinstance(r.msg, dict) and "ip" in r.msg]
    assert events, [r.msg for r in caplog.records]
    return events[-1]["ip"]


def test_without_a_trusted_proxy_the_log_ignores_forwarded_for(client, caplog, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    ip = _logged_ip(caplog, client, REMOTE_ADDR="198.51.100.9", HTTP_X_FORWARDED_FOR="6.6.6.6")
    assert ip == "198.51.100.9"


def test_behind_one_trusted_proxy_the_log_shows_the_client(client, caplog, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    ip = _logged_ip(
        caplog, client, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.9"
    )
    assert ip == "198.51.100.9"


def test_a_trusted_client_address_header_is_used_when_configured(client, caplog, settings):
    settings.TRUSTED_CLIENT_IP_HEADER = "X-Real-IP"
    ip = _logged_ip(
        caplog,
        client,
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_REAL_IP="198.51.100.9",
        HTTP_X_FORWARDED_FOR="6.6.6.6",
    )
    assert ip == "198.51.100.9"
