"""A real SMTP server for the mail queue's tests: aiosmtpd on 127.0.0.1, on a free port,
started inside the test and stopped at its end. Without aiosmtpd the tests skip, except
in CI (``CI=true``), where they fail."""

from __future__ import annotations

import email
import email.policy
import socket
import threading
from dataclasses import dataclass, field

import pytest

from tests.conftest import require_service


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Received:
    envelope_from: str
    envelope_to: list[str]
    message: email.message.EmailMessage


@dataclass
class SMTPServer:
    port: int
    messages: list[Received] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _controller: object = None

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self._lock:
            self.messages.append(Received(envelope.mail_from, list(envelope.rcpt_tos), parsed))
        return "250 Message accepted for delivery"

    def start(self) -> SMTPServer:
        from aiosmtpd.controller import Controller

        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None


@pytest.fixture
def smtp_servers():
    """``smtp_servers(port=None)`` starts an SMTP server (on ``port``, or a free one);
    every server started is stopped when the test ends."""
    try:
        import aiosmtpd  # noqa: F401
    except ImportError:
        require_service("aiosmtpd", False, "install the test extras: pip install -e '.[test]'")
    started: list[SMTPServer] = []

    def start(port: int | None = None) -> SMTPServer:
        server = SMTPServer(port=port or free_port()).start()
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


@pytest.fixture
def smtp_server(smtp_servers) -> SMTPServer:
    return smtp_servers()


@pytest.fixture
def deliver_over_smtp(settings):
    """Point the queue's delivery at an SMTP server on ``port`` (plain SMTP, short timeout)."""

    def point(port: int) -> None:
        settings.OUTBOX_DELIVERY = "background"
        settings.OUTBOX_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = port
        settings.EMAIL_USE_TLS = False
        settings.EMAIL_USE_SSL = False
        settings.EMAIL_TIMEOUT = 3

    return point
