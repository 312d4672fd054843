"""gunicorn's settings for the production web process (`scripts/serve`, `make serve`).

gunicorn runs this file itself (`gunicorn -c config/gunicorn.conf.py config.wsgi`) before
Django is loaded, so it reads the environment on its own and imports nothing from the
project. Every variable is listed in `.env.example` and explained in docs/deployment.md.

The defaults suit one machine with 2 cores that also runs PostgreSQL and Redis: see
docs/deployment.md for how they were measured and how to size other machines.

    WEB_BIND               address to listen on (default 127.0.0.1:8000; a proxy in front)
    WEB_CONCURRENCY        worker processes (default: 2 per core + 1)
    WEB_THREADS            threads per worker (default 4)
    WEB_TIMEOUT            seconds a silent worker lives before it is killed and replaced (30)
    WEB_GRACEFUL_TIMEOUT   seconds given to requests in flight on shutdown or restart (30)
    WEB_KEEPALIVE          seconds an idle keep-alive connection stays open (5)
    WEB_MAX_REQUESTS       requests before a worker is replaced, 0 for never (1000)
    WEB_ACCESS_LOG         "-" for stdout (default), a file path, or "off"
    WEB_ERROR_LOG          "-" for stderr (default) or a file path
    WEB_CONTROL_SOCKET     path of gunicorn's control socket (default var/gunicorn.ctl), or "off"
    LOG_LEVEL              shared with Django: DEBUG, INFO (default), WARNING or ERROR

Both logs are JSON lines, like the platform's own log (config/settings.py): one object per
line with `timestamp`, `level`, `logger` and `event`, and for each request its method,
path, status, size and duration.
"""

from __future__ import annotations

import datetime
import json
import logging
import os
from pathlib import Path
from typing import Any

from gunicorn.glogging import Logger

BASE_DIR = Path(__file__).resolve().parent.parent


def _int(name: str, default: int, minimum: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        value = minimum - 1
    if value < minimum:
        raise SystemExit(
            f"{name}={raw!r} is not valid: set it to a whole number of at least {minimum}, "
            f"or leave it unset for the default ({default})."
        )
    return value


def _str(name: str, default: str) -> str:
    return os.environ.get(name, "").strip() or default


# --- Processes -------------------------------------------------------------------------
# A Django page spends part of its time waiting on PostgreSQL and part running Python
# under the GIL: several processes use the cores, a few threads in each fill the waits.
# Each thread holds its own database connection, so one machine opens up to
# workers x threads connections (5 x 4 = 20 by default; PostgreSQL allows 100).
bind = [_str("WEB_BIND", "127.0.0.1:8000")]
# The CPUs this process may run on (Python 3.13), else all of them.
_cores = (getattr(os, "process_cpu_count", None) or os.cpu_count)() or 1
workers = _int("WEB_CONCURRENCY", 2 * _cores + 1, minimum=1)
threads = _int("WEB_THREADS", 4, minimum=1)
worker_class = "gthread"
proc_name = "jmdi-web"

# --- Time limits ------------------------------------------------------------------------
# A worker that stops answering gunicorn's heartbeat for `timeout` seconds is killed and
# replaced. On SIGTERM (what process managers send) workers stop accepting, finish what
# they hold within `graceful_timeout` seconds, and exit: a deploy drops no request.
timeout = _int("WEB_TIMEOUT", 30, minimum=1)
graceful_timeout = _int("WEB_GRACEFUL_TIMEOUT", 30, minimum=1)
# Behind a load balancer, keep this longer than the balancer's own idle timeout, or the
# balancer may reuse a connection gunicorn is closing and answer 502.
keepalive = _int("WEB_KEEPALIVE", 5, minimum=1)
# Replacing each worker after a thousand-odd requests (jittered, so they do not all
# restart at once) bounds the memory any slow leak can take.
max_requests = _int("WEB_MAX_REQUESTS", 1000, minimum=0)
max_requests_jitter = max_requests // 10

# The heartbeat file is touched constantly; on a disk it can stall a worker.
if Path("/dev/shm").is_dir():
    worker_tmp_dir = "/dev/shm"

# gunicorn opens a control socket for `gunicornc` in the home directory by default, where
# two deployments on one machine would collide; keep it beside the deployment.
_control_socket = _str("WEB_CONTROL_SOCKET", str(BASE_DIR / "var" / "gunicorn.ctl"))
if _control_socket == "off":
    control_socket_disable = True
else:
    control_socket = _control_socket
    Path(control_socket).parent.mkdir(parents=True, exist_ok=True)


# --- Logs ---------------------------------------------------------------------------------
class JsonLineFormatter(logging.Formatter):
    """One JSON object per line, with the keys structlog writes for the platform's log."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "timestamp": datetime.datetime.fromtimestamp(record.created, tz=datetime.UTC)
            .isoformat()
            .replace("+00:00", "Z"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "event": record.getMessage(),
            "pid": record.process,
        }
        line.update(getattr(record, "fields", {}))
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


class JsonLogger(Logger):
    """gunicorn's logger, writing JSON lines: the access log as fields, not a CLF string."""

    def _set_handler(self, log: logging.Logger, output: str, fmt: Any, stream: Any = None) -> None:
        super()._set_handler(log, output, JsonLineFormatter(), stream=stream)

    def access(self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any) -> None:
        if not self.cfg.accesslog:
            return
        status = resp.status.split(None, 1)[0] if isinstance(resp.status, str) else resp.status
        fields = {
            "method": environ.get("REQUEST_METHOD"),
            "path": environ.get("PATH_INFO"),
            "query": environ.get("QUERY_STRING") or None,
            "status": int(status),
            "bytes": getattr(resp, "sent", None),
            "duration_ms": round(request_time.total_seconds() * 1000, 1),
            "remote_addr": environ.get("REMOTE_ADDR"),
            "forwarded_for": environ.get("HTTP_X_FORWARDED_FOR"),
            "request_id": environ.get("HTTP_X_REQUEST_ID"),
            "user_agent": environ.get("HTTP_USER_AGENT"),
            "referer": environ.get("HTTP_REFERER"),
        }
        self.access_log.info(
            "request", extra={"fields": {k: v for k, v in fields.items() if v is not None}}
        )


logger_class = JsonLogger
loglevel = _str("LOG_LEVEL", "info").lower()
_access_log = _str("WEB_ACCESS_LOG", "-")
accesslog = None if _access_log == "off" else _access_log
errorlog = _str("WEB_ERROR_LOG", "-")
