# Builds with BuildKit (Docker >= 20.10) and no frontend image: there is deliberately no
# `# syntax=` line, so a build needs no registry beyond the base images.
FROM python:3.11-slim-bookworm AS base
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app

FROM base AS build
RUN apt-get update && apt-get install -y --no-install-recommends build-essential && rm -rf /var/lib/apt/lists/*
COPY requirements.txt .
# Behind a TLS-intercepting proxy, pass its CA bundle as a build secret
# (`--secret id=pip_cert,src=/etc/ssl/certs/ca-certificates.crt`): it is used here and never stored.
RUN --mount=type=secret,id=pip_cert \
    if [ -s /run/secrets/pip_cert ]; then export PIP_CERT=/run/secrets/pip_cert; fi \
    && python -m venv /venv && /venv/bin/pip install -r requirements.txt
# The toolchains besides the default ones, as the sandbox's language registry lists them.
COPY scripts/install_toolchains.sh scripts/
COPY sandbox/ sandbox/
RUN --mount=type=secret,id=pip_cert \
    if [ -s /run/secrets/pip_cert ]; then export PIP_CERT=/run/secrets/pip_cert; fi \
    && bash scripts/install_toolchains.sh /venv/bin/python /venv/toolchains

# The sandbox's small C launcher, compiled where the compiler already is.
FROM build AS launcher
RUN SANDBOX_STATE_DIR=/var/lib/sandbox /venv/bin/python -c \
    "from sandbox import launcher; assert launcher.build(), 'the C launcher did not build'"

FROM base AS runtime
RUN apt-get update && apt-get install -y --no-install-recommends libseccomp2 && rm -rf /var/lib/apt/lists/*
COPY --from=build /venv /venv
ENV PATH=/venv/bin:$PATH
COPY . .
RUN DJANGO_SETTINGS_MODULE=quizapp.settings.production SECRET_KEY=collectstatic-only \
    python manage.py collectstatic --noinput

FROM runtime AS web
# A home directory, so gunicorn (and anything else) can write its dotfiles there.
RUN useradd --uid 10001 --create-home --home-dir /home/web --shell /usr/sbin/nologin web
USER web
EXPOSE 8000
CMD ["gunicorn", "quizapp.wsgi:application", "--config", "deploy/gunicorn.conf.py"]

FROM runtime AS worker
# Root in the container only to set up the run cgroups and start each sandbox as a uid of its own (README, "Sandbox uids"); see
# README "Worker privileges".
ENV SANDBOX_STATE_DIR=/var/lib/sandbox SANDBOX_CGROUP_PARENT=/sandbox
# The image holds the C launcher; the Go cache is warmed in bubblewrap when the worker starts
# (worker_init), since `docker build` forbids the namespaces bubblewrap needs.
COPY --from=launcher /var/lib/sandbox /var/lib/sandbox
ENTRYPOINT ["/app/deploy/worker-entrypoint.sh"]
CMD ["celery", "-A", "quizapp", "worker", "-Q", "sandbox,celery", "--concurrency", "2"]
