# syntax=docker/dockerfile:1
FROM python:3.11-slim-bookworm AS base
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app

FROM base AS build
RUN apt-get update && apt-get install -y --no-install-recommends build-essential && rm -rf /var/lib/apt/lists/*
COPY requirements.txt .
RUN python -m venv /venv && /venv/bin/pip install -r requirements.txt
COPY scripts/install_toolchains.sh scripts/
RUN bash scripts/install_toolchains.sh /venv/bin/python /venv/toolchains

FROM base AS runtime
RUN apt-get update && apt-get install -y --no-install-recommends libseccomp2 && rm -rf /var/lib/apt/lists/*
COPY --from=build /venv /venv
ENV PATH=/venv/bin:$PATH
COPY . .
RUN DJANGO_SETTINGS_MODULE=quizapp.settings.production SECRET_KEY=collectstatic-only \
    python manage.py collectstatic --noinput

FROM runtime AS web
RUN useradd --uid 10001 --no-create-home --shell /usr/sbin/nologin web
USER web
EXPOSE 8000
CMD ["gunicorn", "quizapp.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]

FROM runtime AS worker
# Root in the container only to start each sandbox as uid 65534; see README "Worker privileges".
ENV SANDBOX_STATE_DIR=/var/lib/sandbox
# warm() also compiles the small C launcher (sandbox/launcher.c); the compiler leaves afterwards.
RUN apt-get update && apt-get install -y --no-install-recommends gcc libc6-dev \
    && mkdir -p /var/lib/sandbox && python -m sandbox warm \
    && apt-get purge -y gcc libc6-dev && apt-get autoremove -y && rm -rf /var/lib/apt/lists/*
CMD ["celery", "-A", "quizapp", "worker", "-Q", "sandbox", "--concurrency", "2"]
