"""Places from coordinates and addresses, offline: boundaries imported once, points found by index."""

import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from tests.factories import Org, build_org, login_verified, staff
from xinfang.common.exceptions import ValidationFailed
from xinfang.demo.org import demo_org_setup
from xinfang.orgs.constants import UnitKind
from xinfang.orgs.models import Unit
from xinfang.places.models import Alias, Boundary
from xinfang.places.selectors import unit_at, unit_named_in
from xinfang.places.services import DEMO_FILE, boundaries_import, demo_boundaries_setup

pytestmark = pytest.mark.django_db


def box(west: float, south: float, east: float, north: float) -> dict[str, object]:
    ring = [[west, south], [east, south], [east, north], [west, north], [west, south]]
    return {"type": "Polygon", "coordinates": [ring]}


def feature(geometry: dict[str, object], **props: object) -> dict[str, object]:
    return {"type": "Feature", "properties": props, "geometry": geometry}


def collection(*features: dict[str, object]) -> dict[str, object]:
    return {"type": "FeatureCollection", "features": list(features)}


@pytest.fixture
def org(db: None) -> Org:
    return build_org()


@pytest.fixture
def mapped(org: Org) -> Org:
    """测试区 0–10 × 0–10; 甲街道 its west half with 甲社区 in the south-west quarter."""
    boundaries_import(
        collection=collection(
            feature(box(100, 20, 110, 30), unit_id=org.district.pk),
            feature(box(100, 20, 105, 30), name="甲街道", aliases=["甲大道"]),
            feature(box(105, 20, 110, 30), name="乙街道"),
            feature(box(100, 20, 105, 25), name="甲社区", parent="甲街道", aliases=["幸福路", "幸福里小区"]),
        )
    )
    return org


def test_a_point_goes_to_the_smallest_unit_that_holds_it(mapped: Org) -> None:
    assert unit_at(lat=22, long=102) == mapped.community_a
    assert unit_at(lat=28, long=102) == mapped.street_a  # in 甲街道, outside 甲社区
    assert unit_at(lat=28, long=108) == mapped.street_b
    assert unit_at(lat=25, long=102) == mapped.community_a  # on the edge: the boundary counts
    assert unit_at(lat=40, long=102) is None  # outside the district


def test_a_deactivated_unit_gives_way_to_the_one_above(mapped: Org) -> None:
    Unit.objects.filter(pk=mapped.community_a.pk).update(is_active=False)
    assert unit_at(lat=22, long=102) == mapped.street_a


def test_the_index_follows_a_new_import(mapped: Org) -> None:
    assert unit_at(lat=22, long=108) == mapped.street_b
    boundaries_import(collection=collection(feature(box(105, 20, 110, 25), name="乙社区")))
    assert unit_at(lat=22, long=108) == mapped.community_b


def test_addresses_match_names_and_aliases(mapped: Org) -> None:
    assert unit_named_in("测试区幸福里小区3栋") == mapped.community_a
    assert unit_named_in("甲 社 区 5 栋") == mapped.community_a  # spaces typed between characters
    assert unit_named_in("甲大道100号") == mapped.street_a
    assert unit_named_in("乙街道某路口") == mapped.street_b
    assert unit_named_in("别的地方") is None and unit_named_in("   ") is None


def test_the_longest_name_wins(mapped: Org) -> None:
    newer = Unit.objects.create(
        name="新甲社区", kind=UnitKind.COMMUNITY, level=mapped.community_a.level, parent=mapped.street_a
    )
    assert unit_named_in("甲街道新甲社区5栋") == newer


def test_aliases_are_replaced_by_a_new_import(mapped: Org) -> None:
    boundaries_import(
        collection=collection(feature(box(100, 20, 105, 25), unit_id=mapped.community_a.pk, aliases=[]))
    )
    assert not Alias.objects.filter(unit=mapped.community_a).exists()
    boundaries_import(collection=collection(feature(box(100, 20, 105, 25), unit_id=mapped.community_a.pk)))
    assert Boundary.objects.filter(unit=mapped.community_a).count() == 1  # replaced, not added


@pytest.mark.parametrize(
    ("bad", "words"),
    [
        (feature(box(100, 20, 105, 25), name="丙社区"), "「丙社区」未找到对应单位"),
        (feature(box(100, 20, 105, 25)), "unit_id、division_code 或 name"),
        (feature({"type": "Point", "coordinates": [100, 20]}, name="甲社区"), "Polygon 或 MultiPolygon"),
        (feature({"type": "Polygon", "coordinates": "x"}, name="甲社区"), "有效的 GeoJSON"),
        (feature(box(20, 100, 25, 105), name="甲社区"), "经度在前"),
        (
            feature(
                {"type": "Polygon", "coordinates": [[[0, 0], [2, 2], [2, 0], [0, 2], [0, 0]]]}, name="甲社区"
            ),
            "边界无效",
        ),
        (feature(box(100, 20, 105, 25), name="甲社区", aliases="幸福路"), "aliases 须为字符串列表"),
        ("not a feature", "须为含 properties 的 GeoJSON Feature"),
    ],
)
def test_a_bad_feature_refuses_the_whole_file(org: Org, bad: object, words: str) -> None:
    good = feature(box(100, 20, 105, 30), name="甲街道")
    with pytest.raises(ValidationFailed) as refused:
        boundaries_import(collection=collection(good, bad))  # type: ignore[arg-type]
    assert words in refused.value.fields["file"] and "第2个要素" in refused.value.fields["file"]
    assert not Boundary.objects.exists()


def test_files_that_are_not_feature_collections_are_refused(org: Org) -> None:
    for bad in ([], {"type": "FeatureCollection", "features": []}, {"type": "Topology"}):
        with pytest.raises(ValidationFailed):
            boundaries_import(collection=bad)
    twice = collection(
        feature(box(100, 20, 105, 30), name="甲街道"), feature(box(100, 20, 105, 30), name="甲街道")
    )
    with pytest.raises(ValidationFailed, match="边界文件有误") as refused:
        boundaries_import(collection=twice)
    assert "出现了两次" in refused.value.fields["file"]


def test_the_demo_district_ships_streets_and_communities() -> None:
    demo = demo_org_setup()
    result = demo_boundaries_setup()
    assert result.boundaries == 1 + len(demo.streets) + len(demo.communities)
    # Every street and community has a boundary, and every community lies inside its street.
    for community in demo.communities:
        inner = Boundary.objects.get(unit=community).geometry
        outer = Boundary.objects.get(unit=community.parent).geometry
        west, south = inner["coordinates"][0][0]
        east, north = inner["coordinates"][0][2]
        middle = ((south + north) / 2, (west + east) / 2)
        assert unit_at(lat=middle[0], long=middle[1]) == community
        assert outer["coordinates"][0][0][0] <= west and east <= outer["coordinates"][0][2][0]
    assert unit_named_in("青溪区幸福路88号") == Unit.objects.get(name="幸福社区")
    assert unit_named_in("滨江花园12栋") == Unit.objects.get(name="滨江社区")
    assert unit_at(lat=22.3, long=113.9) is None
    assert demo_boundaries_setup().boundaries == result.boundaries  # idempotent
    assert Boundary.objects.count() == result.boundaries


def test_the_command_imports_and_locates(
    mapped: Org, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "乙.geojson"
    path.write_text(json.dumps(collection(feature(box(105, 20, 110, 25), name="乙社区"))), encoding="utf-8")
    call_command("places", "import", str(path))
    assert "已导入 1 个边界" in capsys.readouterr().out
    call_command("places", "locate", "22", "108")
    assert "乙社区" in capsys.readouterr().out
    with pytest.raises(CommandError, match="不在任何"):
        call_command("places", "locate", "45", "108")
    broken = tmp_path / "broken.geojson"
    broken.write_bytes(b"\xff\xfe{")
    with pytest.raises(CommandError, match="UTF-8"):
        call_command("places", "import", str(broken))


def test_the_demo_file_is_valid_geojson() -> None:
    document = json.loads(DEMO_FILE.read_text(encoding="utf-8"))
    assert document["type"] == "FeatureCollection" and all(
        f["geometry"]["type"] == "Polygon" for f in document["features"]
    )


def test_administrators_import_boundaries_in_the_admin(mapped: Org, client: Client) -> None:
    admin = staff(mapped.bureau, is_superuser=True, is_staff=True)
    login_verified(client, admin)  # administrators sign in with a second factor
    page = client.get("/admin/places/boundary/")
    assert page.status_code == 200 and "导入边界（GeoJSON）" in page.content.decode()
    upload = json.dumps(collection(feature(box(105, 20, 110, 25), name="乙社区", aliases=["乙路"])))
    from django.core.files.uploadedfile import SimpleUploadedFile

    done = client.post(
        "/admin/places/boundary/import/",
        {"file": SimpleUploadedFile("乙社区.geojson", upload.encode(), content_type="application/geo+json")},
        follow=True,
    )
    assert "已导入 1 个边界、1 个别名" in done.content.decode()
    assert Boundary.objects.get(unit=mapped.community_b).source == "乙社区.geojson"
    bad = json.dumps(collection(feature(box(105, 20, 110, 25), name="丙社区")))
    refused = client.post(
        "/admin/places/boundary/import/",
        {"file": SimpleUploadedFile("丙.geojson", bad.encode(), content_type="application/geo+json")},
    )
    assert refused.status_code == 200 and "未找到对应单位" in refused.content.decode()
    handler = staff(mapped.housing, is_staff=True)
    client.force_login(handler)
    assert client.get("/admin/places/boundary/import/").status_code == 302  # not for handlers
