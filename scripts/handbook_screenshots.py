"""Take the screenshots of docs/编辑手册.md from the running demo.

    make run                       # in another shell: the demo at http://127.0.0.1:8000/
    .venv/bin/python scripts/handbook_screenshots.py [BASE_URL]

Logs in as the demo's superuser (password from var/admin-password.txt), makes the next
edition, writes four articles, places them on the page plan, approves them and opens the
sign-off confirmation, taking a screenshot at each step into docs/handbook/. It changes the
demo database the way an evening's work would. Uses Debian's Chromium, as the tests do.
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "handbook"
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-dev-shm-usage", "--font-render-hinting=none"]
ARTICLES = [
    ("市政府召开常务会议 研究部署春耕生产", "会议强调，要抓紧抓实春耕备耕各项工作。"),
    ("我市新建三所社区养老服务中心", "今年，我市将新建三所社区养老服务中心。"),
    ("一季度全市经济运行稳中向好", "一季度，全市地区生产总值同比增长。"),
    ("清明假期文明祭扫倡议书", "清明将至，市文明办向广大市民发出倡议。"),
]


def shot(page, name: str, *, full_page: bool = False) -> None:
    page.screenshot(path=str(OUT / f"{name}.jpg"), type="jpeg", quality=70, full_page=full_page)
    print("saved", name)


def main(base: str) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    password = (ROOT / "var" / "admin-password.txt").read_text(encoding="utf-8").strip()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_FLAGS
        )
        context = browser.new_context(viewport={"width": 1280, "height": 860}, base_url=base)
        page = context.new_page()
        page.set_default_timeout(20000)
        page.goto("/admin/login/?next=/admin/")
        page.fill("#id_username", "admin")
        page.fill("#id_password", password)
        page.click("input[type=submit]")
        page.wait_for_url("**/admin/")
        shot(page, "01-dashboard")

        page.goto("/admin/editions/edition/")
        shot(page, "02-editions")
        page.click("#next-edition")
        page.wait_for_url("**/change/")
        shot(page, "03-next-edition", full_page=True)

        ids = []
        for title, body in ARTICLES:
            page.goto("/admin/articles/article/add/")
            page.wait_for_selector("#article_form[data-newsroom-ready]")
            page.fill("#id_title", title)
            frame = page.frame_locator("iframe.cke_wysiwyg_frame").locator("body")
            frame.click()
            page.keyboard.type(body)
            if not ids:
                shot(page, "04-article-form", full_page=True)
            page.click("#save-and-submit")
            page.wait_for_selector(".messagelist .success")
            ids.append(page.url.rstrip("/").split("/")[-2])

        # An autosaved draft offered back after the tab was closed.
        page.goto(f"/admin/articles/article/{ids[0]}/change/")
        page.wait_for_selector("#article_form[data-newsroom-ready]")
        frame = page.frame_locator("iframe.cke_wysiwyg_frame").locator("body")
        frame.click()
        page.keyboard.press("End")
        page.keyboard.type("会议还研究了其他事项。")
        page.wait_for_selector("#autosave-status:has-text('已自动保存')", timeout=30000)
        page.close()
        page = browser.contexts[0].new_page()
        page.goto(f"/admin/articles/article/{ids[0]}/change/")
        page.wait_for_selector("#autosave-offer:not([hidden])")
        shot(page, "05-autosave-offer")
        page.click("#autosave-discard")

        page.goto("/admin/articles/article/desk/")
        page.get_by_role("link", name="版面编排").first.click()
        page.wait_for_selector("#page-plan")
        shot(page, "06-page-plan-tray")
        lists = page.locator(".plan-list")
        for index, (title, _body) in enumerate(ARTICLES):
            with page.expect_response("**/plan/arrange/"):
                page.locator(".plan-card", has_text=title).drag_to(lists.nth(index + 1))
        shot(page, "07-page-plan-placed")
        for title, _body in ARTICLES:
            page.locator(".plan-card", has_text=title).get_by_role("button").click()
            page.wait_for_selector(".messagelist .success")

        page.goto("/admin/articles/article/desk/")
        page.get_by_role("link", name="版面编排").first.wait_for()
        shot(page, "08-desk")
        page.get_by_role("button", name="签发本期").click()
        page.wait_for_selector("#content-main")
        shot(page, "09-sign-off-confirm")

        page.goto("/admin/auth/user/add/")
        shot(page, "10-user-role")
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000")
