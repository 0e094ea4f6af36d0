"""Who is acting: the OS login of the process, the database's authenticated role, or a declared login.

`--as`/`RTO_USER` is honoured only where the identity source is `declared` (single-user trials, the demo, test
suites); under `os` and `database` naming anyone else is impersonation, refused before anything is read. The OS
login is the process's effective user as the system knows it, not $USER or $LOGNAME, which anyone can set.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable

from states.errors import ConfigError, InvalidInput, NotPermitted


def os_login() -> str:
    """The effective user of this process, from the password database (not from the environment)."""
    if hasattr(os, "geteuid"):
        import pwd

        try:
            return pwd.getpwuid(os.geteuid()).pw_name
        except KeyError:  # a uid without a name (a container's): its number is who it is
            return str(os.geteuid())
    import getpass  # Windows: the account name Windows reports

    return getpass.getuser()


def acting_login(source: str, declared: str | None, database_login: Callable[[], str]) -> str:
    """The login the command acts as, under `source` (os | database | declared)."""
    if declared is not None and not declared.strip():
        raise InvalidInput("bad_login", value=declared)
    if source == "declared":
        return declared or os_login()
    actual = os_login() if source == "os" else database_login()
    if declared is not None and declared != actual:
        raise NotPermitted("impersonation", login=declared, actual=actual, source=source)
    return actual


def database_login(dialect: str, session_user: Callable[[], str]) -> str:
    if dialect != "postgresql":
        raise ConfigError("identity_needs_postgres", dialect=dialect)
    return session_user()


def warn_declared(shared: bool, say: Callable[[str], None], message: str) -> None:
    """On a shared database, a person at a terminal is told that logins are taken as declared."""
    if shared and sys.stderr.isatty():
        say(message)
