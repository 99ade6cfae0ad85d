"""``make run``'s settings (config.settings.local): DEBUG off, a secret key of its own."""

import os
import stat
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRINT = (
    "import django; from django.conf import settings; django.setup(); "
    "print(settings.DEBUG, settings.WHITENOISE_USE_FINDERS, settings.SECRET_KEY)"
)


def _settings(var_dir: Path, **env) -> list[str]:
    environment = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_SECRET_KEY"},
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "PRAXIS_VAR_DIR": str(var_dir),
        **env,
    }
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", PRINT],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return result.stdout.split()


def test_make_run_serves_with_debug_off_and_static_files_from_the_apps(tmp_path):
    debug, finders, key = _settings(tmp_path)

    assert debug == "False"
    assert finders == "True"
    assert not key.startswith("insecure")
    assert len(key) >= 50


def test_the_generated_secret_key_is_private_and_kept_across_restarts(tmp_path):
    first = _settings(tmp_path)[2]
    second = _settings(tmp_path)[2]

    assert first == second
    mode = stat.S_IMODE((tmp_path / "secret_key").stat().st_mode)
    assert mode == 0o600


def test_a_secret_key_from_the_environment_wins(tmp_path):
    assert _settings(tmp_path, DJANGO_SECRET_KEY="k" * 60)[2] == "k" * 60
    assert not (tmp_path / "secret_key").exists()
