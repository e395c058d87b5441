"""The list planner chooses its plan by the matches: the rows and the queries, not the time.

The probe window and the count cap are shrunk so a handful of petitions exercise every plan.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import Org, register
from xinfang.petitions import pages
from xinfang.petitions.models import Petition
from xinfang.petitions.pages import ORDERS, list_page
from xinfang.petitions.selectors import petitions_filter, petitions_visible_to

# The window, few-matches and walk queries set and reset the planner's scan choices on PostgreSQL.
SWITCHES = 2 if connection.vendor == "postgresql" else 0


@pytest.fixture
def small(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pages, "PROBE_ROWS", 6)
    monkeypatch.setattr(pages, "COUNT_CAP", 8)


def _petitions(org: Org, titles: list[str]) -> list[Petition]:
    """Registered one hour apart, the first title newest."""
    now = timezone.now()
    return [
        register(org, title=title, content=f"{title}。请求处理。", received_at=now - timedelta(hours=i + 1))
        for i, title in enumerate(titles)
    ]


def _search(org: Org, q: str = "", **filters: object) -> object:
    return petitions_filter(petitions_visible_to(org.leader), q=q, **filters)  # type: ignore[arg-type]


def test_few_matches_are_fetched_through_the_index_and_sorted(
    org: Org, small: None, django_assert_num_queries
) -> None:  # type: ignore[no-untyped-def]
    made = _petitions(org, ["小区停车难"] * 10 + ["暖气不热"] + ["道路破损"] * 5 + ["暖气漏水"])
    rows = _search(org, "暖气")
    with django_assert_num_queries(4 + 2 * SWITCHES):  # boundary, window, all matches (≤ cap), the rows
        page = list_page(rows, size=5)  # type: ignore[arg-type]
    assert page.plan == "few" and page.count == 2 and not page.capped
    assert [p.pk for p in page.object_list] == [made[10].pk, made[16].pk]


def test_no_match_search_is_few_and_empty(org: Org, small: None) -> None:
    _petitions(org, ["小区停车难"] * 12)
    page = list_page(_search(org, "暖气片"), size=5)  # type: ignore[arg-type]
    assert (page.plan, page.count, page.object_list, page.has_next) == ("few", 0, [], False)


def test_many_matches_in_the_window_answer_page_and_count(
    org: Org, small: None, django_assert_num_queries, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(pages, "COUNT_CAP", 4)
    made = _petitions(org, ["小区停车难"] * 12)
    rows = _search(org, "停车")
    with django_assert_num_queries(3 + SWITCHES):  # boundary, window (more than the cap), the rows
        page = list_page(rows, size=3)  # type: ignore[arg-type]
    assert page.plan == "window" and page.capped and page.has_next
    assert [p.pk for p in page.object_list] == [p.pk for p in made[:3]]
    with django_assert_num_queries(2 + SWITCHES):  # the boundary is cached now
        list_page(rows, size=3)  # type: ignore[arg-type]


def test_a_count_known_above_the_cap_reads_the_window_only_to_the_page(
    org: Org, small: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The counters' bound is above the cap: the window is read for the page, not for a count (its
    query stops at offset + size + 1 rows, not cap + 1), and the page and its label are the same."""
    monkeypatch.setattr(pages, "COUNT_CAP", 4)
    made = _petitions(org, ["小区停车难"] * 12)
    rows = _search(org, "停车")
    counted = list_page(rows, size=3)  # type: ignore[arg-type]
    with CaptureQueriesContext(connection) as queries:
        known = list_page(rows, size=3, at_least=5)  # type: ignore[arg-type]
    limits = [
        q["sql"].rsplit("LIMIT", 1)[-1].strip() for q in queries.captured_queries if "LIMIT" in q["sql"]
    ]
    assert limits == ["4"]  # the window, to the page; no read of cap + 1 = 5 rows, no probe
    assert (
        [p.pk for p in known.object_list] == [p.pk for p in counted.object_list] == [p.pk for p in made[:3]]
    )
    assert (known.plan, known.count, known.capped, known.has_next) == ("window", 5, True, True)
    assert (counted.plan, counted.count) == ("window", 5)


def test_many_sparse_matches_walk_the_sort_index(org: Org, small: None, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    made = _petitions(org, ["道路破损"] * 6 + ["拖欠工资"] * 11)
    rows = _search(org, "工资拖欠")
    # boundary, window (none), all matches (> cap), the wider window's boundary (the table is
    # smaller: no wider window), walk, rows
    with django_assert_num_queries(6 + 2 * SWITCHES):
        page = list_page(rows, size=4, number=2)  # type: ignore[arg-type]
    assert page.plan == "many" and page.capped
    assert [p.pk for p in page.object_list] == [p.pk for p in made[10:14]]


def test_a_count_known_to_be_above_the_cap_skips_the_probe_for_few(
    org: Org, small: None, django_assert_num_queries
) -> None:  # type: ignore[no-untyped-def]
    """The counters tell the list the matches are many (``at_least``): same rows, one read fewer."""
    _petitions(org, ["道路破损"] * 6 + ["拖欠工资"] * 11)
    rows = _search(org, "工资拖欠")
    probed = list_page(rows, size=4, number=2)  # type: ignore[arg-type]
    # window, walk, rows (both boundaries cached by the first call; no probe for few)
    with django_assert_num_queries(3 + SWITCHES):
        known = list_page(rows, size=4, number=2, at_least=9)  # type: ignore[arg-type]
    assert (known.plan, known.count) == (probed.plan, probed.count) == ("many", pages.COUNT_CAP + 1)
    assert [p.pk for p in known.object_list] == [p.pk for p in probed.object_list]
    # A bound at or below the cap proves nothing: the probe runs (once its verdict is forgotten).
    cache.clear()
    pages.boundary_forget()
    with django_assert_num_queries(6 + 2 * SWITCHES):
        assert list_page(rows, size=4, number=2, at_least=8).plan == "many"  # type: ignore[arg-type]


def test_the_verdict_many_is_kept_and_few_is_not(org: Org, small: None, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    """The probe's "many" is kept per query for a few minutes; "few" is read afresh every time, and
    another query (another scope, filter or day) is probed on its own."""
    _petitions(org, ["道路破损"] * 6 + ["拖欠工资"] * 11 + ["暖气不热"] * 2)
    many, few = _search(org, "工资"), _search(org, "暖气")
    list_page(many, size=4)  # type: ignore[arg-type]
    list_page(few, size=4)  # type: ignore[arg-type]
    with django_assert_num_queries(3 + SWITCHES):  # window, walk, rows: no probe, the verdict is kept
        assert list_page(many, size=4).plan == "many"  # type: ignore[arg-type]
    with django_assert_num_queries(3 + 2 * SWITCHES):  # window, probe, rows
        assert list_page(few, size=4).plan == "few"  # type: ignore[arg-type]
    other = _search(org, "拖欠")  # the same rows by another query: probed on its own
    with django_assert_num_queries(4 + 2 * SWITCHES):  # window, probe, walk, rows
        assert list_page(other, size=4).plan == "many"  # type: ignore[arg-type]


def test_sparse_matches_are_found_in_a_wider_window_before_any_walk(
    org: Org, django_assert_num_queries, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """The newest 2 rows hold no match, the newest 20 hold enough for the page: that window answers
    through the indexes (on PostgreSQL bitmap scans only), and the walk is never run."""
    monkeypatch.setattr(pages, "PROBE_ROWS", 2)
    monkeypatch.setattr(pages, "COUNT_CAP", 4)
    titles = ["道路破损"] * 2 + (["拖欠工资"] + ["道路破损"] * 3) * 5 + ["拖欠工资"] * 6
    made = _petitions(org, titles)
    rows = _search(org, "工资")
    expected = [p.pk for p in made if "工资" in p.title]
    # boundary, window (none), all matches (> cap), the wider window's boundary, that window, rows
    with django_assert_num_queries(6 + 3 * SWITCHES):
        page = list_page(rows, size=2)  # type: ignore[arg-type]
    assert page.plan == "many" and page.capped and page.has_next
    assert [p.pk for p in page.object_list] == expected[:2]
    with django_assert_num_queries(3 + 2 * SWITCHES):  # both boundaries and the verdict "many" cached
        second = list_page(rows, size=2, number=2)  # type: ignore[arg-type]
    assert second.plan == "many" and [p.pk for p in second.object_list] == expected[2:4]


def test_a_wider_window_is_walked_in_order_where_the_first_window_shows_the_matches_dense(
    org: Org, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """One match in the newest 4 rows, a page of 2 (+1) wanted: expected within 12 rows of the
    40-row wider window, so it is walked in order (no bitmaps over every index entry)."""
    monkeypatch.setattr(pages, "PROBE_ROWS", 4)
    monkeypatch.setattr(pages, "COUNT_CAP", 4)
    titles = (["道路破损"] * 3 + ["拖欠工资"]) * 10 + ["拖欠工资"] * 6
    made = _petitions(org, titles)
    rows = _search(org, "工资")
    expected = [p.pk for p in made if "工资" in p.title]
    with CaptureQueriesContext(connection) as queries:
        page = list_page(rows, size=2)  # type: ignore[arg-type]
    assert page.plan == "many" and [p.pk for p in page.object_list] == expected[:2]
    if connection.vendor == "postgresql":
        sql = [q["sql"] for q in queries.captured_queries]
        wider = next(i for i, q in enumerate(sql) if "LIMIT 3" in q and 'received_at" >=' in q)
        assert sql[wider - 1].startswith("SET enable_bitmapscan = off")


def test_a_wider_window_with_too_few_matches_falls_back_to_the_walk(org: Org, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(pages, "PROBE_ROWS", 2)
    monkeypatch.setattr(pages, "COUNT_CAP", 3)
    titles = ["道路破损"] * 22 + ["拖欠工资"] * 6  # no match among the newest 20 rows
    made = _petitions(org, titles)
    page = list_page(_search(org, "工资"), size=4)  # type: ignore[arg-type]
    assert page.plan == "many" and [p.pk for p in page.object_list] == [p.pk for p in made[22:26]]


def test_page_from_the_window_with_an_exact_count(org: Org, small: None) -> None:
    made = _petitions(
        org, ["暖气不热", "道路破损", "暖气不热", "道路破损", "道路破损", "道路破损", "暖气不热"]
    )
    page = list_page(_search(org, "暖气"), size=2)  # type: ignore[arg-type]
    assert page.plan == "few" and page.count == 3 and page.has_next
    assert [p.pk for p in page.object_list] == [made[0].pk, made[2].pk]


@pytest.mark.parametrize("order", list(ORDERS))
@pytest.mark.parametrize("query", [{}, {"q": "暖气"}, {"q": "停车"}, {"status": "dispatched"}])
def test_pages_follow_the_database_order_in_every_plan(
    org: Org, small: None, order: str, query: dict[str, str]
) -> None:
    from tests.factories import _dispatch

    made = _petitions(org, ["暖气不热", "小区停车难", "暖气漏水", "小区停车难"] * 4)
    for petition in made[::3]:
        _dispatch(org, petition)
    Petition.objects.filter(pk__in=[p.pk for p in made[1::4]]).update(next_due_on=None)
    rows = _search(org, **query)
    expected = list(rows.order_by(*ORDERS[order].ordering()).values_list("pk", flat=True))  # type: ignore[attr-defined]
    seen = []
    for number in range(1, 4):  # 3 pages of 3 cover the cap of 8
        page = list_page(rows, order=order, number=number, size=3)  # type: ignore[arg-type]
        seen += [p.pk for p in page.object_list]
        assert page.count == min(len(expected), 9)
        if not page.has_next:
            break
    assert seen == expected[:9]


def test_search_ignores_word_order_and_variants(org: Org) -> None:
    wages = register(org, title="拖欠工资", content="公司拖欠工资三个月")
    register(org, title="小区停车难", content="停车位不足")
    for query in ("工资拖欠", "拖欠工资", "工資拖欠", "欠薪 工资"[3:], "ＡＢＣ工资"[3:]):
        found = list(_search(org, query).values_list("pk", flat=True))  # type: ignore[attr-defined]
        assert found == [wages.pk], query
    heating = register(org, title="暖气不热", content="冬季室内温度低")
    assert list(_search(org, "不热的暖气").values_list("pk", flat=True)) == [heating.pk]  # type: ignore[attr-defined]
    traditional = register(org, title="工資被拖欠", content="業主反映")
    assert set(_search(org, "工资拖欠").values_list("pk", flat=True)) == {wages.pk, traditional.pk}  # type: ignore[attr-defined]


def test_the_walk_follows_an_index_of_a_filter_in_the_list_order(
    org: Org, monkeypatch, django_assert_num_queries
) -> None:  # type: ignore[no-untyped-def]
    """Many sparse matches of a word among overdue matters: the walk goes along the overdue
    index newest first (PostgreSQL: no bitmap, no full sort), with the same rows as otherwise."""
    monkeypatch.setattr(pages, "PROBE_ROWS", 2)
    monkeypatch.setattr(pages, "COUNT_CAP", 3)
    now = timezone.now()
    # The newest 22 are not overdue; the 8 older ones are (received 60 days ago and more).
    fresh = [register(org, title="道路破损", received_at=now - timedelta(hours=i + 1)) for i in range(22)]
    old = [
        register(org, title="噪音扰民" if i % 2 else "道路破损", received_at=now - timedelta(days=60 + i))
        for i in range(8)
    ]
    assert all(p.next_due_on and p.next_due_on < timezone.localdate() for p in old)
    assert not any(p.next_due_on and p.next_due_on < timezone.localdate() for p in fresh)
    rows = _search(org, "噪音", overdue=True)
    assert pages.ordered_filter(rows, ORDERS["received"])  # type: ignore[arg-type]
    # boundary, window, all matches (> cap), wider boundary, wider window, walk, rows
    with django_assert_num_queries(7 + 4 * SWITCHES):  # the walk's settings too, on PostgreSQL
        page = list_page(rows, size=2)  # type: ignore[arg-type]
    assert page.plan == "many"
    assert [p.pk for p in page.object_list] == [old[1].pk, old[3].pk]


def test_which_filters_have_an_index_in_the_list_order(org: Org) -> None:
    received, due, number = ORDERS["received"], ORDERS["due"], ORDERS["number"]
    assert pages.ordered_filter(_search(org, "噪音", status="handling"), received)  # type: ignore[arg-type]
    assert pages.ordered_filter(_search(org, "噪音", key=True), due)  # type: ignore[arg-type]
    # A word, a scope or a category (by its code, through a join) has no ordered index here;
    # the number order has none for a filter.
    assert not pages.ordered_filter(_search(org, category="labour"), received)  # type: ignore[arg-type]
    assert not pages.ordered_filter(_search(org, "噪音"), received)  # type: ignore[arg-type]
    assert not pages.ordered_filter(petitions_visible_to(org.street_a_handler), received)
    assert not pages.ordered_filter(_search(org, "噪音", overdue=True), number)  # type: ignore[arg-type]
    # A filter inside an OR does not restrict every row.
    either = Petition.objects.filter(Q(status="handling") | Q(title="x"))
    assert not pages.ordered_filter(either, received)


@pytest.mark.parametrize("nothing", ["none", "empty_in"])
def test_rows_that_can_match_nothing_are_an_empty_page(org: Org, small: None, nothing: str) -> None:
    """A queue with no condition (a supervisor's to-do is ``none()``) or an empty IN list compiles to
    no SQL at all: the planner answers an empty page instead of failing on its cache key."""
    _petitions(org, ["小区停车难"] * 12)  # more than the probe window, so a boundary exists
    visible = petitions_visible_to(org.leader)
    rows = visible.none() if nothing == "none" else visible.filter(pk__in=[])
    page = list_page(rows, size=5)
    assert (page.count, page.object_list, page.has_next) == (0, [], False)
