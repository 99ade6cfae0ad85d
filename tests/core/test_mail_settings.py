"""E-mail settings from the environment (config/settings/mail.py), in every mode."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.settings.mail import CONSOLE_BACKEND, SMTP_BACKEND, email_settings_from_env

ROOT = Path(__file__).resolve().parents[2]


def test_without_email_host_mail_goes_to_the_console():
    result = email_settings_from_env({})
    assert result["OUTBOX_DELIVERY_BACKEND"] == CONSOLE_BACKEND
    assert "EMAIL_HOST" not in result
    assert result["DEFAULT_FROM_EMAIL"] == "Praxis <praxis@localhost>"
    assert result["EMAIL_TIMEOUT"] == 10


def test_email_host_switches_to_smtp_with_starttls_on_587_by_default():
    result = email_settings_from_env({"EMAIL_HOST": "smtp.example.gov"})
    assert result == {
        "OUTBOX_DELIVERY_BACKEND": SMTP_BACKEND,
        "EMAIL_HOST": "smtp.example.gov",
        "EMAIL_PORT": 587,
        "EMAIL_HOST_USER": "",
        "EMAIL_HOST_PASSWORD": "",
        "EMAIL_USE_TLS": True,
        "EMAIL_USE_SSL": False,
        "EMAIL_TIMEOUT": 10,
        "DEFAULT_FROM_EMAIL": "Praxis <praxis@localhost>",
    }


def test_every_variable_is_read():
    result = email_settings_from_env(
        {
            "EMAIL_HOST": "mail.example.gov",
            "EMAIL_PORT": "465",
            "EMAIL_HOST_USER": "praxis",
            "EMAIL_HOST_PASSWORD": "s3cret",
            "EMAIL_USE_SSL": "true",
            "EMAIL_TIMEOUT": "2.5",
            "DEFAULT_FROM_EMAIL": "Praxis <noreply@example.gov>",
        }
    )
    assert result["EMAIL_PORT"] == 465
    assert (result["EMAIL_HOST_USER"], result["EMAIL_HOST_PASSWORD"]) == ("praxis", "s3cret")
    assert (result["EMAIL_USE_SSL"], result["EMAIL_USE_TLS"]) == (True, False)
    assert result["EMAIL_TIMEOUT"] == 2.5
    assert result["DEFAULT_FROM_EMAIL"] == "Praxis <noreply@example.gov>"


def test_tls_can_be_switched_off_for_a_local_relay():
    result = email_settings_from_env({"EMAIL_HOST": "localhost", "EMAIL_USE_TLS": "false"})
    assert (result["EMAIL_USE_TLS"], result["EMAIL_USE_SSL"]) == (False, False)


def test_tls_and_ssl_together_are_refused_clearly():
    with pytest.raises(ImproperlyConfigured, match="EMAIL_USE_TLS and EMAIL_USE_SSL"):
        email_settings_from_env(
            {"EMAIL_HOST": "smtp.example.gov", "EMAIL_USE_TLS": "true", "EMAIL_USE_SSL": "1"}
        )


@pytest.mark.parametrize(
    "env",
    [
        {"EMAIL_HOST": "smtp.example.gov", "EMAIL_PORT": "submission"},
        {"EMAIL_HOST": "smtp.example.gov", "EMAIL_USE_TLS": "maybe"},
        {"EMAIL_TIMEOUT": "0"},
    ],
)
def test_nonsense_values_are_refused(env):
    with pytest.raises(ImproperlyConfigured):
        email_settings_from_env(env)


def test_the_settings_use_the_queue_in_front_of_the_transport(settings):
    from config.settings import base

    assert base.EMAIL_BACKEND == "outbox.backends.QueuedEmailBackend"
    assert base.OUTBOX_DELIVERY_BACKEND in {CONSOLE_BACKEND, SMTP_BACKEND}
    # The suite itself runs through the queue too (tests/conftest.py).
    assert settings.EMAIL_BACKEND == "outbox.backends.QueuedEmailBackend"


def _settings_in_a_new_process(module: str, **env) -> subprocess.CompletedProcess:
    code = (
        "from django.conf import settings; "
        "print(settings.EMAIL_BACKEND, settings.OUTBOX_DELIVERY_BACKEND, "
        "getattr(settings, 'EMAIL_HOST', '-'), getattr(settings, 'EMAIL_PORT', '-'))"
    )
    environ = {k: v for k, v in os.environ.items() if not k.startswith("EMAIL_")}
    return subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env={**environ, "DJANGO_SETTINGS_MODULE": module, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("module", ["config.settings.dev", "config.settings.production"])
def test_email_host_means_smtp_in_every_mode(module):
    result = _settings_in_a_new_process(
        module,
        EMAIL_HOST="smtp.example.gov",
        EMAIL_PORT="2525",
        DJANGO_SECRET_KEY="x7!Qm2#p9Lz&Rk4$Vt8^Wn1*Hs6@Jd3%Fg5(Yb0)Ce-Ua+Ox=Ni_Tl",
        ALLOWED_HOSTS="praxis.example.gov",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].split() == [
        "outbox.backends.QueuedEmailBackend",
        SMTP_BACKEND,
        "smtp.example.gov",
        "2525",
    ]


def test_tls_and_ssl_together_stop_the_start_up():
    result = _settings_in_a_new_process(
        "config.settings.dev",
        EMAIL_HOST="smtp.example.gov",
        EMAIL_USE_TLS="true",
        EMAIL_USE_SSL="true",
    )
    assert result.returncode != 0
    assert "EMAIL_USE_TLS and EMAIL_USE_SSL exclude each other" in result.stderr
