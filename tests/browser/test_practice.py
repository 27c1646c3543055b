"""Practice mode in Chromium: hide and reveal answers, mark 会 / 不会, keep the marks across
instant navigation; a mock interview round end to end; the flashcards download; a 390-px phone
screen in the dark scheme; no request leaves the site."""

import io
import zipfile
from pathlib import Path

import pytest

from tests.browser.conftest import ARTIFACTS

PAGE = "redis/zrangebyscore-complexity/"


def visible_answers(page) -> int:
    return page.eval_on_selector_all(".mj-qa > .mj-a", "els => els.filter(e => e.offsetParent !== null).length")


def test_self_test_hides_reveals_marks_and_remembers_across_navigation(site_page):
    page = site_page.goto(PAGE)
    items = page.locator(".mj-qa")
    n = items.count()
    assert n >= 6                                   # the short answer and at least five follow-ups
    assert visible_answers(page) == n               # reading mode: everything visible
    page.get_by_role("button", name="自测模式：先藏起答案").click()
    assert visible_answers(page) == 0               # practice mode: every answer hidden

    first, second = items.nth(0), items.nth(1)
    first.get_by_role("button", name="显示答案").click()
    assert first.locator(".mj-a").is_visible() and not second.locator(".mj-a").is_visible()
    assert first.get_by_role("button", name="隐藏答案").get_attribute("aria-expanded") == "true"
    first.get_by_role("button", name="会", exact=True).click()
    second.get_by_role("button", name="不会").focus()
    page.keyboard.press("Enter")                    # the keyboard works as well as the mouse
    assert page.locator(".mj-status").inner_text().endswith("会 1，不会 1")

    # away with instant navigation (no full reload), then back
    page.locator("a[href$='why-fast/']").first.click()
    page.wait_for_url("**/redis/why-fast/")
    assert page.locator(".mj-practice .mj-toggle").get_attribute("aria-pressed") == "true"
    page.go_back()
    page.wait_for_url(f"**/{PAGE}")
    page.wait_for_selector(".mj-practice[data-ready] .mj-toggle")
    items = page.locator(".mj-qa")
    assert items.nth(0).get_by_role("button", name="会", exact=True).get_attribute("aria-pressed") == "true"
    assert items.nth(1).get_by_role("button", name="不会").get_attribute("aria-pressed") == "true"
    assert visible_answers(page) == 0               # still in practice mode, answers hidden again

    page.reload(wait_until="networkidle")           # and across a reload: localStorage
    assert page.locator(".mj-qa").nth(1).get_attribute("data-mark") == "dont"
    assert site_page.foreign_requests() == [] and site_page.errors == []


def test_a_mock_interview_round_runs_end_to_end_then_reviews_what_was_missed(site_page):
    page = site_page.goto("practice/")
    page.select_option("select[name=round]", "seed-notes/infra")
    page.select_option("select[name=importance]", "high")
    page.get_by_role("button", name="开始模拟面试").click()
    progress = page.locator(".mj-progress")
    total = int(progress.inner_text().split("/")[1].split()[0])
    assert total >= 5
    marked_dont = 0
    for step in range(total):
        assert progress.inner_text().startswith(f"第 {step + 1} / {total} 项")
        current = page.locator(".mj-qa:visible").last
        assert not current.locator(".mj-a").is_visible()          # answer hidden until asked for
        current.get_by_role("button", name="显示答案").click()
        assert current.locator(".mj-a").is_visible()
        if step % 3 == 0:
            current.get_by_role("button", name="不会").click()
            marked_dont += 1
        else:
            current.get_by_role("button", name="会", exact=True).click()
        current.get_by_role("button", name="下一个" if step + 1 < total else "结束").click()
    assert progress.inner_text().startswith(f"完成：共 {total} 项") and f"不会 {marked_dont}" in progress.inner_text()
    assert page.locator("a:has-text('读完整答案')").count() >= 1

    page.get_by_role("button", name="复习标记为「不会」的").click()
    assert progress.inner_text().startswith(f"复习：第 1 / {marked_dont} 项"), progress.inner_text()
    assert site_page.foreign_requests() == [] and site_page.errors == []


def test_flashcards_download_from_the_site(site_page):
    page = site_page.goto("practice/")
    for link, check in (("Anki 卡组（.apkg）", lambda b: zipfile.ZipFile(io.BytesIO(b)).namelist()),
                        ("纯文本（TSV，Anki 等工具可导入）", lambda b: b.decode("utf-8").splitlines())):
        with page.expect_download() as info:
            page.get_by_role("link", name=link).click(modifiers=[])
        body = Path(info.value.path()).read_bytes()
        assert check(body), link
    assert site_page.foreign_requests() == []


@pytest.mark.parametrize("scheme", ["slate"])
def test_practice_mode_on_a_390px_phone_in_the_dark_scheme(browser, site_url, scheme):
    context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844}, color_scheme="dark",
                                  is_mobile=True, has_touch=True)
    page = context.new_page()
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(site_url + PAGE, wait_until="networkidle")
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == scheme
    page.get_by_role("button", name="自测模式：先藏起答案").click()
    qa = page.locator(".mj-qa").nth(2)
    qa.scroll_into_view_if_needed()
    for name in ("显示答案", "会", "不会"):
        box = qa.get_by_role("button", name=name, exact=True).bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390, (name, box)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    colors = page.eval_on_selector(".mj-qa .mj-btn", "b => [getComputedStyle(b).color, getComputedStyle(document.body).backgroundColor]")
    assert colors[0] != colors[1]
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "practice-390-dark.png"))
    page.goto(site_url + "practice/", wait_until="networkidle")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert [u for u in requests if not u.startswith((site_url, "data:", "blob:"))] == []
    context.close()
