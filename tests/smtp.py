"""A real SMTP server on loopback (aiosmtpd) for tests, which can be told to answer 4xx or 5xx."""

from __future__ import annotations

import email
import socket
import threading
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import Message
from typing import Any

from aiosmtpd.controller import Controller

from notifications.mail_settings import SmtpSettings
from notifications.senders import SmtpSender


@dataclass
class Received:
    sender: str
    recipients: list[str]
    data: bytes

    @property
    def message(self) -> Message:
        return email.message_from_bytes(self.data)


@dataclass
class Handler:
    """Keeps what it receives; answers with the scripted replies first (e.g. '451 ...', '550 ...')."""

    received: list[Received] = field(default_factory=list)
    replies: deque[str] = field(default_factory=deque)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 (aiosmtpd's name)
        with self.lock:
            if self.replies:
                return self.replies.popleft()
            self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class SmtpServer:
    def __init__(self, handler: Any = None) -> None:
        self.handler = handler if handler is not None else Handler()
        self.port = free_port()
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)

    def start(self) -> SmtpServer:
        self.controller.start()
        return self

    def stop(self) -> None:
        self.controller.stop()

    @property
    def received(self) -> list[Received]:
        with self.handler.lock:
            return list(self.handler.received)

    def answer(self, *replies: str) -> None:
        """The next DATA commands get these replies (then 250 again)."""
        with self.handler.lock:
            self.handler.replies.extend(replies)

    def settings(self) -> SmtpSettings:
        return SmtpSettings("127.0.0.1", self.port, "none", timeout=10)

    def sender(self) -> SmtpSender:
        return SmtpSender(self.settings())


@contextmanager
def smtp_server(handler: Any = None) -> Iterator[SmtpServer]:
    """A server on a free loopback port, with `handler` (default: a `Handler`) answering."""
    server = SmtpServer(handler).start()
    try:
        yield server
    finally:
        server.stop()
