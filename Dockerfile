# Crossdesk production image: gunicorn by default; the same image runs Celery
# worker and beat (see docker-compose.yml).
FROM python:3.11-slim-bookworm

# WeasyPrint renders PDFs with Pango; Noto CJK covers Chinese text, Noto Color Emoji
# the emoji in what people write (fontconfig falls back to it). WeasyPrint
# subsets fonts with libharfbuzz-subset0 and otherwise falls back to a much slower
# pure-Python path, which matters with the large CJK fonts.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk \
        fonts-noto-color-emoji \
    && rm -rf /var/lib/apt/lists/*

RUN pip install --no-cache-dir uv==0.13.9

ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    UV_PROJECT_ENVIRONMENT=/app/.venv \
    UV_PYTHON_DOWNLOADS=never \
    UV_COMPILE_BYTECODE=1 \
    PATH=/app/.venv/bin:$PATH \
    DJANGO_SETTINGS_MODULE=collab.settings.production

WORKDIR /app

# Dependencies before the code, so this layer is rebuilt only when the lock changes.
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev --no-cache

COPY . .

# Production settings refuse to load without a secret key and allowed hosts: the
# throwaway values below exist only for this command and are not kept in the image.
RUN python bin/compile-messages \
    && DJANGO_SECRET_KEY=build-only-not-a-secret-0123456789abcdefghijklmnopqrstuvwxyz \
       DJANGO_ALLOWED_HOSTS=build.invalid \
       python manage.py collectstatic --noinput

# Code stays root-owned and read-only for the app. var/ (and media, a volume in
# compose) is writable; the home directory holds gunicorn's control socket.
RUN useradd --uid 10001 --user-group --create-home --shell /usr/sbin/nologin crossdesk \
    && mkdir -p var/media \
    && chown crossdesk:crossdesk var var/media
USER crossdesk

EXPOSE 8000
CMD ["gunicorn", "collab.wsgi:application", "--bind", "0.0.0.0:8000", "--access-logfile", "-"]
