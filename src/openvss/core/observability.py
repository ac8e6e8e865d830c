"""A request id on every request, every log line and every task it starts.

The id comes from the proxy's ``X-Request-ID`` when it is a sane token (so one id follows a
request from the load balancer to the database log), else a new one; it is echoed in the
answer. Logs carry it through :class:`RequestIdFilter`; a task enqueued while handling the
request gets it as its ``request_id`` argument (:func:`traced_task`), so the worker's lines
about a message sent for a registration carry the registration request's id.
"""

import functools
import logging
import re
import uuid
from contextvars import ContextVar

request_id_var: ContextVar[str] = ContextVar("request_id", default="-")

_SANE = re.compile(r"[A-Za-z0-9._-]{8,64}")


def new_request_id() -> str:
    return uuid.uuid4().hex


class RequestIdMiddleware:
    """First in the chain: every later middleware, view and log line sees the id."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        offered = request.headers.get("X-Request-ID", "")
        request_id = offered if _SANE.fullmatch(offered) else new_request_id()
        request.request_id = request_id
        token = request_id_var.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            request_id_var.reset(token)
        response["X-Request-ID"] = request_id
        return response


class RequestIdFilter(logging.Filter):
    """Puts ``request_id`` on every log record (``-`` outside a request or task)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get()
        return True


def current_request_id() -> str | None:
    value = request_id_var.get()
    return None if value == "-" else value


def traced_task(func):
    """For a task function: accept ``request_id`` and log under it while running.

    Stack it under ``@task``: ``@task(...)`` then ``@traced_task`` then ``def …``."""

    @functools.wraps(func)
    def wrapper(*args, request_id: str | None = None, **kwargs):
        token = request_id_var.set(request_id or new_request_id())
        try:
            return func(*args, **kwargs)
        finally:
            request_id_var.reset(token)

    return wrapper


def enqueue(task, *args, **kwargs):
    """``task.enqueue`` with the current request id passed along."""
    return task.enqueue(*args, request_id=current_request_id(), **kwargs)
