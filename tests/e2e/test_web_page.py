"""The web page in headless Chromium, against the platform as `kantine up` runs it (every service its own
process, real NATS and PostgreSQL) with the demo's people, signed in through the demo sign-in.

Screenshots go to tests/artifacts/<test>-<what>.png, to look at when a layout changes.
"""

from __future__ import annotations

import asyncio
import json
import re
import time
import uuid
from collections.abc import AsyncIterator, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from playwright.async_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Page,
    ViewportSize,
    async_playwright,
    expect,
)

from kantine.platform.demo import Summary
from tests.e2e.demo_platform import demo_platform

pytestmark = pytest.mark.e2e

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
I18N = Path(__file__).resolve().parents[2] / "services" / "gateway" / "web" / "static" / "i18n"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
PHONE: ViewportSize = {"width": 375, "height": 812}
DESKTOP: ViewportSize = {"width": 1280, "height": 800}
WAIT_MS = 20_000  # the platform shares two cores with whatever else runs


@pytest.fixture(scope="module")
def platform(
    nats_url: str, pg_server_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, Summary]]:
    """A small demo company: its core people (the five the tests sign in as among them) and a few dozen
    posts."""
    with demo_platform(nats_url, pg_server_url, tmp_path_factory.mktemp("web") / "home", 0.02) as (state, demo):
        yield state["http"]["url"], demo


@pytest.fixture(scope="module")
def web_url(platform: tuple[str, Summary]) -> str:
    return platform[0]


@pytest.fixture(scope="module")
def demo_ids(platform: tuple[str, Summary]) -> Mapping[str, str]:
    """The demo's people's ids, by their key in the demo ("anna")."""
    return platform[1].ids


@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    async with async_playwright() as playwright:
        chromium = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        await chromium.close()


class Person:
    """One signed-in browser: its page, and what the page complained about (script errors, CSP)."""

    def __init__(self, context: BrowserContext, page: Page) -> None:
        self.context = context
        self.page = page
        self.problems: list[str] = []
        page.on("pageerror", lambda error: self.problems.append(f"script error: {error}"))
        page.on("console", self._console)
        page.on("dialog", lambda dialog: self.problems.append(f"dialog opened: {dialog.message}"))

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error" and ("Content Security Policy" in message.text or "Refused to" in message.text):
            self.problems.append(f"CSP: {message.text}")

    async def csrf(self) -> str:
        return next(c["value"] for c in await self.context.cookies() if c["name"] == "kantine_csrf")

    async def api(self, web_url: str, method: str, path: str, body: dict[str, object] | None = None) -> Any:
        """A call of `/api/v1` with this person's session, as the page makes it (setup or a look behind the
        page, not what is tested); it must succeed."""
        reply = await self.page.request.fetch(
            f"{web_url}/api/v1{path}", method=method, data=None if body is None else json.dumps(body),
            headers={"Content-Type": "application/json", "X-CSRF-Token": await self.csrf()},
        )  # fmt: skip
        assert reply.ok, f"{method} {path}: {await reply.text()}"
        return await reply.json()

    async def post(self, web_url: str, body: dict[str, object]) -> str:
        """A post made through the API with this person's session (setup, not what is tested)."""
        return str((await self.api(web_url, "POST", "/posts", body))["post_id"])

    def assert_clean(self) -> None:
        assert not self.problems, self.problems


async def sign_in(browser: Browser, web_url: str, name: str, *, viewport: ViewportSize = DESKTOP) -> Person:
    """Signs `name` in through the demo sign-in (as a person would: their button) and lands on home."""
    context = await browser.new_context(viewport=viewport, locale="en-US")
    page = await context.new_page()
    person = Person(context, page)
    await page.goto(f"{web_url}/auth/dev?next=/")
    await page.get_by_role("button", name=re.compile(re.escape(name))).click()
    await page.wait_for_url(f"{web_url}/")
    await expect(page.get_by_test_id("composer")).to_be_visible(timeout=WAIT_MS)
    return person


async def shoot(page: Page, request: pytest.FixtureRequest, what: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    await page.screenshot(path=str(ARTIFACTS / f"{request.node.name}-{what}.png"), full_page=True)


async def ask_question(asker: Person, text: str) -> str:
    page = asker.page
    await page.get_by_test_id("composer-kind").select_option("question")
    await page.get_by_test_id("composer-body").fill(text)
    await page.get_by_test_id("composer-submit").click()
    card = page.get_by_test_id("post").filter(has_text=text)
    await expect(card).to_be_visible(timeout=WAIT_MS)
    post_id = await card.get_attribute("data-post-id")
    assert post_id
    return post_id


async def answer(answerer: Person, web_url: str, post_id: str, text: str) -> None:
    page = answerer.page
    await page.goto(f"{web_url}/posts/{post_id}")
    await page.get_by_test_id("comment-body").fill(text)
    await page.get_by_test_id("comment-submit").click()
    await expect(page.get_by_test_id("comment").filter(has_text=text)).to_be_visible(timeout=WAIT_MS)


async def clear_inbox(person: Person) -> None:
    page = person.page
    await page.get_by_test_id("nav-notifications").click()
    await expect(page.get_by_test_id("inbox")).to_be_attached(timeout=WAIT_MS)
    await page.get_by_test_id("read-all").click()
    await expect(page.get_by_test_id("bubble")).to_be_hidden(timeout=WAIT_MS)


async def open_notification_and_accept(asker: Person, post_id: str, answer_text: str) -> None:
    page = asker.page
    await page.get_by_test_id("nav-notifications").click()
    notification = (
        page.get_by_test_id("inbox")
        .get_by_test_id("notification")
        .filter(has=page.locator(f'a[href^="/posts/{post_id}"]'))
    )
    await expect(notification).to_be_visible(timeout=WAIT_MS)
    await notification.get_by_role("link").click()
    await page.wait_for_url(re.compile(f"/posts/{post_id}"))
    comment = page.get_by_test_id("comment").filter(has_text=answer_text)
    await comment.get_by_test_id("accept-answer").click()
    await expect(comment.get_by_test_id("accepted-answer")).to_be_visible(timeout=WAIT_MS)
    await expect(page.get_by_test_id("post").get_by_test_id("answered")).to_be_visible()
    await expect(page.get_by_test_id("accept-answer")).to_have_count(0)


async def test_answer_turns_the_bubble_live_and_is_accepted(
    web_url: str, browser: Browser, request: pytest.FixtureRequest
) -> None:
    asker = await sign_in(browser, web_url, "Sven Lindqvist")
    answerer = await sign_in(browser, web_url, "Lars Mikkelsen")
    await clear_inbox(asker)
    await asker.page.get_by_test_id("nav-home").click()  # a link in the page: the live stream stays open
    marker = uuid.uuid4().hex[:8]
    post_id = await ask_question(asker, f"Where do we keep the spare keys? #q{marker}")

    await answer(answerer, web_url, post_id, f"In the blue box by reception ({marker})")

    bubble = asker.page.get_by_test_id("bubble")
    await expect(bubble).to_have_text("1", timeout=WAIT_MS)  # no reload: the live stream brought it
    await expect(bubble).to_be_visible()
    await shoot(asker.page, request, "bubble")
    await open_notification_and_accept(asker, post_id, marker)
    await shoot(asker.page, request, "accepted")
    asker.assert_clean()
    answerer.assert_clean()


async def test_answer_reaches_the_inbox_and_is_accepted(
    web_url: str, browser: Browser, request: pytest.FixtureRequest
) -> None:
    """The same story without relying on the live stream: the inbox shows the answer once notify has it."""
    asker = await sign_in(browser, web_url, "Femke de Vries")
    answerer = await sign_in(browser, web_url, "Ingrid Berg")
    await clear_inbox(asker)
    await asker.page.get_by_test_id("nav-home").click()
    marker = uuid.uuid4().hex[:8]
    post_id = await ask_question(asker, f"Who can lend me a projector? #q{marker}")
    await answer(answerer, web_url, post_id, f"Ask facilities, they have two ({marker})")

    link = asker.page.locator(f'[data-testid="notification"] a[href^="/posts/{post_id}"]')
    deadline = time.monotonic() + WAIT_MS / 1000
    while True:  # notify projects the comment asynchronously; open the inbox until it is there
        await asker.page.goto(f"{web_url}/notifications")
        await expect(asker.page.get_by_test_id("inbox")).to_be_attached(timeout=WAIT_MS)
        if await link.count() or time.monotonic() > deadline:
            break
        await asker.page.wait_for_timeout(500)
    await expect(link).to_be_visible()
    await expect(asker.page.get_by_test_id("bubble")).to_have_text(re.compile(r"^[1-9]"))
    await shoot(asker.page, request, "inbox")
    await open_notification_and_accept(asker, post_id, marker)
    await shoot(asker.page, request, "accepted")
    asker.assert_clean()
    answerer.assert_clean()


async def test_new_posts_arrive_while_reading(
    web_url: str, browser: Browser, request: pytest.FixtureRequest, demo_ids: Mapping[str, str]
) -> None:
    reader = await sign_in(browser, web_url, "Ingrid Berg")
    writer = await sign_in(browser, web_url, "Anna Holm")
    await reader.api(web_url, "PUT", f"/people/{demo_ids['anna']}/follow")
    await reader.page.reload()
    await expect(reader.page.get_by_test_id("post").first).to_be_visible(timeout=WAIT_MS)

    marker = uuid.uuid4().hex[:8]
    await writer.post(web_url, {"kind": "POST_KIND_DISCUSSION", "body": f"Cake in the kitchen ({marker})"})
    banner = reader.page.get_by_test_id("new-posts")
    await expect(banner).to_be_visible(timeout=WAIT_MS)  # no reload: the live stream named the post
    await expect(banner).to_contain_text("1")
    await expect(reader.page.get_by_test_id("post").filter(has_text=marker)).to_have_count(0)
    await shoot(reader.page, request, "banner")
    await banner.click()
    await expect(reader.page.get_by_test_id("post").first).to_contain_text(marker)
    await expect(banner).to_be_hidden()
    reader.assert_clean()


async def test_sign_out_everywhere_ends_the_persons_other_browsers(
    web_url: str, browser: Browser, request: pytest.FixtureRequest
) -> None:
    laptop = await sign_in(browser, web_url, "Ingrid Berg")
    phone = await sign_in(browser, web_url, "Ingrid Berg", viewport=PHONE)
    colleague = await sign_in(browser, web_url, "Anna Holm")
    await laptop.page.goto(f"{web_url}/people/me")
    everywhere = laptop.page.get_by_test_id("signout-everywhere")
    await expect(everywhere).to_be_visible(timeout=WAIT_MS)
    await shoot(laptop.page, request, "profile")
    await expect(phone.page.get_by_test_id("signin")).to_have_count(0)  # the control: the phone reads on
    await everywhere.click()
    await expect(laptop.page.get_by_test_id("signin")).to_be_visible(timeout=WAIT_MS)
    # the phone's open page is told by its live stream, without a reload or a click, and says why
    await expect(phone.page.get_by_test_id("signin-ended")).to_be_visible(timeout=WAIT_MS)
    await shoot(phone.page, request, "phone-signed-out")
    await phone.page.reload()  # over on the server, not only on the page
    await expect(phone.page.get_by_test_id("signin")).to_be_visible(timeout=WAIT_MS)
    await colleague.page.reload()  # someone else's session goes on
    await expect(colleague.page.get_by_test_id("composer")).to_be_visible(timeout=WAIT_MS)
    for person in (laptop, phone, colleague):
        person.assert_clean()


async def test_group_with_purpose_is_joined_and_posted_in(
    web_url: str, browser: Browser, request: pytest.FixtureRequest
) -> None:
    owner = await sign_in(browser, web_url, "Anna Holm")
    page = owner.page
    await page.get_by_test_id("nav-groups").click()
    form = page.locator("details.create-group")
    await form.locator("summary").click()
    name = f"Book club {uuid.uuid4().hex[:6]}"
    await form.locator('[name="name"]').fill(name)
    await form.locator('[name="purpose"]').fill("We read one book a month and talk about it over lunch.")
    await form.locator('[type="submit"]').click()
    await page.wait_for_url(re.compile(r"/groups/[0-9a-f-]{36}$"))
    await expect(page.locator("main h1")).to_have_text(name)
    await expect(page.locator(".purpose")).to_contain_text("one book a month")
    group_url = page.url

    member = await sign_in(browser, web_url, "Lars Mikkelsen", viewport=PHONE)
    await member.page.goto(group_url)
    await member.page.get_by_test_id("join-group").click()
    await expect(member.page.get_by_test_id("leave-group")).to_be_visible(timeout=WAIT_MS)
    text = f"Next month: a Danish crime novel ({uuid.uuid4().hex[:6]})"
    await member.page.get_by_test_id("composer-body").fill(text)
    await member.page.get_by_test_id("composer-submit").click()
    await expect(member.page.get_by_test_id("post").filter(has_text=text)).to_be_visible(timeout=WAIT_MS)
    await member.page.locator("details.members summary").click()
    await expect(member.page.locator(".member-list")).to_contain_text("Lars Mikkelsen", timeout=WAIT_MS)
    await shoot(member.page, request, "group-phone")
    assert await member.page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    await page.reload()
    await expect(page.get_by_test_id("post").filter(has_text=text)).to_be_visible(timeout=WAIT_MS)
    owner.assert_clean()
    member.assert_clean()


async def test_an_owner_invites_makes_an_admin_changes_the_purpose_and_archives(
    web_url: str, browser: Browser, request: pytest.FixtureRequest
) -> None:
    owner = await sign_in(browser, web_url, "Anna Holm")
    page = owner.page
    name = f"Pricing council {uuid.uuid4().hex[:6]}"
    group = {"name": name, "purpose": "Prices for next year", "visibility": "GROUP_VISIBILITY_PRIVATE"}
    created = await owner.api(web_url, "POST", "/groups", group)
    group_path = f"/groups/{created['group_id']}"
    group_url = f"{web_url}{group_path}"
    await page.goto(group_url)
    manage = page.get_by_test_id("manage-group")
    await manage.locator("summary").click()
    await page.get_by_test_id("invite-query").fill("Lars Mikkelsen")
    await manage.locator(".invite-list li").filter(has_text="Lars Mikkelsen").get_by_test_id("invite").click()
    await expect(manage.get_by_role("status")).to_contain_text("Lars Mikkelsen", timeout=WAIT_MS)

    member = await sign_in(browser, web_url, "Lars Mikkelsen", viewport=PHONE)
    invited = await member.api(web_url, "GET", group_path)
    assert invited["viewer_invited"] is True  # (his page is in Danish: "Accepter invitationen")
    await member.page.goto(group_url)
    await member.page.get_by_test_id("join-group").click()
    await expect(member.page.get_by_test_id("leave-group")).to_be_visible(timeout=WAIT_MS)

    await page.reload()
    row = page.locator(".member-list li").filter(has_text="Lars Mikkelsen")
    await row.get_by_test_id("member-role").select_option("MEMBER_ROLE_ADMIN")
    await expect(row.locator(".chip")).to_have_text(re.compile("Admin"), timeout=WAIT_MS)  # Anna reads Danish
    await manage.locator("summary").click()
    await page.locator("#edit-group-purpose").fill("Prices and discounts for next year")
    await manage.locator("form [type=submit]").click()
    await expect(page.locator(".purpose")).to_have_text("Prices and discounts for next year", timeout=WAIT_MS)
    await manage.locator("summary").click()
    await shoot(page, request, "manage")
    archive = page.get_by_test_id("archive-group")
    await archive.click()
    await expect(archive).to_have_attribute("data-armed", "1")  # two presses, no dialog
    await archive.click()
    await expect(page.get_by_test_id("manage-group")).to_have_count(0, timeout=WAIT_MS)
    await expect(page.get_by_test_id("composer")).to_have_count(0)
    assert (await owner.api(web_url, "GET", group_path))["archived"] is True
    owner.assert_clean()
    member.assert_clean()


async def test_a_tag_is_followed_from_its_page_and_brings_its_posts_home(
    web_url: str, browser: Browser, request: pytest.FixtureRequest
) -> None:
    writer = await sign_in(browser, web_url, "Lars Mikkelsen")
    tag = f"canteen{uuid.uuid4().hex[:6]}"
    post_id = await writer.post(web_url, {"body": f"Friday is taco day in the canteen #{tag}"})

    reader = await sign_in(browser, web_url, "Anna Holm", viewport=PHONE)
    page = reader.page
    author = (await reader.api(web_url, "GET", f"/posts/{post_id}"))["author_id"]
    await reader.api(web_url, "DELETE", f"/people/{author}/follow")  # her home shows the post only through the tag
    await page.goto(f"{web_url}/posts/{post_id}")
    await page.locator("a.hashtag", has_text=f"#{tag}").click()
    await page.wait_for_url(f"{web_url}/tags/{tag}")
    await expect(page.locator("main h1")).to_have_text(f"#{tag}")
    await expect(page.get_by_test_id("post").filter(has_text="taco day")).to_be_visible(timeout=WAIT_MS)
    follow = page.get_by_test_id("follow-tag")
    await expect(follow).to_have_attribute("aria-pressed", "false")
    offer = await follow.inner_text()  # in Anna's language
    await follow.click()
    await expect(follow).to_have_attribute("aria-pressed", "true", timeout=WAIT_MS)
    await expect(follow).not_to_have_text(offer)
    await shoot(page, request, "tag-phone")
    assert await page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    await page.reload()  # the page asks the feed, which remembers
    await expect(page.get_by_test_id("follow-tag")).to_have_attribute("aria-pressed", "true", timeout=WAIT_MS)
    await page.get_by_test_id("nav-home").click()
    await expect(page.get_by_test_id("post").filter(has_text="taco day")).to_be_visible(timeout=WAIT_MS)
    writer.assert_clean()
    reader.assert_clean()


async def test_phone_layout_has_no_horizontal_scroll(
    web_url: str, browser: Browser, request: pytest.FixtureRequest
) -> None:
    person = await sign_in(browser, web_url, "Ingrid Berg", viewport=PHONE)
    long_word = "Kantinebestyrelsesformandsstedfortræderens" * 6
    post_id = await person.post(web_url, {
        "kind": "POST_KIND_DISCUSSION",
        "body": f"{long_word} https://example.com/{'a' * 120} #{'lang' * 10}",
    })  # fmt: skip
    page = person.page
    for what, path in [("home", "/"), ("post", f"/posts/{post_id}"), ("search", "/search?q=hello"),
                       ("inbox", "/notifications")]:  # fmt: skip
        await page.goto(f"{web_url}{path}")
        await expect(page.locator("main h1")).to_be_visible(timeout=WAIT_MS)
        await expect(page.locator(".loading")).to_have_count(0, timeout=WAIT_MS)
        if what == "post":
            await expect(page.get_by_test_id("post")).to_contain_text("Kantinebestyrelses")
        await shoot(page, request, what)
        width = await page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"{what} is {width}px wide"
        await expect(page.get_by_test_id("nav-notifications")).to_be_visible()
    person.assert_clean()


async def test_danish_profile_gets_danish_page(web_url: str, browser: Browser, request: pytest.FixtureRequest) -> None:
    person = await sign_in(browser, web_url, "Lars Mikkelsen")  # profile locale "da"; the browser says en-US
    page = person.page
    await expect(page.locator("html")).to_have_attribute("lang", "da")
    await expect(page.get_by_test_id("nav-home")).to_contain_text("Hjem")
    await expect(page.get_by_test_id("nav-search")).to_contain_text("Søg")
    await expect(page.get_by_test_id("composer-submit")).to_have_text("Del")
    await page.get_by_test_id("nav-search").click()
    await expect(page.get_by_text("Kun ubesvarede spørgsmål")).to_be_visible()
    await shoot(page, request, "search")
    person.assert_clean()


async def test_keyboard_alone_posts(web_url: str, browser: Browser, request: pytest.FixtureRequest) -> None:
    person = await sign_in(browser, web_url, "Anna Holm")
    page = person.page
    await page.reload()
    await expect(page.get_by_test_id("composer")).to_be_visible(timeout=WAIT_MS)

    await page.keyboard.press("Tab")
    skip = page.locator(":focus")
    await expect(skip).to_have_class(re.compile("skip-link"))  # the first stop skips the navigation

    async def tab_to(testid: str) -> None:
        for _ in range(40):
            await page.keyboard.press("Tab")
            if await page.evaluate("document.activeElement && document.activeElement.dataset.testid") == testid:
                return
        raise AssertionError(f"Tab never reached {testid}")

    await tab_to("composer-body")
    text = f"Typed without a mouse {uuid.uuid4().hex[:8]}"
    await page.keyboard.type(text)
    await tab_to("composer-submit")
    await shoot(page, request, "focus")
    await page.keyboard.press("Enter")
    await expect(page.get_by_test_id("post").filter(has_text=text)).to_be_visible(timeout=WAIT_MS)
    await expect(page.get_by_test_id("composer-body")).to_have_value("")
    person.assert_clean()


async def test_user_text_is_shown_never_run(web_url: str, browser: Browser, request: pytest.FixtureRequest) -> None:
    person = await sign_in(browser, web_url, "Sven Lindqvist")
    page = person.page
    attack = "<img src=x onerror=alert(1)>"
    await page.get_by_test_id("composer-body").fill(attack)
    await page.get_by_test_id("composer-submit").click()
    card = page.get_by_test_id("post").filter(has_text=attack)
    await expect(card).to_be_visible(timeout=WAIT_MS)
    await expect(card.locator(".post-body")).to_have_text(attack)
    assert await page.locator("main img").count() == 0
    post_id = await card.get_attribute("data-post-id")
    await page.goto(f"{web_url}/posts/{post_id}")
    await expect(page.get_by_test_id("post").locator(".post-body")).to_have_text(attack, timeout=WAIT_MS)
    assert await page.locator("main img").count() == 0
    await shoot(page, request, "post")
    person.assert_clean()  # no alert dialog, no script error


async def test_the_community_manager_works_from_the_inbox_and_the_figures_on_a_phone(
    web_url: str, browser: Browser, request: pytest.FixtureRequest
) -> None:
    person = await sign_in(browser, web_url, "Camilla Rask", viewport=PHONE)
    page = person.page
    await page.get_by_test_id("nav-profile").click()  # on a phone the dashboard is a link of one's profile
    await page.get_by_test_id("own-community").click()
    await expect(page.get_by_test_id("inbox")).to_be_visible(timeout=WAIT_MS)
    # Camilla's profile is Danish
    await expect(page.get_by_test_id("inbox")).to_contain_text("Spørgsmål, der venter ud over målet")
    shown = {"inbox": "inbox", "participation": "tiers", "questions": "answer-times",
             "groups": "group-health", "leaders": "leaders", "announcements": "community-announcements"}  # fmt: skip
    for tab, testid in shown.items():
        await page.get_by_test_id(f"tab-{tab}").click()
        await expect(page.get_by_test_id(testid)).to_be_visible(timeout=WAIT_MS)
        await expect(page.locator(".loading")).to_have_count(0, timeout=WAIT_MS)
        await expect(page.locator(".problem")).to_have_count(0)
        await shoot(page, request, tab)
        width = await page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"{tab} is {width}px wide"
    await page.get_by_test_id("tab-participation").click()
    await expect(page.get_by_test_id("tiers")).to_contain_text("Skrev opslag")
    async with page.expect_download() as started:
        await page.get_by_role("link", name="Hent som CSV").first.click()
    download = await started.value
    text = await asyncio.to_thread(Path(await download.path()).read_text, encoding="utf-8")
    header = text.splitlines()[0]
    assert header.startswith("start,population,creators,contributors,reactors,readers,inactive")
    person.assert_clean()


async def test_a_leader_is_shown_whom_to_thank_and_a_colleague_no_figures(
    web_url: str, browser: Browser, request: pytest.FixtureRequest, demo_ids: Mapping[str, str]
) -> None:
    colleague = await sign_in(browser, web_url, "Lars Mikkelsen")
    await expect(colleague.page.get_by_test_id("nav-home")).to_be_visible()
    await expect(colleague.page.get_by_test_id("nav-community")).to_have_count(0)
    # a colleague praises one of the CEO's people, whom no leader has recognised this week (in the demo's
    # last five working days no leader replied to, reacted to or praised Morten)
    praise = await colleague.post(web_url, {"kind": "POST_KIND_PRAISE", "praised_user_ids": [demo_ids["morten"]],
                                            "body": "Thank you for landing the Bergen port deal!"})  # fmt: skip

    leader = await sign_in(browser, web_url, "Christian Vestergaard")
    listed = leader.page.get_by_test_id("thanks").locator("li")
    deadline = time.monotonic() + WAIT_MS / 1000
    while True:  # insights counts the praise asynchronously; open the page until someone is listed
        await leader.page.goto(f"{web_url}/community")
        await expect(leader.page.get_by_test_id("community-thanks")).to_be_visible(timeout=WAIT_MS)
        await expect(leader.page.locator(".loading")).to_have_count(0, timeout=WAIT_MS)
        if await listed.count() or time.monotonic() > deadline:
            break
        await leader.page.wait_for_timeout(500)
    # Morten, for the praise (its link; the page is in the leader's language)
    await expect(listed.filter(has_text="Morten Haugen").locator(f'a[href="/posts/{praise}"]')).to_have_count(1)
    # the page lists exactly whom the figure names
    expected = [c["person"]["display_name"] for c in (await leader.api(web_url, "GET", "/insights/thanks"))["people"]]
    await expect(listed).to_have_count(len(expected))
    for name in expected:
        await expect(listed.filter(has_text=name)).to_have_count(1)
    await expect(leader.page.get_by_test_id("tab-inbox")).to_have_count(0)  # the inbox is the community manager's
    await shoot(leader.page, request, "thanks")
    leader.assert_clean()
    colleague.assert_clean()


def test_every_language_has_every_word() -> None:
    english = json.loads((I18N / "en.json").read_text())
    for language in ("da", "nb", "sv", "nl"):
        words = json.loads((I18N / f"{language}.json").read_text())
        assert set(words) == set(english), language
        for key, value in english.items():
            if isinstance(value, dict):
                assert isinstance(words[key], dict) and "other" in words[key], (language, key)
            placeholders = set(re.findall(r"\{(\w+)\}", json.dumps(value)))
            assert placeholders == set(re.findall(r"\{(\w+)\}", json.dumps(words[key]))), (language, key)


async def test_api_docs_page_lists_operations_by_tag(
    web_url: str, browser: Browser, request: pytest.FixtureRequest
) -> None:
    context = await browser.new_context(viewport=PHONE)
    person = Person(context, await context.new_page())
    page = person.page
    await page.goto(f"{web_url}/api/v1/docs")
    comments = page.locator("#op-addComment")
    await expect(comments).to_contain_text("/posts/{post_id}/comments", timeout=WAIT_MS)
    await expect(comments).to_contain_text("parent_comment_id")  # the body's fields
    await expect(page.locator("section.tag h2")).to_have_count(7)  # posts, groups, people, notifications, …, insights
    await page.get_by_label("Filter the operations").fill("/leaderboard")  # GET /leaderboard and a group's
    await expect(page.locator(".operation:visible")).to_have_count(2)
    assert await page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    await shoot(page, request, "docs")
    person.assert_clean()
