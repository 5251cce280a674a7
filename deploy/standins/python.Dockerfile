# Stand-in for python:3.11-slim-bookworm, built by scripts/compose-check.sh only when no image
# registry answers: Debian bookworm's python3 is 3.11, laid out like the official image.
FROM quiz-standin/bookworm
RUN apt-get update && apt-get install -y --no-install-recommends python3 python3-venv \
    && rm -rf /var/lib/apt/lists/* \
    && ln -s /usr/bin/python3 /usr/local/bin/python
ENV LANG=C.UTF-8
CMD ["python3"]
