#!/bin/sh
# Worker container start-up, as root with CAP_SYS_ADMIN, which is dropped before the worker runs.
# 1. Run cgroups: make the container's own (private-namespace) cgroup tree writable and give
#    the runs a subtree, $SANDBOX_CGROUP_PARENT, where each run gets its memory and pids limits.
# 2. /proc: lift Docker's masks over /proc paths; the kernel refuses bubblewrap a fresh /proc
#    while parts of the container's /proc are hidden by overmounts.
# 3. exec the command without CAP_SYS_ADMIN, and without CAP_SETPCAP, which only served to drop it.
set -eu
cgroot=/sys/fs/cgroup
parent="${SANDBOX_CGROUP_PARENT:-/sandbox}"

if [ -f "$cgroot/cgroup.controllers" ]; then
  # cgroup v2: a cgroup that hands controllers to children may hold no process, so the
  # container's processes move to a leaf first.
  mount -o remount,bind,rw "$cgroot"
  mkdir -p "$cgroot/worker" "$cgroot$parent"
  for pid in $(cat "$cgroot/cgroup.procs"); do
    echo "$pid" > "$cgroot/worker/cgroup.procs" 2>/dev/null || true
  done
  controllers=$(for c in memory pids cpu; do grep -qw "$c" "$cgroot/cgroup.controllers" && printf '+%s ' "$c"; done)
  echo "$controllers" > "$cgroot/cgroup.subtree_control"
  echo "$controllers" > "$cgroot$parent/cgroup.subtree_control"
else
  # cgroup v1: one hierarchy per controller.
  for controller in memory pids cpuacct; do
    mount="$cgroot/$controller"
    [ -e "$mount/cgroup.procs" ] || continue
    target=$(readlink -f "$mount")
    mount -o remount,bind,rw "$target"
    mkdir -p "$target$parent"
  done
fi

# Deepest first, so each unmount uncovers the mount below it.
awk '$5 ~ "^/proc/." { print $5 }' /proc/self/mountinfo | sort -r | while read -r path; do
  umount -l "$path"
done

# 4. Sandbox uids: each worker container of a host runs its sandboxes in a uid range of its own.
#    It claims the first free slot in $SANDBOX_UID_SLOTS_DIR (a volume all of this host's workers
#    mount) by holding a lock on it for its whole life (descriptor 9 stays open through exec), and
#    takes the range SANDBOX_UID_BASE + slot x SANDBOX_UID_COUNT.
if [ -n "${SANDBOX_UID_SLOTS_DIR:-}" ] && [ "${SANDBOX_UID_BASE:-}" != 0 ]; then
  count=${SANDBOX_UID_COUNT:-256}
  base=${SANDBOX_UID_BASE:-1879048192}
  mkdir -p "$SANDBOX_UID_SLOTS_DIR"
  slot=0
  while :; do
    exec 9> "$SANDBOX_UID_SLOTS_DIR/slot-$slot.lock"
    flock -n 9 && break
    slot=$((slot + 1))
    if [ "$slot" -ge 64 ]; then
      echo "no free sandbox uid slot in $SANDBOX_UID_SLOTS_DIR (64 worker containers hold them)" >&2
      exit 1
    fi
  done
  SANDBOX_UID_BASE=$((base + slot * count))
  export SANDBOX_UID_BASE SANDBOX_UID_COUNT="$count"
  echo "sandbox uids: $SANDBOX_UID_BASE-$((SANDBOX_UID_BASE + count - 1)) (slot $slot of this host)"
fi

exec setpriv --bounding-set=-sys_admin,-setpcap --inh-caps=-sys_admin,-setpcap -- "$@"
