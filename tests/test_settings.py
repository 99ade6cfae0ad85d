"""Deployment settings and the services the scale-out mode relies on."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from tests.conftest import port_open, require_service

ROOT = Path(__file__).resolve().parent.parent


def run_manage(*args, **env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_check_deploy_without_warnings():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DJANGO_SECRET_KEY="x7!Qm2#p9Lz&Rk4$Vt8^Wn1*Hs6@Jd3%Fg5(Yb0)Ce-Ua+Ox=Ni_Tl",
        ALLOWED_HOSTS="praxis.example.gov,www.praxis.example.gov",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize("hosts", ["", "*", "praxis.example.gov,*"])
def test_production_refuses_wildcard_or_missing_hosts(hosts):
    result = run_manage(
        "check",
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DJANGO_SECRET_KEY="x7!Qm2#p9Lz&Rk4$Vt8^Wn1*Hs6@Jd3%Fg5(Yb0)Ce-Ua+Ox=Ni_Tl",
        ALLOWED_HOSTS=hosts,
    )
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


@pytest.mark.django_db
def test_database_is_postgresql_when_database_url_is_set():
    from django.db import connection

    url = os.environ.get("DATABASE_URL", "")
    if not url:
        assert connection.vendor == "sqlite"
        return
    require_service("PostgreSQL", port_open(url, 5432), f"cannot reach {url}")
    assert connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute("select 1")
        assert cursor.fetchone() == (1,)


async def test_channel_layer_round_trip():
    """A message sent to a group reaches a channel in it, on whichever layer is configured."""
    from channels.layers import get_channel_layer

    url = os.environ.get("REDIS_URL", "")
    if url:
        require_service("Redis", port_open(url, 6379), f"cannot reach {url}")
        assert settings.CHANNEL_LAYERS["default"]["BACKEND"].startswith("channels_redis")
    layer = get_channel_layer()
    channel = await layer.new_channel()
    await layer.group_add("praxis-test", channel)
    await layer.group_send("praxis-test", {"type": "ping", "text": "hello"})
    assert (await layer.receive(channel))["text"] == "hello"
    await layer.group_discard("praxis-test", channel)


def test_cache_round_trip():
    from django.core.cache import cache

    url = os.environ.get("REDIS_URL", "")
    if url:
        require_service("Redis", port_open(url, 6379), f"cannot reach {url}")
        assert "RedisCache" in settings.CACHES["default"]["BACKEND"]
    cache.set("praxis-test-key", "value", 5)
    assert cache.get("praxis-test-key") == "value"
