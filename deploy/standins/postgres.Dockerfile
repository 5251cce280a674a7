# Stand-in for postgres:15-bookworm (see python.Dockerfile): Debian's PostgreSQL 15 behind the
# official image's POSTGRES_DB / POSTGRES_USER / POSTGRES_PASSWORD and its data volume.
FROM quiz-standin/bookworm
RUN apt-get update && apt-get install -y --no-install-recommends postgresql-15 \
    && rm -rf /var/lib/apt/lists/*
ENV PATH=/usr/lib/postgresql/15/bin:$PATH PGDATA=/var/lib/postgresql/data LANG=C.UTF-8
COPY postgres-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
VOLUME /var/lib/postgresql/data
EXPOSE 5432
ENTRYPOINT ["docker-entrypoint.sh"]
CMD ["postgres"]
