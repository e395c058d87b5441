"""XML (required by the spec) and JSON (the "Spark convention": root arrays) renderings."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any
from xml.etree import ElementTree as ET

from django.http import HttpResponse

Row = Mapping[str, Any]

XML_TYPE = "text/xml; charset=utf-8"
JSON_TYPE = "application/json; charset=utf-8"


# Characters XML 1.0 cannot carry even escaped; a pasted control character must not break the document.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return _NOT_XML.sub("", str(value))


def _append(parent: ET.Element, name: str, value: Any) -> None:
    child = ET.SubElement(parent, name)
    if isinstance(value, Mapping):
        for key, item in value.items():
            _append(child, key, item)
    elif isinstance(value, list):
        singular = {
            "attributes": "attribute",
            "values": "value",
            "notes": "note",
            "endpoints": "endpoint",
            "formats": "format",
        }.get(name, "item")
        for item in value:
            _append(child, singular, item)
    else:
        child.text = _text(value)


def xml_document(root: str, item: str, rows: Iterable[Row]) -> bytes:
    element = ET.Element(root)
    for row in rows:
        _append(element, item, row)
    return b'<?xml version="1.0" encoding="utf-8"?>' + ET.tostring(
        element, encoding="utf-8", xml_declaration=False
    )


def xml_single(root: str, row: Row) -> bytes:
    element = ET.Element(root)
    for key, value in row.items():
        _append(element, key, value)
    return b'<?xml version="1.0" encoding="utf-8"?>' + ET.tostring(
        element, encoding="utf-8", xml_declaration=False
    )


def _json_value(value: Any) -> Any:
    # Coordinates are Decimals on the 0.01° grid: numbers in JSON, as the spec's examples.
    if isinstance(value, Decimal):
        return float(value)
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def json_document(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=_json_value)


def respond(fmt: str, *, root: str, item: str, rows: Sequence[Row], status: int = 200) -> HttpResponse:
    if fmt == "xml":
        return HttpResponse(xml_document(root, item, rows), content_type=XML_TYPE, status=status)
    return HttpResponse(json_document(rows), content_type=JSON_TYPE, status=status)


def respond_single(fmt: str, *, root: str, row: Row) -> HttpResponse:
    if fmt == "xml":
        return HttpResponse(xml_single(root, row), content_type=XML_TYPE)
    return HttpResponse(json_document(row), content_type=JSON_TYPE)


def respond_errors(fmt: str, *, status: int, errors: list[tuple[int, str]]) -> HttpResponse:
    rows = [{"code": code, "description": description} for code, description in errors]
    return respond(fmt, root="errors", item="error", rows=rows, status=status)
