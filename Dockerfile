# The production image: gunicorn for the web, the same image for the Celery worker and beat.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    YUHANG_ENV=production \
    STATIC_ROOT=/app/staticfiles \
    MEDIA_ROOT=/data/media \
    VAR_DIR=/data/var

# Official documents: WeasyPrint's libraries (pango, harfbuzz) and the CJK fonts; curl for the health check.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk curl \
    && rm -rf /var/lib/apt/lists/*

RUN useradd --create-home --uid 1000 portal
WORKDIR /app
# Dependencies first, from pyproject.toml through constraints.txt: a change to the code reuses this
# layer. The portal itself runs from /app and is not installed as a package.
COPY pyproject.toml constraints.txt ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" \
        > /tmp/requirements.txt \
    && pip install --no-cache-dir -c constraints.txt -r /tmp/requirements.txt \
    && rm /tmp/requirements.txt
COPY . .

# collectstatic loads the production settings; it needs values, not real secrets.
RUN SECRET_KEY=build ALLOWED_HOSTS=build PUBLIC_HOSTS=public.build STAFF_HOSTS=staff.build TRUSTED_PROXIES= \
    FIELD_ENCRYPTION_KEYS="$(python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())')" \
    HMAC_KEY=build-build-build-build-build-build-build \
    DATABASE_URL=sqlite:////tmp/build.sqlite3 REDIS_URL=redis://build:6379/0 VAR_DIR=/tmp/build \
    python manage.py collectstatic --no-input --verbosity 0 \
    && mkdir -p /data/media /data/var && chown -R portal /data

USER portal
EXPOSE 8000
CMD ["gunicorn", "yuhang_cac.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
