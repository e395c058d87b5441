"""Hot topics group similar petitions and flag a topic that grows faster than its baseline."""

from __future__ import annotations

from datetime import date, timedelta

from xinfang.intake.topics import Item, topics_of

TODAY = date(2026, 11, 20)


def item(key: str, title: str, days_ago: int, place: str = "甲社区") -> Item:
    return Item(key, title, f"{title}，请有关部门尽快处理。", TODAY - timedelta(days=days_ago), place)


def test_two_topics_are_separated_and_a_burst_is_flagged() -> None:
    fumes = [
        item(f"f{i}", f"魅力之城小区餐馆油烟扰民{i % 2}", days) for i, days in enumerate([1, 2, 3, 4, 5, 25])
    ]
    internship = [
        item(f"s{i}", "经济学院强制学生外出实习", days, "乙社区") for i, days in enumerate([10, 20, 28])
    ]
    noise = [item("n1", "公交线路调整建议", 3), item("n2", "医保报销比例咨询", 9)]
    topics = topics_of([*fumes, *internship, *noise], today=TODAY)
    by_key = {key: t for t in topics for key in t.members}
    assert set(by_key["f0"].members) == {f.key for f in fumes}
    assert set(by_key["s0"].members) == {s.key for s in internship}
    assert "n1" not in by_key and "n2" not in by_key
    assert by_key["f0"].burst and not by_key["s0"].burst
    assert "油烟" in "".join(by_key["f0"].keywords) and by_key["s0"].places[0] == ("乙社区", 3)
