# One image for web, worker and beat (see docker-compose.yml).
FROM python:3.11-slim-bookworm

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

RUN useradd --create-home --uid 1000 portal && mkdir -p /app/media && chown portal /app/media
USER portal
EXPOSE 8000
CMD ["gunicorn", "config.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
