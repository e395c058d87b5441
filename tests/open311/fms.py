"""A test client that talks to /open311/v2/ the way FixMyStreet's perllib/Open311.pm does.

Written from that module's behaviour: GETs carry ``jurisdiction_id``; POSTs carry
``jurisdiction_id`` and ``api_key`` form-encoded; XML is read like its XML::Simple call
(``ForceArray`` for service, attribute, value, request, error and request_update; empty
elements read as undef); a report's description is "title, blank line, detail, blank line,
url"; coordinates are sent truncated to six decimals even without an address; update fetches
send a two-hour window in UTC; comments are POSTed with the comment's own id as update_id and
an upper-case status. Statuses are mapped back as its ``map_state`` does.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from xml.etree import ElementTree as ET

import requests

# Generous: the shared test machine can be slow; a real client waits as long.
TIMEOUT = 60
FORCE_ARRAY = {"service", "attribute", "value", "request", "error", "request_update"}


def xml_object(content: bytes) -> dict[str, Any]:
    """The root's children as XML::Simple(ForceArray => [...], KeyAttr => {}, SuppressEmpty => undef)."""
    root = ET.fromstring(content)  # noqa: S314 - the server under test

    def read(element: ET.Element) -> Any:
        children = list(element)
        if not children:
            return element.text if element.text else None
        value: dict[str, Any] = {}
        for child in children:
            item = read(child)
            if child.tag in FORCE_ARRAY:
                value.setdefault(child.tag, []).append(item)
            elif child.tag in value:  # a repeated tag XML::Simple would fold into a list
                existing = value[child.tag]
                value[child.tag] = [*existing, item] if isinstance(existing, list) else [existing, item]
            else:
                value[child.tag] = item
        return value

    body = read(root)
    return body if isinstance(body, dict) else {}


def map_state(incoming: str, *, extended_statuses: bool = True) -> str:
    """FixMyStreet's Open311->map_state: the report state a fetched status becomes."""
    state = incoming.lower().replace("_", " ")
    mapping = {
        "fixed": "fixed - council",
        "not councils responsibility": "not responsible",
        "no further action": "unable to fix",
        "open": "confirmed",
        "closed": "closed" if extended_statuses else "fixed - council",
    }
    return mapping.get(state, state)


def w3cdtf(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class FixMyStreet:
    endpoint: str  # ends with a slash, as FixMyStreet's body configuration
    jurisdiction: str
    api_key: str

    def _get(self, path: str, params: dict[str, str] | None = None) -> requests.Response:
        query = {**(params or {}), "jurisdiction_id": self.jurisdiction}
        return requests.get(self.endpoint + path, params=query, timeout=TIMEOUT)

    def _post(self, path: str, params: dict[str, str]) -> requests.Response:
        form = {**params, "jurisdiction_id": self.jurisdiction, "api_key": self.api_key}
        return requests.post(self.endpoint + path, data=form, timeout=TIMEOUT)

    def get_service_list(self) -> dict[str, Any]:
        response = self._get("services.xml")
        response.raise_for_status()
        return xml_object(response.content)

    def get_service_meta_info(self, code: str) -> dict[str, Any]:
        response = self._get(f"services/{code}.xml")
        response.raise_for_status()
        return xml_object(response.content)

    def send_service_request(
        self,
        *,
        service_code: str,
        title: str,
        detail: str,
        name: str,
        lat: float,
        long: float,
        email: str = "",
        phone: str = "",
        url: str = "https://fms.example/report/1",
        extra: dict[str, str] | None = None,
    ) -> requests.Response:
        first, _, last = name.partition(" ")
        params = {
            "description": f"{title}\n\n{detail}\n\n{url}\n",
            "service_code": service_code,
            "first_name": first,
            "last_name": last,
            "lat": f"{lat:.6f}",
            "long": f"{long:.6f}",
        }
        if phone:
            params["phone"] = phone
        if email:
            params["email"] = email
        for key, value in (extra or {}).items():
            params[f"attribute[{key}]"] = value
        return self._post("requests.xml", params)

    @staticmethod
    def request_id(response: requests.Response) -> str:
        return str(xml_object(response.content)["request"][0]["service_request_id"])

    def get_service_requests(self, report_ids: list[str]) -> dict[str, Any]:
        response = self._get("requests.xml", {"service_request_id": ",".join(report_ids)})
        response.raise_for_status()
        return xml_object(response.content)

    def get_service_request_updates(self, start: datetime, end: datetime) -> list[dict[str, Any]]:
        params = {"api_key": self.api_key, "start_date": w3cdtf(start), "end_date": w3cdtf(end)}
        response = self._get("servicerequestupdates.xml", params)
        response.raise_for_status()
        updates: list[dict[str, Any]] = xml_object(response.content).get("request_update", [])
        return updates

    def post_service_request_update(
        self,
        *,
        comment_id: int,
        service_request_id: str,
        text: str,
        name: str,
        confirmed: datetime,
        status: str = "OPEN",
        email: str = "",
        phone: str = "",
        photo_url: str = "",
    ) -> requests.Response:
        first, _, last = name.partition(" ")
        params = {
            "updated_datetime": confirmed.replace(microsecond=0).isoformat(),
            "service_request_id": service_request_id,
            "status": status,
            "description": text,
            "last_name": last or "-",
            "first_name": first,
            "update_id": str(comment_id),
        }
        if phone:
            params["phone"] = phone
        if email:
            params["email"] = email
        if photo_url:
            params["media_url"] = photo_url
        return self._post("servicerequestupdates.xml", params)

    @staticmethod
    def update_id(response: requests.Response) -> str:
        return str(xml_object(response.content)["request_update"][0]["update_id"])


def two_hours_to(now: datetime | None = None) -> tuple[datetime, datetime]:
    end = now or datetime.now(UTC)
    return end - timedelta(hours=2), end
