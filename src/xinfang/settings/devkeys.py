"""Random keys for one development or benchmark installation, kept in ``var/dev-secrets.env``.

Generated with ``secrets`` on first use (git-ignored, mode 0600) and read from there afterwards,
so the demo's encrypted data stays readable across restarts. Nothing is derived from the source.
Used by ``xinfang.settings.dev`` and by the scripts in ``benchmarks/`` (which keep the production
settings otherwise, so DEBUG does not distort their figures).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def dev_secrets_file() -> Path:
    return Path(os.environ.get("XINFANG_VAR_DIR", Path.cwd() / "var")) / "dev-secrets.env"


def load_dev_keys() -> Path:
    path = dev_secrets_file()
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        body = (
            "# Generated on first run for development only; never commit, never use in production.\n"
            f"XINFANG_SECRET_KEY={secrets.token_urlsafe(50)}\n"
            f"XINFANG_SM4_KEY={secrets.token_hex(16)}\n"
            f"XINFANG_LOOKUP_KEY={secrets.token_urlsafe(32)}\n"
        )
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process created it first
            pass
        else:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(body)
    for line in path.read_text(encoding="utf-8").splitlines():
        name, sep, value = line.partition("=")
        if sep and not name.startswith("#"):
            os.environ.setdefault(name.strip(), value.strip())
    return path
