#!/bin/sh
# Like the official image: run as the redis user and, having no password, drop protected mode (the
# container is only reachable on its private network).
set -eu
if [ "${1:-}" = redis-server ]; then
  chown -R redis:redis /data
  shift
  exec setpriv --reuid=redis --regid=redis --init-groups -- redis-server "$@" --protected-mode no
fi
exec "$@"
