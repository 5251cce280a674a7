# Stand-in for redis:7-bookworm (see python.Dockerfile): Debian's Redis 7 with the official image's
# /data working directory and volume, reachable from the compose network.
FROM quiz-standin/bookworm
RUN apt-get update && apt-get install -y --no-install-recommends redis-server redis-tools \
    && rm -rf /var/lib/apt/lists/* && mkdir /data && chown redis:redis /data
COPY redis-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
VOLUME /data
WORKDIR /data
EXPOSE 6379
ENTRYPOINT ["docker-entrypoint.sh"]
CMD ["redis-server"]
