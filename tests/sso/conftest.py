"""A real OpenID Connect provider on 127.0.0.1 (django-oauth-toolkit, tests/sso/idp/),
run in a subprocess for the tests that sign in through it."""

from __future__ import annotations

import importlib.util
import json
import os
import selectors
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import require_service

ROOT = Path(__file__).resolve().parents[2]
CLIENT_ID = "praxis-test-client"
CLIENT_SECRET = "praxis-test-secret-0123456789"
CALLBACK = "http://testserver/accounts/oidc/sso/login/callback/"

# The identity provider's people: a ministry employee whose organisation Praxis lists,
# and one whose organisation it does not.
IDP_USERS = {
    "ana": {
        "password": "ana-at-the-ministry",
        "email": "ana.novak@mju.gov.si",
        "first_name": "Ana",
        "last_name": "Novak",
        "claims": {
            "name": "Ana Novak",
            "organization": "MJU",
            "department": "Directorate for Public Administration",
            "locale": "sl-SI",
        },
    },
    "jonas": {
        "password": "jonas-at-the-ministry",
        "email": "jonas.jonaitis@vrm.lt",
        "first_name": "Jonas",
        "last_name": "Jonaitis",
        "claims": {
            "organization": "Ministry of Nowhere",
            "department": "Digital Policy Unit",
            "country": "LT",
        },
    },
}


@dataclass
class IdentityProvider:
    url: str
    pid: int

    @property
    def issuer(self) -> str:
        return f"{self.url}/o"


def _rsa_private_key() -> str:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


@pytest.fixture(scope="session")
def identity_provider(tmp_path_factory):
    require_service(
        "django-oauth-toolkit (the local OpenID Connect provider)",
        importlib.util.find_spec("oauth2_provider") is not None,
        "pip install -e '.[test]'",
    )
    workdir = tmp_path_factory.mktemp("idp")
    config = workdir / "config.json"
    config.write_text(
        json.dumps(
            {
                "database": str(workdir / "idp.sqlite3"),
                "rsa_private_key": _rsa_private_key(),
                "users": IDP_USERS,
                "client": {
                    "client_id": CLIENT_ID,
                    "client_secret": CLIENT_SECRET,
                    "redirect_uris": [CALLBACK],
                },
            }
        )
    )
    with running(
        ROOT / "tests" / "sso" / "idp" / "serve.py", {"IDP_CONFIG": str(config)}, workdir
    ) as (port, pid):
        yield IdentityProvider(url=f"http://127.0.0.1:{port}", pid=pid)


@contextmanager
def running(script: Path, extra_env: dict, workdir: Path):
    """Run ``script`` (which prints ``READY <port>`` once it listens on 127.0.0.1) for the
    block; stop it by its pid afterwards."""
    env = {**os.environ, **extra_env}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    stderr_path = workdir / f"{script.parent.name}-stderr.log"
    with open(stderr_path, "w") as stderr:
        process = subprocess.Popen(  # noqa: S603
            [sys.executable, str(script)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
        )
    try:
        try:
            port = _wait_for_ready(process, timeout=90)
        except Exception:
            print(stderr_path.read_text(), file=sys.stderr)
            raise
        yield port, process.pid
    finally:
        os.kill(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.kill(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def _wait_for_ready(process: subprocess.Popen, timeout: float) -> int:
    deadline = time.monotonic() + timeout
    selector = selectors.DefaultSelector()
    selector.register(process.stdout, selectors.EVENT_READ)
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the identity provider exited with {process.returncode}")
        if selector.select(timeout=0.5):
            line = process.stdout.readline()
            if line.startswith("READY "):
                return int(line.split()[1])
    raise RuntimeError("the identity provider did not start in time")
