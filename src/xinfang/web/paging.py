"""List pages for the workbench: see ``xinfang.petitions.pages`` (shared with the API)."""

from xinfang.petitions.pages import COUNT_CAP, Page, capped_count, list_page

__all__ = ["COUNT_CAP", "Page", "capped_count", "list_page", "page_links"]


def page_links(page: Page, *, around: int = 2) -> list[int | None]:
    """The page numbers a pager shows: the first, the last and ``around`` on each side of the
    current one, ``None`` where numbers are left out ("…")."""
    last = page.num_pages
    shown = sorted({1, last, *range(max(1, page.number - around), min(last, page.number + around) + 1)})
    links: list[int | None] = []
    for number in shown:
        if links and number - (links[-1] or 0) > 1:
            links.append(None)
        links.append(number)
    return links
