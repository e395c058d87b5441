"""Collector of the error texts the suite produces (#11.7 "Done when").

Every response a test client receives passes through ``record``: the messages of a JSON error
(``message``, ``fields``, ``detail``, Open311's ``description``) and the error elements of an HTML
page (``.error``, ``.errorlist``, ``.errornote``, error messages) are appended to a file per
process. At the end of the session the controller reads them all and fails the run if one shows a
raw field name ("due_on：", "file："), a rate in django-ratelimit notation ("10/m") or English.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tests.walk_texts import english_words, raw_field_names

ENV = "XINFANG_ERROR_TEXTS_DIR"
# Open311 (GeoReport v2) answers client software, and its descriptions name the spec's own
# parameters (service_code, attribute[accused]) so a developer can fix the request; the admin
# of the client reads those, not a citizen or a clerk.
MACHINE_PATHS = ("/open311/",)
_ERROR_CLASSES = ("error", "errorlist", "errornote", "error-summary")
_RATE = re.compile(r"\b\d+/\d*[smhd]\b")


def problems_in(text: str) -> list[str]:
    """Why ``text`` must not reach a user (empty when it is fine)."""
    found = []
    for name in raw_field_names() | {"file", "files", "non_field", "detail"}:
        if re.search(rf"(?<![\w.]){re.escape(name)}\s*[：:]", text):
            found.append(f"raw field name {name!r}")
    if _RATE.search(text):
        found.append("rate in code notation")
    found += [f"English {w!r}" for w in english_words(text)]
    return found


def _json_texts(data: Any, key: str = "") -> Iterator[str]:
    if isinstance(data, dict):
        for k, v in data.items():
            if k in ("message", "detail", "description", "fields", "errors", "non_field_errors") or key:
                yield from _json_texts(v, k if k != "fields" else "fields")
            elif isinstance(v, dict | list):
                yield from _json_texts(v, "")
    elif isinstance(data, list):
        for item in data:
            yield from _json_texts(item, key)
    elif isinstance(data, str) and key:
        yield data


def _html_texts(body: str) -> Iterator[str]:
    from lxml import html

    try:
        doc = html.fromstring(body)
    except Exception:
        return
    classes = " or ".join(f"contains(concat(' ', @class, ' '), ' {c} ')" for c in _ERROR_CLASSES)
    for el in doc.xpath(f"//*[{classes} or @role='alert' or @id='limited']"):
        text = " ".join(el.itertext()).strip()
        if text:
            yield text


def texts_of(response: Any) -> list[str]:
    content_type = response.get("Content-Type", "") if hasattr(response, "get") else ""
    if getattr(response, "streaming", False) or not hasattr(response, "content"):
        return []
    if "json" in content_type and response.status_code >= 400:
        try:
            return list(_json_texts(json.loads(response.content)))
        except ValueError:
            return []
    if "html" in content_type:
        return list(_html_texts(response.content.decode("utf-8", "replace")))
    if "xml" in content_type and response.status_code >= 400:
        return re.findall(r"<description>(.*?)</description>", response.content.decode("utf-8", "replace"))
    return []


def record(test_id: str, response: Any) -> None:
    folder = os.environ.get(ENV)
    if not folder:
        return
    request = getattr(response, "wsgi_request", None)
    if request is not None and request.path.startswith(MACHINE_PATHS):
        return
    texts = texts_of(response)
    if not texts:
        return
    path = Path(folder) / f"{os.getpid()}.jsonl"
    with path.open("a", encoding="utf-8") as out:
        for text in texts:
            out.write(json.dumps({"test": test_id, "text": text}, ensure_ascii=False) + "\n")


def collected(folder: str) -> list[dict[str, str]]:
    rows = []
    for path in Path(folder).glob("*.jsonl"):
        rows += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    return rows
