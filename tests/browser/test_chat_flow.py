"""A whole chat in Chromium: the widget embedded in a page of another origin, the customer
in one browser context and the agent in another (over the API with their token, and in the
console's chats view), a dropped connection that loses nothing, the offline fallback, and the
transcript by email.

pytest-django's live server speaks no WebSocket, so the widget falls back to its long
poll here: the fallback is what this test drives; the socket is tested in tests/chat/."""

import re
import threading
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.db import connections
from playwright.sync_api import expect

from realdesk.api.actions import token_create
from realdesk.chat.actions import availability_set
from realdesk.chat.models import ChatSession
from realdesk.comms.models import OutboundEmail
from realdesk.tickets.models import Message

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def shop(live_server):
    """The customer's own website: another origin (127.0.0.1 and its own port, where
    RealDesk's live server is localhost), serving one page with the one-line snippet."""
    html = (
        "<!doctype html><title>Shop</title><h1>Our shop</h1>"
        f'<script src="{live_server.url}/chat/widget.js" async></script>'
    ).encode()

    class Page(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(html)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Page)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def shop_page(browser, live_server, settings, shop):
    """The shop's page in a phone-sized browser context, the chat opened."""
    settings.BASE_URL = live_server.url
    settings.REALDESK_CHAT_ALLOWED_ORIGINS = [shop]
    settings.REALDESK_CHAT_POLL_SECONDS = 2

    def open_page():
        context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-US")
        context.set_default_timeout(10_000)
        page = context.new_page()
        page.goto(f"{shop}/")
        page.click("button:has-text('Chat with us')")
        return context, page.frame_locator("iframe")

    return open_page


def _ask(chat, question: str) -> None:
    chat.locator("input[name=name]").fill("Ana Ruiz")
    chat.locator("input[name=email]").fill("ana@example.com")
    chat.locator("textarea[name=question]").fill(question)
    chat.locator("button:has-text('Start the chat')").click()


def test_customer_and_agent_chat_through_a_dropped_connection(
    shop_page, agent, browser, live_server
):
    availability_set(agent=agent, state="available")
    context, chat = shop_page()
    _ask(chat, "Where is my order 123?")
    expect(chat.locator("#status")).to_contain_text("You are next.")
    expect(chat.locator("#messages")).to_contain_text("Where is my order 123?")
    session = ChatSession.objects.get()

    agent_context = browser.new_context()
    token = token_create(agent=agent, scope="write")[1]
    api = agent_context.request
    headers = {"Authorization": f"Bearer {token}"}
    waiting = api.get(f"{live_server.url}/api/v1/chats?status=waiting", headers=headers).json()
    assert [c["id"] for c in waiting["items"]] == [session.pk]
    assert api.post(f"{live_server.url}/api/v1/chats/{session.pk}/accept", headers=headers).ok
    expect(chat.locator("#status")).to_contain_text("An agent has joined the chat.")
    api.post(
        f"{live_server.url}/api/v1/chats/{session.pk}/messages",
        headers=headers,
        data={"body_text": "It left the warehouse today."},
    )
    expect(chat.locator("#messages")).to_contain_text("It left the warehouse today.")

    context.set_offline(True)  # the customer's network drops while they write
    chat.locator("textarea[name=body]").fill("Thanks! Tracking number?")
    chat.locator("#compose button").click()
    expect(chat.locator("li.pending")).to_have_count(1)
    context.set_offline(False)
    expect(chat.locator("li.pending")).to_have_count(0, timeout=15_000)
    assert Message.objects.filter(body_text="Thanks! Tracking number?").count() == 1

    api.post(f"{live_server.url}/api/v1/chats/{session.pk}/close", headers=headers)
    expect(chat.locator("#status")).to_contain_text("The chat has ended.")
    transcript = OutboundEmail.objects.get(subject__contains="transcript")
    assert "Thanks! Tracking number?" in transcript.body_text
    agent_context.close()
    context.close()


def test_with_nobody_online_the_widget_offers_the_request_form(shop_page, agent):
    context, chat = shop_page()
    _ask(chat, "Anyone there?")
    expect(chat.locator("#offline-text")).to_contain_text("Nobody can chat right now.")
    expect(chat.locator("#offline-link")).to_have_attribute(
        "href", re.compile(r"/support/requests/new/$")
    )
    assert not ChatSession.objects.exists()
    context.close()


def test_the_agent_accepts_and_answers_in_the_console(shop_page, agent, sign_in):
    """The console's chats view, polled: the waiting chat appears with the nav's count, the
    agent accepts it and answers there, and the customer's next words reach the console."""
    availability_set(agent=agent, state="available")
    context, chat = shop_page()
    _ask(chat, "Is the blue one in stock?")
    expect(chat.locator("#status")).to_contain_text("You are next.")

    page = sign_in(agent)
    expect(page.locator("[data-chats-waiting]")).to_have_text("1")
    expect(page.locator("select[name=state]")).to_have_value("available")
    page.click("nav[aria-label=Main] a:has-text('Chats')")
    queue = page.locator("[data-chat-queue]")
    expect(queue).to_contain_text("Is the blue one in stock?")
    queue.locator("button:has-text('Accept')").click()
    expect(page.locator("[data-chat-messages]")).to_contain_text("Is the blue one in stock?")
    expect(page.locator("#history")).to_be_visible()
    expect(chat.locator("#status")).to_contain_text("An agent has joined the chat.")

    page.fill("textarea[name=body]", "Yes, three left.")
    page.click("form.chat-reply button:has-text('Send')")
    expect(chat.locator("#messages")).to_contain_text("Yes, three left.")
    chat.locator("textarea[name=body]").fill("I'll take one.")
    chat.locator("#compose button").click()
    expect(page.locator("[data-chat-messages]")).to_contain_text("I'll take one.")

    page.click("button:has-text('Close the chat')")
    expect(chat.locator("#status")).to_contain_text("The chat has ended.")
    assert ChatSession.objects.get().agent == agent
    context.close()


def test_knowledge_answers_are_offered_first_never_forced(shop_page, agent):
    from factories import write_article

    write_article("refund", en=("How long does a refund take?", "Within five business days."))
    availability_set(agent=agent, state="available")
    context, chat = shop_page()
    _ask(chat, "How long does a refund take?")
    expect(chat.locator("#answer-list a")).to_have_text(["How long does a refund take?"])
    expect(chat.locator("#answer-list a")).to_have_attribute(
        "href", re.compile(r"/support/articles/refund/")
    )
    assert not ChatSession.objects.exists(), "nothing started yet"
    chat.locator("button:has-text('Start the chat anyway')").click()
    expect(chat.locator("#status")).to_contain_text("You are next.")
    assert ChatSession.objects.count() == 1
    context.close()


def test_past_the_wait_the_customer_leaves_it_with_us(shop_page, agent, settings):
    settings.REALDESK_CHAT_LEAVE_AFTER_SECONDS = 1
    availability_set(agent=agent, state="available")
    context, chat = shop_page()
    _ask(chat, "Can you change my address?")
    chat.locator("button:has-text('Leave it with us')").click()
    expect(chat.locator("#status")).to_contain_text("A person will answer by email")
    expect(chat.locator("#compose")).to_be_hidden()
    session = ChatSession.objects.get()
    assert session.status == "closed"
    assert OutboundEmail.objects.filter(subject__contains="answer your question by email").exists()
    context.close()


def test_the_support_center_carries_the_chat(browser, live_server, settings, agent):
    """Same origin as RealDesk: no allowed origin configured, the chat still works."""
    settings.BASE_URL = live_server.url
    settings.REALDESK_CHAT_ALLOWED_ORIGINS = []
    settings.REALDESK_CHAT_POLL_SECONDS = 2
    availability_set(agent=agent, state="available")
    context = browser.new_context(locale="en-US")
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto(f"{live_server.url}/support/")
    page.click("button:has-text('Chat with us')")
    chat = page.frame_locator("iframe")
    _ask(chat, "Do you ship to Norway?")
    expect(chat.locator("#status")).to_contain_text("You are next.")
    assert ChatSession.objects.get().ticket.subject == "Do you ship to Norway?"
    context.close()


def test_past_the_wait_the_customer_asks_for_a_call_back(shop_page, agent, settings):
    """A number that cannot be called is said so and kept; a good one ends the chat in a
    callback with the time they will have been called by."""
    from realdesk.voice.models import Callback

    settings.REALDESK_CHAT_LEAVE_AFTER_SECONDS = 1
    settings.REALDESK_CALLBACKS_ENABLED = True
    availability_set(agent=agent, state="available")
    context, chat = shop_page()
    _ask(chat, "Can we talk about my contract?")
    phone = chat.locator("#callback input[name=phone]")
    phone.fill("call me")
    chat.locator("button:has-text('Call me back')").click()
    expect(chat.locator("#callback-error")).to_be_visible()
    expect(phone).to_have_value("call me")
    assert ChatSession.objects.get().status == "waiting", "nothing lost: still in line"
    phone.fill("+1 415 555 0100")
    chat.locator("button:has-text('Call me back')").click()
    status = chat.locator("#status")
    expect(status).to_contain_text(re.compile(r"We will call you on \+14155550100 .+ \(by .+\)"))
    expect(chat.locator("#compose")).to_be_hidden()
    callback = Callback.objects.get()
    assert callback.ticket == ChatSession.objects.get().ticket
    context.close()


def _off_loop(action, **kwargs):
    """An action that pushes to sockets, run beside Playwright's event loop: the channel
    layer's sync wrapper refuses the thread the loop runs in."""

    def run():
        try:
            return action(**kwargs)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(run).result()


def test_files_typing_and_read_state_in_the_widget(shop_page, agent, live_server):
    """The customer sends a file with the paper clip; the agent's typing, reading and file
    reach the widget (through the long poll here), the file as a download."""
    from realdesk.chat.actions import (
        ChatFile,
        chat_accept,
        chat_agent_read,
        chat_agent_typing,
        chat_close,
        chat_reply,
    )
    from realdesk.tickets.models import Attachment

    availability_set(agent=agent, state="available")
    context, chat = shop_page()
    _ask(chat, "The parcel arrived broken")
    expect(chat.locator("#status")).to_contain_text("You are next.", timeout=20_000)
    png = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
    chat.locator("#file").set_input_files(
        files=[{"name": "broken.png", "mimeType": "image/png", "buffer": png}]
    )
    expect(chat.locator("#messages a.file")).to_have_text("broken.png")
    assert Attachment.objects.get().content_type == "image/png"

    session = _off_loop(chat_accept, session=ChatSession.objects.get(), agent=agent)
    expect(chat.locator("#status")).to_contain_text("An agent has joined the chat.")
    _off_loop(chat_agent_read, session=session, agent=agent)
    expect(chat.locator("#messages li.customer .seen").first).to_have_text("Read")
    _off_loop(chat_agent_typing, session=session, agent=agent)
    expect(chat.locator("#typing")).to_have_text("The agent is typing…")
    label = ChatFile("label.pdf", b"%PDF-1.4")
    _off_loop(chat_reply, session=session, agent=agent, body_text="", file=label)
    link = chat.locator("#messages li.agent a.file")
    expect(link).to_have_text("label.pdf")
    expect(chat.locator("#typing")).to_be_hidden()
    with context.pages[0].expect_download() as download:
        link.click()
    assert download.value.suggested_filename == "label.pdf"
    _off_loop(chat_close, session=session, actor=agent)  # the widget's long poll ends with it
    expect(chat.locator("#status")).to_contain_text("The chat has ended.")
    context.close()
