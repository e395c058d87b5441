"""List pages for the workbench: see ``xinfang.petitions.pages`` (shared with the API)."""

from xinfang.petitions.pages import COUNT_CAP, Page, capped_count, list_page

__all__ = ["COUNT_CAP", "Page", "capped_count", "list_page"]
