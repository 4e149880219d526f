# Two images from one build (see docker-compose.yml):
# - `app`: web (gunicorn), worker and beat (Celery); the default target;
# - `proxy`: nginx with the collected static files; its configuration is deploy/nginx.conf,
#   mounted by compose as a template.
FROM python:3.11-slim-bookworm AS app

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 DJANGO_SETTINGS_MODULE=config.settings

# WeasyPrint: Pango, HarfBuzz's subsetter and fonts; gettext for compilemessages.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
      fonts-open-sans fonts-ebgaramond fonts-dejavu-core fonts-liberation2 gettext \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml README.md ./
RUN pip install --upgrade pip && pip install ".[s3]"
COPY . .
RUN DJANGO_DEBUG=true python manage.py compilemessages --ignore=node_modules -v0 \
 && DJANGO_SECRET_KEY=build-only DJANGO_STATIC_MANIFEST=true python manage.py collectstatic --no-input -v0

RUN useradd --create-home --uid 1000 portal \
 && mkdir -p /app/media /app/private-media && chown portal /app/media /app/private-media
USER portal
EXPOSE 8000
CMD ["gunicorn", "config.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]

# The front proxy serves the same static files the app collected (hashed names, .gz copies).
FROM nginx:1.27-bookworm AS proxy
COPY --from=app /app/staticfiles /srv/static

FROM app
