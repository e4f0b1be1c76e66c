# One image for every process: web (gunicorn), worker, beat and the inbound SMTP receiver.
FROM python:3.11-slim-bookworm

ENV DJANGO_ENV=production PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1 \
    VAR_DIR=/app/var
WORKDIR /app

RUN useradd --system --create-home --uid 1000 app
COPY pyproject.toml ./
RUN pip install .
COPY . .
# collectstatic needs importable settings but no real secrets or services.
RUN DJANGO_ENV=development python manage.py collectstatic --noinput \
    && mkdir -p /app/var && chown -R app /app/var
USER app
EXPOSE 8000 2525
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
