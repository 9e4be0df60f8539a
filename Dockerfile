# The Newsdesk application image: web (gunicorn), Celery worker and beat share it.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    UV_PROJECT_ENVIRONMENT=/opt/venv \
    UV_COMPILE_BYTECODE=1 \
    PATH=/opt/venv/bin:$PATH \
    DJANGO_SETTINGS_MODULE=cms.settings.production

RUN apt-get update \
    && apt-get install -y --no-install-recommends libjpeg62-turbo zlib1g libwebp7 \
    && rm -rf /var/lib/apt/lists/* \
    && pip install --no-cache-dir uv \
    && useradd --create-home --uid 1000 newsdesk

WORKDIR /app
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev --no-install-project

COPY . .
# collectstatic needs settings, not secrets or services: throwaway values for this one command.
RUN SECRET_KEY=collectstatic-only SOCIAL_CREDENTIALS_KEY=collectstatic-only \
    REDIS_URL=redis://collectstatic-only:6379/0 python manage.py collectstatic --noinput \
    && mkdir -p /app/var/media /app/var/celery \
    && chown -R newsdesk /app/var

USER newsdesk
EXPOSE 8000
CMD ["gunicorn", "--config", "deploy/gunicorn.conf.py", "cms.wsgi:application"]
