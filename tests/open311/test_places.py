"""Open311 places a request by its coordinates or its address (issue #15.3)."""

import pytest
from django.test import Client

from tests.factories import Org
from tests.open311.conftest import valid_post
from tests.places.test_boundaries import box, collection, feature
from xinfang.petitions.models import Petition
from xinfang.places.services import boundaries_import

pytestmark = pytest.mark.django_db
URL = "/open311/v2/requests.json"


@pytest.fixture
def mapped(org: Org) -> Org:
    boundaries_import(
        collection=collection(
            feature(box(113.90, 22.50, 114.02, 22.62), unit_id=org.district.pk),
            feature(box(113.90, 22.50, 113.96, 22.62), name="甲街道"),
            feature(box(113.96, 22.50, 114.02, 22.62), name="乙街道"),
            feature(box(113.90, 22.50, 113.96, 22.56), name="甲社区", aliases=["幸福路"]),
        )
    )
    return org


def _placed(client: Client, api_key: str, **overrides: str) -> Petition:
    response = client.post(URL, valid_post(api_key, **overrides))
    assert response.status_code == 201, response.content
    return Petition.objects.get(number=response.json()[0]["service_request_id"])


def test_coordinates_alone_find_the_community(mapped: Org, client: Client, api_key: str) -> None:
    petition = _placed(client, api_key, address_string="", lat="22.53", long="113.93")
    assert petition.location_unit == mapped.community_a
    row = client.get(f"/open311/v2/requests/{petition.number}.json").json()[0]
    assert row["address"] == "甲社区" and (row["lat"], row["long"]) == (22.53, 113.93)


def test_coordinates_in_a_street_without_community_boundary(
    mapped: Org, client: Client, api_key: str
) -> None:
    petition = _placed(client, api_key, address_string="", lat="22.60", long="114.00")
    assert petition.location_unit == mapped.street_b


def test_an_address_names_a_smaller_place_inside_the_point(mapped: Org, client: Client, api_key: str) -> None:
    # The point falls in 乙街道 only; the address names 乙社区 there (no boundary of its own yet).
    petition = _placed(client, api_key, address_string="乙社区5栋", lat="22.60", long="114.00")
    assert petition.location_unit == mapped.community_b
    # An address elsewhere does not move a point: the map pin is the better evidence.
    elsewhere = _placed(
        client, api_key, address_string="甲社区5栋", lat="22.60", long="114.01", description="另一事"
    )
    assert elsewhere.location_unit == mapped.street_b


def test_aliases_place_an_address(mapped: Org, client: Client, api_key: str) -> None:
    assert _placed(client, api_key, address_string="幸福路12号").location_unit == mapped.community_a


@pytest.mark.parametrize(
    ("lat", "long"),
    [("31.23", "121.47"), ("-22.53", "-113.93"), ("0", "0")],  # another city; signs lost; null island
)
def test_coordinates_outside_every_boundary_are_refused(
    mapped: Org, client: Client, api_key: str, lat: str, long: str
) -> None:
    for fmt in ("json", "xml"):
        response = client.post(f"/open311/v2/requests.{fmt}", valid_post(api_key, lat=lat, long=long))
        assert response.status_code == 400 and "不在本辖区" in response.content.decode()
    assert not Petition.objects.exists()


@pytest.mark.parametrize("value", ["NaN", "Infinity", "-inf", "1e400", "22.5.1", "二十二"])
def test_nonsense_coordinates_are_a_400_not_a_500(org: Org, client: Client, api_key: str, value: str) -> None:
    response = client.post(URL, valid_post(api_key, lat=value, long="113.93"))
    assert response.status_code == 400 and "lat" in response.json()[0]["description"]
