"""What a sandbox is, one job per module: the step it runs and how it ended (steps), the seccomp
filter (seccomp), the bwrap command line and the child's rlimits (bwrap), and what a refusal by
the host means (refusals). Starting one is sandbox.prepared, watching its run sandbox.supervision;
keeping some started ahead of their runs is sandbox.pool.

Layers, outermost first:
- the worker forks; the child joins the run's cgroup, sets rlimits and (when the
  worker is root) drops to an unprivileged uid, then execs bwrap;
- bwrap unshares every namespace (user, pid, net, ipc, uts, cgroup, mount),
  builds a minimal read-only root, caps /tmp, clears the environment and loads
  the seccomp filter right before exec'ing our init (init.c) as pid 1;
- the init makes itself unreachable to the program (non-dumpable), waits for the
  run's start signal, starts the program as pid 2 and writes how it ended to a
  status pipe only the worker reads: nothing the program prints or does inside
  decides its verdict;
- the worker enforces wall time, total CPU (cgroup accounting), and output size,
  and kills the whole tree: killing bwrap takes down the pid namespace (pid 1
  dies, the kernel kills the rest) and the cgroup is swept as well. The worker is
  a child subreaper, so whatever a killed bwrap leaves behind is reaped here.
"""


from .bwrap import DEVICES, Launch, bwrap_argv, child_limits, child_setup
from .refusals import HOST_REFUSALS, README_PRIVILEGES, explain_host_refusal
from .seccomp import BLOCKED_SYSCALLS, memfd_with, seccomp_program
from .steps import (
    BOX, FIXED_FDS, READY, READY_TIMEOUT_S, SANDBOX_INIT, STDERR_FLOOD_BYTES, Mount, Outcome, Step, decode_status,
)

__all__ = [
    "BLOCKED_SYSCALLS", "BOX", "DEVICES", "FIXED_FDS", "HOST_REFUSALS", "Launch", "Mount", "Outcome", "READY",
    "READY_TIMEOUT_S", "README_PRIVILEGES", "SANDBOX_INIT", "STDERR_FLOOD_BYTES", "Step", "bwrap_argv", "child_limits",
    "child_setup", "decode_status", "explain_host_refusal", "memfd_with", "seccomp_program",
]
