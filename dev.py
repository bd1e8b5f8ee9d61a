#!/usr/bin/env python3
"""Set up and run the portal on a fresh machine. Standard library only.

    python3 dev.py demo    set up, load demo data, run the web server, a Celery worker and beat
    python3 dev.py test    set up and run the whole test suite, one worker per processor
                           (extra arguments go to pytest; -n 0 runs it in one process)

Both create ``.venv`` and install the pinned packages (pyproject.toml through
constraints.txt) when they are missing or changed. Without DATABASE_URL and
REDIS_URL the portal runs on a SQLite file and Celery's filesystem transport in
``var/``; with them, on PostgreSQL and Redis.
"""

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
DEMO_USERS = [
    "officer",
    "officer2",
    "leader",
    "association",
    "association2",
    "expert",
    "sysadmin",
    "secadmin",
    "auditor",
]


def run(*args: str, **kwargs) -> None:
    print("+", " ".join(str(a) for a in args), flush=True)
    subprocess.run([str(a) for a in args], check=True, cwd=ROOT, **kwargs)


def install() -> None:
    """Create the virtual environment and install; skipped when nothing changed since last time."""
    if sys.version_info < (3, 11):
        sys.exit("Python 3.11 or newer is required.")
    if not PYTHON.exists():
        venv.create(VENV, with_pip=True)
    digest = hashlib.sha256(b"".join((ROOT / f).read_bytes() for f in ("pyproject.toml", "constraints.txt")))
    stamp = VENV / ".installed"
    if stamp.exists() and stamp.read_text() == digest.hexdigest():
        return
    run(PYTHON, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    run(PYTHON, "-m", "pip", "install", "--quiet", "-c", "constraints.txt", "-e", ".[dev]")
    stamp.write_text(digest.hexdigest())


# Debian packages the portal needs beyond Python: WeasyPrint's libraries and the CJK fonts
# for official documents (dev.py demo and test), Chromium and pdftoppm for the tests.
DOCUMENT_PACKAGES = ["libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz-subset0", "fonts-noto-cjk"]
TEST_PACKAGES = ["chromium", "poppler-utils"]
DPKG_QUERY = "/usr/bin/dpkg-query"


def missing_packages(packages: list[str]) -> list[str]:
    """The packages dpkg does not report as installed."""
    missing = []
    for package in packages:
        status = subprocess.run(
            [DPKG_QUERY, "-W", "-f=${Status}", package], capture_output=True, text=True, check=False
        )
        if "install ok installed" not in status.stdout:
            missing.append(package)
    return missing


def ensure_packages(packages: list[str]) -> None:
    """Install what is missing with apt-get when we are root on Debian; otherwise say what to install."""
    if not Path("/usr/bin/apt-get").exists() or not Path(DPKG_QUERY).exists():
        return
    missing = missing_packages(packages)
    if not missing:
        return
    if hasattr(os, "geteuid") and os.geteuid() != 0:
        print(
            f"Install {' '.join(missing)} with apt-get: official documents need them"
            " (and browser tests are skipped without chromium).",
            flush=True,
        )
        return
    apt_env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    run("apt-get", "update", "-qq", env=apt_env)
    run("apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing, env=apt_env)


def environment() -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("YUHANG_ENV", "development")
    env.setdefault("DJANGO_SETTINGS_MODULE", "yuhang_cac.settings")
    env.setdefault("PYTHONUNBUFFERED", "1")
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    return env


def demo() -> None:
    ensure_packages(DOCUMENT_PACKAGES)
    env = environment()
    port = env.setdefault("PORT", "8000")
    password = env.setdefault("DEMO_PASSWORD", "Yuhang-demo-2026")
    run(PYTHON, "manage.py", "migrate", "--no-input", env=env)
    run(PYTHON, "manage.py", "seed_demo", "--password", password, env=env)
    print(f"\nThe portal runs at http://127.0.0.1:{port}/  (staff sign-in: http://127.0.0.1:{port}/login/)")
    print(f"Demo users, all with the password {password}:")
    print("  " + ", ".join(DEMO_USERS))
    print("Each sign-in also asks for a code: add a key printed above to an authenticator app, or run")
    print(f"  {PYTHON} manage.py totp USER")
    print("Stop with Ctrl+C.\n", flush=True)
    os.chdir(ROOT)
    os.execve(str(PYTHON), [str(PYTHON), "-m", "honcho", "start", "-f", "Procfile"], env)


def test(args: list[str]) -> None:
    ensure_packages(DOCUMENT_PACKAGES + TEST_PACKAGES)
    env = environment()
    if not any(arg == "-n" or arg.startswith(("-n", "--numprocesses")) for arg in args):
        # One pytest-xdist worker per processor, each with its own test database.
        args = ["-n", "auto", *args]
    result = subprocess.run([str(PYTHON), "-m", "pytest", *args], cwd=ROOT, env=env)
    sys.exit(result.returncode)


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1] not in ("demo", "test"):
        sys.exit(__doc__)
    install()
    demo() if sys.argv[1] == "demo" else test(sys.argv[2:])


if __name__ == "__main__":
    main()
