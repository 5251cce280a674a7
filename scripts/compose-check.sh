#!/usr/bin/env bash
# Bring the real docker-compose.yml up on this machine, prove it works, tear it all down.
#
#   bash scripts/compose-check.sh          (as root; CI runs it after the test suite)
#
# On a machine without Docker (root, Debian) it installs docker.io, docker-compose and debootstrap,
# starts dockerd if none runs (and stops it at the end), and builds local stand-ins for the base
# images only when no registry serves them (deploy/standins/). Behind a TLS-intercepting proxy, pip
# in the image build gets the host's CA bundle as a build secret, never stored in an image.
# Images and the workers' Go build caches (volume quizcheck_sandbox-go) are kept for the next run,
# like a build cache; containers, networks and the data volumes are removed, also on failure.
# Every step prints ok/FAIL; the last line is "compose-check: N/N passed".
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
# Debian's docker CLI (which drives BuildKit without the buildx plugin) before any other.
export PATH="/usr/sbin:/usr/bin:/sbin:/bin:$PATH"

PROJECT=${COMPOSE_CHECK_PROJECT:-quizcheck}
WEB_PORT=${COMPOSE_CHECK_PORT:-8480}
BASE_URL="http://127.0.0.1:$WEB_PORT"
CA_BUNDLE=${COMPOSE_CHECK_CA_BUNDLE:-/etc/ssl/certs/ca-certificates.crt}
ZOMBIE_RUNS=${COMPOSE_CHECK_ZOMBIE_RUNS:-600}
WORK=$(mktemp -d /tmp/compose-check.XXXXXX)
STARTED_DOCKERD=""
passed=0
total=0

export COMPOSE_PROJECT_NAME=$PROJECT WEB_PORT
export SECRET_KEY="compose-check-$(head -c 24 /dev/urandom | base64 | tr -dc 'a-zA-Z0-9')"
export POSTGRES_PASSWORD="check-$(head -c 12 /dev/urandom | base64 | tr -dc 'a-zA-Z0-9')"
export ALLOWED_HOSTS=localhost,127.0.0.1 SECURE_SSL_REDIRECT=false
# Redis requires a password; PostgreSQL and Redis are published on loopback for the "second host".
export REDIS_PASSWORD="check-$(head -c 12 /dev/urandom | base64 | tr -dc 'a-zA-Z0-9')"
export DB_PUBLISH_PORT=${COMPOSE_CHECK_DB_PORT:-15432} REDIS_PUBLISH_PORT=${COMPOSE_CHECK_REDIS_PORT:-16379}
HOST_B="$PROJECT-host-b"
CLASSROOM_LEARNERS=${COMPOSE_CHECK_LEARNERS:-60}
CLASSROOM_SECONDS=${COMPOSE_CHECK_CLASSROOM_S:-60}

log() { printf '[compose-check %s] %s\n' "$(date +%T)" "$*" >&2; }

check() {  # check "what is proved" command...
  local name=$1 began=$SECONDS; shift
  total=$((total + 1))
  if "$@" > "$WORK/step.log" 2>&1; then
    passed=$((passed + 1))
    echo "ok   $name ($((SECONDS - began)) s)"
  else
    echo "FAIL $name ($((SECONDS - began)) s)"
    sed 's/^/     | /' "$WORK/step.log" | tail -40
  fi
}

die() {
  echo "FAIL $*"
  total=$((total + 1))
  exit 1
}

# --- machine set-up -------------------------------------------------------------------------

install_tools() {
  local missing=()
  command -v dockerd > /dev/null || missing+=(docker.io)
  command -v docker-compose > /dev/null || docker compose version > /dev/null 2>&1 || missing+=(docker-compose)
  command -v debootstrap > /dev/null || missing+=(debootstrap)
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing ${missing[*]}"
  apt-get update -q > "$WORK/apt.log" 2>&1 \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >> "$WORK/apt.log" 2>&1 \
    || { tail -20 "$WORK/apt.log"; return 1; }
  # bash remembers where it found `docker` before the install (the `docker compose version` above
  # may have run a newer CLI from /usr/local/bin that cannot build without buildx): forget it, so
  # that Debian's /usr/bin/docker, first on PATH, is the one used from now on.
  hash -r
}

docker_cli_builds() {  # the docker CLI on PATH can drive a BuildKit build (--secret needs one)
  local version
  hash -r
  version=$(docker version --format '{{.Client.Version}}' 2> /dev/null)
  log "docker CLI: $(command -v docker) ${version:-(no version)}"
  docker buildx version > /dev/null 2>&1 && return 0
  # Before 23.0 the CLI ran BuildKit itself; since then it needs the buildx plugin.
  [ -n "$version" ] && [ "${version%%.*}" -lt 23 ] && return 0
  echo "$(command -v docker) ($version) has no buildx plugin, so it cannot build with BuildKit:" \
    "install Debian's docker.io (its CLI builds without buildx) or the buildx plugin"
  return 1
}

start_docker() {
  docker info > /dev/null 2>&1 && return 0
  log "starting dockerd (log: /var/log/compose-check-dockerd.log)"
  dockerd > /var/log/compose-check-dockerd.log 2>&1 &
  STARTED_DOCKERD=$!
  for _ in $(seq 60); do
    docker info > /dev/null 2>&1 && return 0
    sleep 1
  done
  tail -20 /var/log/compose-check-dockerd.log
  return 1
}

compose_project() {  # compose_project NAME FILE... -- ARGS
  local name=$1 files=(); shift
  while [ "$1" != -- ]; do files+=(-f "$1"); shift; done
  shift
  if docker compose version > /dev/null 2>&1; then
    docker compose -p "$name" "${files[@]}" "$@"
  else
    docker-compose -p "$name" "${files[@]}" "$@"
  fi
}

compose() { compose_project "$PROJECT" docker-compose.yml deploy/compose.shared-services.yml -- "$@"; }

compose_b() { compose_project "$HOST_B" deploy/compose.worker-host.yml -- "$@"; }  # the "second host"

# --- base images: pulled when a registry answers, else local stand-ins ------------------------

REGISTRY_ANSWERS=""

debian_base() {
  docker image inspect quiz-standin/bookworm > /dev/null 2>&1 && return 0
  log "debootstrapping Debian bookworm for the stand-in base images (a few minutes)"
  local rootfs="$WORK/rootfs"
  local mirror
  # The host's own Debian mirror (comments left out: deb822 files name a snapshot there).
  mirror=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources 2>/dev/null \
    | grep -v '^[[:space:]]*#' | grep -oE 'https?://[^ ]+/debian/?' | grep -v security | head -1)
  debootstrap --variant=minbase --include=ca-certificates bookworm "$rootfs" "${mirror:-http://deb.debian.org/debian}" \
    > "$WORK/debootstrap.log" 2>&1 || { tail -20 "$WORK/debootstrap.log"; return 1; }
  rm -f "$rootfs"/var/cache/apt/archives/*.deb
  rm -rf "$rootfs"/var/lib/apt/lists/*
  tar -C "$rootfs" -c . | docker import -c 'CMD ["bash"]' -c 'ENV LANG=C.UTF-8' - quiz-standin/bookworm > /dev/null
  rm -rf "$rootfs"
}

base_image() {  # base_image IMAGE STANDIN_DOCKERFILE
  local image=$1 dockerfile=$2
  docker image inspect "$image" > /dev/null 2>&1 && return 0
  if [ "$REGISTRY_ANSWERS" != no ] && timeout 300 docker pull -q "$image" > "$WORK/pull.log" 2>&1; then
    REGISTRY_ANSWERS=yes
    return 0
  fi
  REGISTRY_ANSWERS=no
  log "no registry serves $image: building a local stand-in ($dockerfile)"
  debian_base || return 1
  DOCKER_BUILDKIT=1 docker build -q -f "deploy/standins/$dockerfile" -t "$image" deploy/standins > "$WORK/standin.log" 2>&1 \
    || { tail -30 "$WORK/standin.log"; return 1; }
}

build_images() {
  local args=()
  [ -s "$CA_BUNDLE" ] && args+=(--secret "id=pip_cert,src=$CA_BUNDLE")
  for target in web worker; do
    log "building quiz-trainer-$target"
    DOCKER_BUILDKIT=1 docker build --progress=plain "${args[@]}" --target "$target" -t "quiz-trainer-$target" . \
      > "$WORK/build-$target.log" 2>&1 || { tail -40 "$WORK/build-$target.log"; return 1; }
  done
}

# --- helpers for the checks -------------------------------------------------------------------

remove_stack() {  # everything but the images and the Go build caches
  compose_b down --remove-orphans > "$WORK/down.log" 2>&1 || tail -5 "$WORK/down.log"
  docker volume rm -f "${HOST_B}_sandbox-uid-slots" >> "$WORK/down.log" 2>&1
  compose down --remove-orphans >> "$WORK/down.log" 2>&1 || tail -5 "$WORK/down.log"
  docker volume rm -f "${PROJECT}_db-data" "${PROJECT}_redis-data" "${PROJECT}_sandbox-uid-slots" >> "$WORK/down.log" 2>&1
}

teardown() {
  local status=$?
  log "tearing down"
  remove_stack
  if [ -n "$STARTED_DOCKERD" ]; then
    kill "$STARTED_DOCKERD" 2> /dev/null
    wait "$STARTED_DOCKERD" 2> /dev/null
  fi
  rm -rf "$WORK"
  echo "compose-check: $passed/$total passed"
  [ "$status" -eq 0 ] && [ "$passed" -eq "$total" ] && exit 0
  exit 1
}

django() {  # run Python (stdin) in the web container with Django set up
  compose exec -T web python manage.py shell -v 0
}

worker_ids() { compose ps -q worker | sort; }

wait_workers_ready() {  # every worker container has warmed its toolchains and consumes the queue
  local id
  for id in $(worker_ids); do
    for _ in $(seq 600); do  # a first start builds the Go standard library of every toolchain
      docker logs "$id" 2>&1 | grep -q ' ready\.$' && continue 2
      sleep 2
    done
    echo "worker ${id:0:12} is not ready"
    return 1
  done
}

wait_healthy() {  # the web container's health check passes and it answers on the published port
  local id
  id=$(compose ps -q web)
  for _ in $(seq 150); do
    [ "$(docker inspect -f '{{.State.Health.Status}}' "$id")" = healthy ] && curl -fsS "$BASE_URL/healthz/live" && return 0
    sleep 2
  done
  docker inspect -f '{{json .State.Health}}' "$id" | tail -c 2000
  return 1
}

# Queue runs straight into the pipeline (the HTTP rate limits would make hundreds slow); prints ids.
queue_runs() {  # queue_runs COUNT TAG
  django <<EOF
from quizapp.runs.models import Submission
from quizapp.worker.tasks import submission_run
ids = [Submission.objects.create(language="python", code=f"print('$2', {i})", session_key="compose-check").pk
       for i in range($1)]
for pk in ids:
    submission_run.delay(pk)
print("IDS", ",".join(map(str, ids)))
EOF
}

wait_runs() {  # wait_runs IDS TIMEOUT_S EXPECTED_VERDICT: all done, each once, with that verdict
  django <<EOF
import time
from collections import Counter
from quizapp.runs.models import Submission
ids = [int(i) for i in "$1".split(",")]
deadline = time.monotonic() + $2
while time.monotonic() < deadline and Submission.objects.filter(pk__in=ids).exclude(status="done").exists():
    time.sleep(1)
rows = Submission.objects.filter(pk__in=ids)
status = Counter(rows.values_list("status", flat=True))
verdicts = Counter(rows.values_list("verdict", flat=True))
twice = rows.filter(attempts__gt=1).count()
print(f"{len(ids)} runs: status {dict(status)}, verdicts {dict(verdicts)}, started more than once: {twice}")
bad = rows.exclude(verdict="$3").first()
if bad:
    print(f"run {bad.pk}: {bad.status} {bad.verdict}: {bad.message} {bad.error_message} {bad.stderr[:500]}")
raise SystemExit(0 if status == Counter({"done": len(ids)}) and verdicts == Counter({"$3": len(ids)}) and not twice else 1)
EOF
}

ids_of() { grep '^IDS ' | cut -d' ' -f2; }

http_run() {  # http_run LANGUAGE SNIPPET_SLUG < code: submit through HTTP, print the run id
  python3 deploy/http_run.py "$BASE_URL" "$@"
}

worker_in() {  # worker_in CONTAINER python-args...: run the sandbox CLI in that worker container
  local id=$1; shift
  docker exec -i "$id" python "$@"
}

zombies_in() {
  docker exec "$1" python -c '
import glob
count = 0
for path in glob.glob("/proc/[0-9]*/stat"):
    try:
        count += open(path).read().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        pass
print(count)'
}

# --- the checks -------------------------------------------------------------------------------

check_web_healthy() { wait_healthy; }

check_workers_ready() {  # ready, and /healthz (database, Redis, worker heartbeat) says so
  wait_workers_ready || return 1
  for _ in $(seq 30); do  # the first heartbeat follows "ready" within seconds
    curl -fsS "$BASE_URL/healthz" && return 0
    sleep 2
  done
  return 1
}

check_http_runs_accepted() {
  local language slug ids=()
  for language in go python; do
    django > "$WORK/snippet.json" <<EOF
import json
from quizapp.catalog.models import Snippet
snippet = (Snippet.objects.filter(language="$language", checker="trailing_ws").exclude(expected_output="")
           .order_by("slug").first())
print(json.dumps({"slug": snippet.slug, "code": snippet.solution_code}))
EOF
    slug=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["slug"])' < "$WORK/snippet.json") || return 1
    ids+=("$(python3 -c 'import json,sys; print(json.load(sys.stdin)["code"], end="")' < "$WORK/snippet.json" \
      | http_run "$language" "$slug")") || return 1
    echo "$language: $slug is run ${ids[-1]}"
  done
  wait_runs "$(IFS=,; echo "${ids[*]}")" 180 ACCEPTED
}

check_isolation_is_cgroup() {
  local id kind celery
  id=$(worker_ids | head -1)
  printf 'print("isolated")\n' > "$WORK/hello.py"
  kind=$(worker_in "$id" -m sandbox run --json --lang python - < "$WORK/hello.py" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["memory_enforcement"])')
  echo "memory enforcement in the worker container: $kind"
  celery=$(docker exec "$id" python -c '
import glob
for path in sorted(glob.glob("/proc/[0-9]*/cmdline"), key=lambda path: int(path.split("/")[2])):
    argv = open(path, "rb").read().split(b"\0")
    if b"celery" in argv[1] if len(argv) > 1 else False:
        print(next(line for line in open(path.replace("cmdline", "status")) if line.startswith("CapBnd")).strip())
        break')
  echo "celery worker $celery"
  [ -n "$celery" ] || { echo "no celery worker process found"; return 1; }
  local bounding=$(( 16#$(echo "${celery##*:}" | tr -d '[:space:]') ))
  [ $(( bounding & (1 << 21) )) -eq 0 ] || { echo "the worker still holds CAP_SYS_ADMIN"; return 1; }
  case $kind in cgroup_v1 | cgroup_v2) return 0 ;; *) return 1 ;; esac
}

check_go_memory_bomb() {
  local id started_before started_after run
  id=$(worker_ids | head -1)
  started_before=$(docker inspect -f '{{.State.StartedAt}} {{.RestartCount}}' "$id")
  cat > "$WORK/bomb.go" <<'EOF'
package main

import "fmt"

func main() {
	var hoard [][]byte
	for i := 0; i < 256; i++ {
		chunk := make([]byte, 16<<20)
		for j := range chunk {
			chunk[j] = byte(j)
		}
		hoard = append(hoard, chunk)
	}
	fmt.Println(len(hoard))
}
EOF
  run=$(http_run go < "$WORK/bomb.go") || return 1
  wait_runs "$run" 180 MEMORY_LIMIT || return 1
  started_after=$(docker inspect -f '{{.State.StartedAt}} {{.RestartCount}}' "$id")
  echo "worker container: before $started_before, after $started_after"
  [ "$started_before" = "$started_after" ] || return 1
  wait_runs "$(queue_runs 1 after-bomb | ids_of)" 120 OK
}

check_fork_bomb_contained() {
  local first second bomb_pid
  mapfile -t ids < <(worker_ids)
  first=${ids[0]} second=${ids[1]}
  cat > "$WORK/fork.py" <<'EOF'
import os
while True:
    try:
        os.fork()
    except OSError:
        pass
EOF
  worker_in "$first" -m sandbox run --json --no-warm --lang python --wall 8 - < "$WORK/fork.py" > "$WORK/fork.json" &
  bomb_pid=$!
  sleep 2
  printf 'print(sum(range(10)))\n' > "$WORK/sum.py"
  worker_in "$second" -m sandbox run --json --no-warm --lang python - < "$WORK/sum.py" > "$WORK/other.json"
  wait "$bomb_pid"
  python3 - "$WORK/fork.json" "$WORK/other.json" <<'EOF'
import json, sys
bomb, other = (json.load(open(path)) for path in sys.argv[1:])
print("fork bomb:", bomb["verdict"], bomb["message"], "| run in the other worker:", other["verdict"], other["message"])
sys.exit(0 if bomb["verdict"] not in ("OK", "INTERNAL_ERROR") and other["verdict"] == "OK" and other["stdout"] == "45\n" else 1)
EOF
}

check_scaled_workers_share_the_queue() {
  local since ids id total_done=0 count
  wait_workers_ready || return 1
  since=$(date -u +%Y-%m-%dT%H:%M:%S)
  ids=$(queue_runs 40 shared | ids_of)
  wait_runs "$ids" 300 OK || return 1
  for id in $(worker_ids); do
    count=$(docker logs --since "$since" "$id" 2>&1 | grep -c 'submission_run\[.*\] succeeded')
    echo "worker ${id:0:12} ran $count"
    [ "$count" -gt 0 ] || return 1
    total_done=$((total_done + count))
  done
  [ "$total_done" -eq 40 ]
}

check_redis_restart_loses_nothing() {
  local ids
  compose stop worker > /dev/null 2>&1 || return 1
  ids=$(queue_runs 10 redis | ids_of)
  sleep 2  # the append-only file is flushed every second
  compose restart redis > /dev/null 2>&1 || return 1
  compose start worker > /dev/null 2>&1 || return 1
  wait_runs "$ids" 300 OK
}

check_reaper_runs() {
  django <<'EOF'
import time
from datetime import timedelta
from django.utils import timezone
from quizapp.runs.models import Submission
long_ago = timezone.now() - timedelta(hours=2)
stuck = Submission.objects.create(language="python", code="print('stuck')", session_key="compose-check",
                                  status="running", started_at=long_ago, queued_at=long_ago, attempts=1)
deadline = time.monotonic() + 150
while time.monotonic() < deadline:
    stuck.refresh_from_db()
    if stuck.requeues or stuck.status == "done":
        break
    time.sleep(2)
print(f"stuck run {stuck.pk}: status {stuck.status}, requeues {stuck.requeues}, verdict {stuck.verdict} {stuck.message}")
raise SystemExit(0 if stuck.requeues or stuck.status == "done" else 1)
EOF
}

check_no_zombies_after_many_runs() {
  local id ids zombies
  compose up -d --no-build --scale worker=1 worker > /dev/null 2>&1 || return 1
  id=$(worker_ids | head -1)
  ids=$(queue_runs "$ZOMBIE_RUNS" zombie | ids_of)
  wait_runs "$ids" 900 OK || return 1
  zombies=$(zombies_in "$id")
  echo "zombies in the worker container after $ZOMBIE_RUNS runs: $zombies"
  [ "$zombies" -eq 0 ] || return 1
  wait_runs "$(queue_runs 2 after-many | ids_of)" 120 OK
}

# --- the classroom's checks: Redis's password, uid ranges, a second host, many learners ---------

check_redis_requires_its_password() {
  local id
  id=$(compose ps -q redis)
  docker exec "$id" env -u REDISCLI_AUTH redis-cli ping | tee "$WORK/noauth.txt"
  grep -q NOAUTH "$WORK/noauth.txt" || { echo "Redis answered without its password"; return 1; }
  docker exec "$id" redis-cli ping | grep -q PONG || return 1  # REDISCLI_AUTH: the service's password
  python3 - "$REDIS_PUBLISH_PORT" <<'EOF'
import socket, sys
with socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=5) as published:
    published.sendall(b"GET anything\r\n")
    answer = published.recv(200)
print("published on 127.0.0.1:%s, without the password: %r" % (sys.argv[1], answer))
sys.exit(0 if answer.startswith(b"-NOAUTH") else 1)
EOF
}

sandbox_uids_in() {  # sandbox_uids_in CONTAINER: the uids its worker's sandboxes (prepared ones too) run as
  docker exec "$1" python -c '
import glob
uids = set()
for path in glob.glob("/proc/[0-9]*/status"):
    try:
        uids.update(int(line.split()[1]) for line in open(path) if line.startswith("Uid:"))
    except OSError:
        pass
print(" ".join(str(uid) for uid in sorted(uids) if uid >= 100000))'
}

check_worker_uid_ranges_apart() {  # with --scale worker=2: each container's sandboxes in its own range
  local id range uids uid ranges=()
  for id in $(worker_ids); do
    range=$(docker logs "$id" 2>&1 | grep -o 'sandbox uids: [0-9]*-[0-9]*' | tail -1 | cut -d' ' -f3)
    [ -n "$range" ] || { echo "worker ${id:0:12} claimed no uid range"; return 1; }
    uids=$(sandbox_uids_in "$id")
    echo "worker ${id:0:12}: range $range; its sandboxes' uids now: ${uids:-none}"
    [ -n "$uids" ] || return 1
    for uid in $uids; do
      [ "$uid" -ge "${range%-*}" ] && [ "$uid" -le "${range#*-}" ] || { echo "uid $uid is outside $range"; return 1; }
    done
    ranges+=("$range")
  done
  python3 - "${ranges[@]}" <<'EOF'
import sys
ranges = sorted(tuple(map(int, text.split("-"))) for text in sys.argv[1:])
sys.exit(0 if len(ranges) >= 2 and all(a[1] < b[0] for a, b in zip(ranges, ranges[1:])) else 1)
EOF
}

check_second_host_worker() {  # a worker joining through the published ports takes runs and leaves cleanly
  local id since ids count go_volume
  go_volume=$(docker inspect -f '{{range .Mounts}}{{if eq .Destination "/var/lib/sandbox/go"}}{{.Name}}{{end}}{{end}}' \
    "$(worker_ids | head -1)")
  compose stop worker > /dev/null 2>&1 || return 1
  # Its own uid range (one kernel stands in for two hosts); the main host's Go cache, only to spare
  # this check the quarter of an hour a new host spends building the standard library.
  SANDBOX_UID_BASE=$((0x70000000 + 32 * 256)) SANDBOX_GO_VOLUME=$go_volume compose_b up -d > "$WORK/host-b.log" 2>&1 \
    || { tail -20 "$WORK/host-b.log"; return 1; }
  id=$(compose_b ps -q worker)
  for _ in $(seq 600); do docker logs "$id" 2>&1 | grep -q ' ready\.$' && break; sleep 2; done
  since=$(date -u +%Y-%m-%dT%H:%M:%S)
  ids=$(queue_runs 10 host-b | ids_of)
  wait_runs "$ids" 300 OK || return 1
  count=$(docker logs --since "$since" "$id" 2>&1 | grep -c 'submission_run\[.*\] succeeded')
  echo "the second host's worker ran $count of 10 (the main host's workers were stopped)"
  [ "$count" -eq 10 ] || return 1
  compose_b stop -t 60 > /dev/null 2>&1 || return 1
  echo "it left with exit code $(docker inspect -f '{{.State.ExitCode}}' "$id")"
  [ "$(docker inspect -f '{{.State.ExitCode}}' "$id")" = 0 ] || return 1
  compose_b down > /dev/null 2>&1
  compose start worker > /dev/null 2>&1 || return 1
  wait_runs "$(queue_runs 2 after-host-b | ids_of)" 180 OK  # nothing was left claimed by the worker gone
}

check_classroom() {  # bench/classroom.py against the stack: no wrong verdict, nothing lost, no 5xx
  local gateway
  [ -x .venv/bin/python ] || bash scripts/bootstrap.sh > "$WORK/bootstrap.log" 2>&1 || { tail -20 "$WORK/bootstrap.log"; return 1; }
  # Each learner names its own address in X-Forwarded-For; the web trusts it from the Docker gateway,
  # where connections to the published port come from (README, "The web tier").
  gateway=$(docker inspect -f '{{range .NetworkSettings.Networks}}{{.Gateway}}{{end}}' "$(compose ps -q web)")
  TRUSTED_PROXIES=$gateway compose up -d --no-build --no-deps web > "$WORK/web-up.log" 2>&1 || return 1
  wait_healthy > /dev/null || return 1
  .venv/bin/python bench/classroom.py --url "$BASE_URL" --learners "$CLASSROOM_LEARNERS" \
    --seconds "$CLASSROOM_SECONDS" --json > "$WORK/classroom.json" || return 1
  python3 - "$WORK/classroom.json" <<'EOF'
import json, sys
found = json.load(open(sys.argv[1]))
print({key: found[key] for key in ("learners", "seconds", "honest_runs", "honest_wrong_verdicts", "lost", "http_5xx",
                                   "hostile_runs", "page_p95_ms", "verdict_p95_ms", "wrong_examples", "unexpected")})
sys.exit(0 if found["honest_runs"] and not found["honest_wrong_verdicts"] and not found["lost"]
         and not found["http_5xx"] else 1)
EOF
}

# --- the interview rooms' live path (rooms) ------------------------------------------------------

check_rooms_live_path() {  # through uvicorn in the live container: typing mirrored, a stranger refused
  compose exec -T live python deploy/live_check.py
}

# --- main (one function, so that bash has read all of it before it starts) --------------------

main() {
  trap teardown EXIT
  started=$(date +%s)
  install_tools || die "install docker.io, docker-compose and debootstrap"
  docker_cli_builds || die "a docker CLI that builds with BuildKit"
  start_docker || die "start dockerd"
  remove_stack  # what a killed earlier run left behind
  base_image python:3.11-slim-bookworm python.Dockerfile || die "base image python:3.11-slim-bookworm"
  base_image postgres:15-bookworm postgres.Dockerfile || die "base image postgres:15-bookworm"
  base_image redis:7-bookworm redis.Dockerfile || die "base image redis:7-bookworm"
  build_images || die "build the web and worker images"
  log "images ready after $(( $(date +%s) - started )) s; starting the stack on 127.0.0.1:$WEB_PORT"
  compose up -d --no-build > "$WORK/up.log" 2>&1 || { tail -20 "$WORK/up.log"; die "docker compose up"; }

  check "web is healthy on 127.0.0.1:$WEB_PORT" check_web_healthy
  check "the worker is ready and /healthz is ok" check_workers_ready
  check "a Go and a Python run through HTTP are ACCEPTED" check_http_runs_accepted
  check "the rooms' live service (WebSocket) mirrors a candidate's typing, refuses a stranger" check_rooms_live_path
  check "the worker's sandbox is isolated by a cgroup, without CAP_SYS_ADMIN" check_isolation_is_cgroup
  check "a Go memory bomb is MEMORY_LIMIT; the worker lives on" check_go_memory_bomb
  compose up -d --no-build --scale worker=2 worker > "$WORK/scale.log" 2>&1 || { tail -20 "$WORK/scale.log"; die "scale workers to 2"; }
  check "a fork bomb is stopped; a run in another worker is unaffected" check_fork_bomb_contained
  check "two workers share the queue; no run is done twice" check_scaled_workers_share_the_queue
  check "the two workers' sandboxes run in uid ranges apart" check_worker_uid_ranges_apart
  check "runs queued while Redis restarts are all done" check_redis_restart_loses_nothing
  check "the reaper requeues a stuck run" check_reaper_runs
  check "Redis refuses clients without its password" check_redis_requires_its_password
  check "a worker on a second host takes runs and leaves cleanly" check_second_host_worker
  check "$CLASSROOM_LEARNERS learners for $CLASSROOM_SECONDS s: no wrong verdict, nothing lost, no 5xx" check_classroom
  [ -s "$WORK/classroom.json" ] && python3 -c 'import json, sys; print("     |", json.dumps(json.load(open(sys.argv[1]))))' \
    "$WORK/classroom.json"
  check "no zombie after $ZOMBIE_RUNS runs in one worker; runs still pass" check_no_zombies_after_many_runs
  log "checks done after $(( $(date +%s) - started )) s"
}

main "$@"
