"""deploy/nginx in front of app servers, unprivileged in a folder of its own: tests and benchmarks.

The folder holds the ``nginx.conf`` that ``deploy/nginx/render.py`` writes (``standalone=True``);
nginx runs in the foreground with its error log there too.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

NGINX = "/usr/sbin/nginx"


def find() -> str | None:
    """Debian's nginx on PATH, else at /usr/sbin/nginx, else None."""
    return shutil.which("nginx") or (NGINX if os.access(NGINX, os.X_OK) else None)


def start(prefix: Path, *directives: str) -> subprocess.Popen[bytes]:
    """nginx with ``prefix/nginx.conf``, in the foreground, logging errors to
    ``prefix/error.log``; ``directives`` are added to its main context."""
    main = " ".join(["daemon off;", *directives])
    command = [find() or NGINX, "-p", str(prefix), "-c", "nginx.conf",
               "-e", str(prefix / "error.log"), "-g", main]  # fmt: skip
    return subprocess.Popen(command, stdin=subprocess.DEVNULL)
