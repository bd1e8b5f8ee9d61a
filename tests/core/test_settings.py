"""Production refuses to start with a missing or bad value, and names it."""

import os
import subprocess
import sys

import pytest
from cryptography.fernet import Fernet
from django.conf import settings

PRODUCTION = {
    "YUHANG_ENV": "production",
    "SECRET_KEY": "x" * 60,
    "ALLOWED_HOSTS": "portal.example.gov.cn,jubao.example.cn",
    "PUBLIC_HOSTS": "jubao.example.cn",
    "STAFF_HOSTS": "portal.example.gov.cn",
    "TRUSTED_PROXIES": "10.0.0.0/8",
    "FIELD_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
    "HMAC_KEY": "h" * 40,
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/yuhang",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}


def start(env: dict) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in PRODUCTION and k != "DEBUG"}
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env={**clean, **env, "DJANGO_SETTINGS_MODULE": "yuhang_cac.settings"},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_starts_with_every_value():
    result = start(PRODUCTION)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    "name",
    [
        "SECRET_KEY",
        "ALLOWED_HOSTS",
        "PUBLIC_HOSTS",
        "STAFF_HOSTS",
        "TRUSTED_PROXIES",
        "FIELD_ENCRYPTION_KEYS",
        "HMAC_KEY",
        "DATABASE_URL",
        "REDIS_URL",
    ],
)
def test_production_refuses_to_start_without(name):
    result = start({k: v for k, v in PRODUCTION.items() if k != name})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert name in result.stderr.strip().splitlines()[-1]


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("FIELD_ENCRYPTION_KEYS", "not-a-fernet-key"),
        ("HMAC_KEY", "short"),
        ("TRUSTED_PROXIES", "10.0.0.0/33"),
        ("YUHANG_ENV", "staging"),
        ("DEBUG", "1"),
        ("AUDIT_RETENTION_DAYS", "30"),
    ],
)
def test_production_refuses_a_bad_value(name, value):
    result = start({**PRODUCTION, name: value})
    assert result.returncode != 0
    assert name in result.stderr.strip().splitlines()[-1]


def test_development_generates_its_secrets_into_an_ignored_file(tmp_path):
    result = start({"YUHANG_ENV": "development", "VAR_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    secrets = (tmp_path / "dev-secrets.env").read_text()
    assert {line.split("=")[0] for line in secrets.splitlines()} == {
        "SECRET_KEY",
        "FIELD_ENCRYPTION_KEYS",
        "HMAC_KEY",
    }
