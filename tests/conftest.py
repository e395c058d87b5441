import os
import tempfile

import pytest

from tests import error_texts
from tests.factories import Org, build_org


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--today",
        metavar="YYYY-MM-DD[THH:MM]",
        help="run the whole session on this day (at 10:00 Asia/Shanghai unless a time is given; the "
        "clock ticking): legal windows around a rest day, a holiday or the year's end are tested on "
        "that day, and before 08:00 on a day whose UTC date is the day before",
    )


def _travel_to(today: str) -> None:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    import time_machine

    try:
        moment = datetime.fromisoformat(today if "T" in today else f"{today}T10:00")
    except ValueError:
        raise pytest.UsageError(
            f"--today: {today!r} is not a day (YYYY-MM-DD) or a time (YYYY-MM-DDTHH:MM)"
        ) from None
    time_machine.travel(moment.replace(tzinfo=ZoneInfo("Asia/Shanghai")), tick=True).start()


def pytest_configure(config: pytest.Config) -> None:
    """Record every error text a test client receives (tests/error_texts.py, #11.7)."""
    if config.getoption("today"):
        _travel_to(config.getoption("today"))
    if not hasattr(config, "workerinput") and not os.environ.get(error_texts.ENV):
        os.environ[error_texts.ENV] = tempfile.mkdtemp(prefix="xinfang-error-texts-")
        config.stash[_OWNER] = True  # this process reports at the end; xdist workers inherit the folder
    from django.test.client import ClientHandler

    if getattr(ClientHandler, "_records_error_texts", False):
        return
    original = ClientHandler.__call__

    def call(self, environ):  # type: ignore[no-untyped-def]
        response = original(self, environ)
        error_texts.record(os.environ.get("PYTEST_CURRENT_TEST", ""), response)
        return response

    ClientHandler.__call__ = call  # type: ignore[method-assign]
    ClientHandler._records_error_texts = True  # type: ignore[attr-defined]


_OWNER = pytest.StashKey[bool]()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Fail the run if any error text of any test shows a raw field name, a code rate or English."""
    if not session.config.stash.get(_OWNER, False):
        return
    rows = error_texts.collected(os.environ[error_texts.ENV])
    bad = {}
    for row in rows:
        found = error_texts.problems_in(row["text"])
        if found:
            bad.setdefault(row["text"], (row["test"].split(" ")[0], found))
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.write_line(f"错误提示收集：共 {len(rows)} 条，{len(bad)} 条不合格")
        for text, (test, found) in list(bad.items())[:50]:
            reporter.write_line(f"  {test}: {text[:120]!r} → {', '.join(found)}", red=True)
    # A bad text fails the run; XINFANG_ERROR_TEXTS=report only lists them (while fixing a batch).
    if bad and session.exitstatus == 0 and os.environ.get("XINFANG_ERROR_TEXTS", "strict") != "report":
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture
def org(db) -> Org:
    return build_org()


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    """Rolled-back tests reuse primary keys; cached per-user figures must not leak between them."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def admin_client(db, admin_user, client):  # type: ignore[no-untyped-def]
    """pytest-django's admin client, past the second factor every administrator must enter."""
    from tests.factories import login_verified

    return login_verified(client, admin_user)


@pytest.fixture
def client_as():  # type: ignore[no-untyped-def]
    """``client_as(user)``: a web test client signed in as ``user`` (no second factor asked)."""
    from django.test import Client

    def login(user) -> Client:  # type: ignore[no-untyped-def]
        client = Client()
        client.force_login(user)
        return client

    return login
