"""What every role's browser test does: sign in (with the TOTP code where the role needs one),
open its queue, open a case, take an act through the case page's forms.

The demo organisation (青溪区) supplies one login per role, as a new bureau would have them:
登记员 ``dengji``, 承办人 ``renshe`` (a department) and ``longcheng`` (a street), 单位负责人
``renshe_head``/``longcheng_head``, 局领导 ``juzhang`` (TOTP), 督查 ``ducha``, 复查 organ staff ``fucha``.
"""

from __future__ import annotations

from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Locator, Page, expect

from tests.factories import ensure_dictionaries
from xinfang.demo.org import DEMO_PASSWORD, DemoOrg, demo_org_setup
from xinfang.demo.otp import totp_now
from xinfang.orgs.models import User
from xinfang.petitions.models import Petition


def demo_org() -> DemoOrg:
    ensure_dictionaries()
    return demo_org_setup()


def user(username: str) -> User:
    return User.objects.select_related("unit").get(username=username)


def login(page: Page, base: str, username: str) -> None:
    """Sign in with the demo password; a role that requires a second factor enters its TOTP code."""
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    if "/security/otp/" in page.url:
        device = TOTPDevice.objects.get(user__username=username, confirmed=True)
        page.fill("#id_otp_token", totp_now(device))
        page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/")
    expect(page.locator("header .who")).to_contain_text(user(username).display_name)


def logout(page: Page) -> None:
    page.click("header form button")


def open_queue(page: Page, base: str) -> str:
    """The role's to-do queue (工作台), all its pages: the text of every row."""
    page.goto(f"{base}/")
    rows = []
    while True:
        rows.extend(page.locator("main table tbody tr").all_inner_texts())
        following = page.locator("main .pager a[rel=next]")
        if following.count() == 0:
            return "\n".join(rows)
        following.first.click()
        page.wait_for_load_state()


def in_queue(page: Page, base: str, petition: Petition) -> bool:
    return petition.number in open_queue(page, base)


def open_case(page: Page, base: str, petition: Petition) -> None:
    """Open the case from the role's queue, as a user would, by its number."""
    page.goto(f"{base}/")
    link = page.locator("main table").get_by_role("link", name=petition.number, exact=True)
    if link.count():
        link.first.click()
    else:  # on a later page of the queue, or a role whose desk is the search list
        page.goto(f"{base}/petitions/?q={petition.number}")
        page.locator("main").get_by_role("link", name=petition.number, exact=True).first.click()
    page.wait_for_url(f"**/petitions/{petition.pk}/")


def act(page: Page, name: str, fields: dict[str, str] | None = None) -> str:
    """Open an act's form on the case page, fill it, submit (confirming where the page asks for
    confirmation), and return the success message."""
    box = page.locator(f"details[data-act={name}]")
    expect(box).to_have_count(1)
    box.locator("summary").click()
    for field, value in (fields or {}).items():
        control = box.locator(f"[name={field}]")
        tag = control.evaluate("e => e.tagName")
        if tag == "SELECT":
            control.select_option(value) if value.isdigit() else control.select_option(label=value)
        elif control.get_attribute("type") == "checkbox":
            control.check() if value else control.uncheck()
        else:
            control.fill(value)
    page.once("dialog", lambda dialog: dialog.accept())
    box.locator("button[type=submit]").click()
    page.wait_for_load_state()
    confirm = page.locator("main form [data-confirm], main form button[name=confirmed]")
    if "/confirm" in page.url or confirm.count():
        confirm.first.click()
        page.wait_for_load_state()
    return succeeded(page)


def succeeded(page: Page) -> str:
    """The page's success message; a refusal fails the test with the page's own words."""
    messages = page.locator(".messages li")
    expect(messages.first).to_be_visible()
    success = page.locator(".messages .success")
    assert success.count() == 1, messages.all_inner_texts()
    return success.inner_text()


def acts_offered(page: Page) -> list[str]:
    return [a for a in page.locator("details[data-act]").evaluate_all("ds => ds.map(d => d.dataset.act)")]


def contrast(element: Locator) -> float:
    """WCAG contrast ratio of an element's text colour against its own background colour."""
    colours = element.evaluate("e => [getComputedStyle(e).color, getComputedStyle(e).backgroundColor]")

    def luminance(css: str) -> float:
        r, g, b = (int(float(part)) / 255 for part in css[css.index("(") + 1 : css.index(")")].split(",")[:3])
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    light, dark = sorted((luminance(c) for c in colours), reverse=True)
    return (light + 0.05) / (dark + 0.05)
