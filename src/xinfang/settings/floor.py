"""Benchmark floor only: production settings without the project's own middleware.

The reliability harness serves the same code with this module to measure what the project's
middleware (request ids, control-character checks, CSP, account policy, OTP, lockout) costs;
docs/benchmarks.md compares the two. Never deploy it.
"""

from .base import *  # noqa: F403
from .base import MIDDLEWARE

_PROJECT = (
    "xinfang.",
    "csp.",
    "axes.",
    "django_otp.",
)
MIDDLEWARE = [m for m in MIDDLEWARE if not m.startswith(_PROJECT)]
