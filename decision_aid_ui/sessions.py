"""Kept sessions: only the tab that owns one may rejoin it (or fetch its downloads), enough of
them are kept, and no client can wipe one.

Rejoining. A browser that lost its connection asks to rejoin its session by the session's id
(the third entry of the WebSocket's subprotocol header). Streamlit 1.67 checks nothing else, and
the id also appears in every upload's address (``/_stcore/upload_file/<session id>/...``), so
anyone who read it in a log could take over a person's kept session and download their answers
(security review 2026-12-07, M3). Here the server gives each session a second secret, the tab
key: an HMAC of its id under a key this process made at start and never writes anywhere. It
reaches only the session's own tab, in the page (``page_scripts``); the page's script adds it to
the rejoin request (``<session id>.<tab key>``), and a request without the right key gets a new,
empty session. A restarted process makes a new key: its old sessions are gone anyway.

Keeping. Streamlit keeps a disconnected session in a store of fixed size 128 (not configurable
in 1.67): at 150 people per replica that turned over in 8.5-17 minutes, not the 20 the config
sets (M4). ``install`` widens it to ``KEPT_SESSIONS``, the planned number (docs/deploy.md).
"""

from __future__ import annotations

import copy
import functools
import hashlib
import hmac
import os
import secrets
import threading
from collections.abc import Iterable
from typing import Any

from streamlit.runtime import Runtime
from streamlit.runtime.app_session import AppSession
from streamlit.runtime.caching.ttl_cache import TTLCache
from streamlit.runtime.media_file_storage import MediaFileStorageError
from streamlit.runtime.memory_session_storage import MemorySessionStorage
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

KEPT_SESSIONS = 400
"""Disconnected sessions kept per process: 150 people per replica whose walks take 10-20
minutes leave at up to 15 a minute, so up to 300 leave within the 20 minutes a session is kept;
a third more for bursts (docs/deploy.md, "Sizing")."""

_PROCESS_KEY = secrets.token_bytes(32)


def tab_key(session_id: str) -> str:
    """The secret that lets the tab holding ``session_id`` (and nobody else) rejoin it."""
    return hmac.new(_PROCESS_KEY, session_id.encode(), hashlib.sha256).hexdigest()[:32]


def rejoin_id(session_id: str) -> str:
    """What the tab sends to rejoin its session: the id and its tab key."""
    return f"{session_id}.{tab_key(session_id)}"


def checked(requested: str | None) -> str | None:
    """The session id to rejoin, if ``requested`` carries its tab key; else None (a new session)."""
    if not requested:
        return None
    session_id, _, key = requested.rpartition(".")
    if session_id and hmac.compare_digest(key.encode(), tab_key(session_id).encode()):
        return session_id
    return None


def adopt(requested: str, keys: Iterable[str]) -> dict[str, Any] | None:
    """The values of ``keys`` in the kept session that ``requested`` names with its tab key (a
    tab that reloaded: its old session is kept, disconnected), copied; that session is then
    ended, so its answers live on only here. None when the key is wrong, the session is gone or
    in use, or it is this one."""
    session_id, ctx = checked(requested), get_script_run_ctx()
    if session_id is None or ctx is None or session_id == ctx.session_id or not Runtime.exists():
        return None
    manager = Runtime.instance()._session_mgr
    storage = getattr(manager, "_session_storage", None)
    lock = getattr(manager, "_storage_lock", None)
    if storage is None or lock is None:
        return None
    with lock:
        info = storage.get(session_id)
        if info is None:
            return None
        storage.delete(session_id)
    old = info.session.session_state
    values = {k: copy.deepcopy(old[k]) for k in keys if k in old}
    info.session.shutdown()
    return values


def kept_seconds() -> int:
    """How long a session is kept once its page is gone (``server.disconnectedSessionTTL``)."""
    from streamlit import config

    return int(config.get_option("server.disconnectedSessionTTL") or 0)


def current_rejoin_id() -> str:
    """The rejoin id of the session running this script ("" outside a script run)."""
    ctx = get_script_run_ctx()
    return rejoin_id(ctx.session_id) if ctx is not None else ""


def install() -> None:
    """Check tab keys on every rejoin, keep ``KEPT_SESSIONS`` sessions, serve a download only
    while its page is connected, and ignore clients' requests to clear caches (idempotent)."""
    _guard_rejoin()
    _ignore_clear_cache()
    if Runtime.exists():
        widen(Runtime.instance())
        guard_downloads(Runtime.instance())


def guard_downloads(runtime: Runtime) -> bool:
    """Serve a file at ``/media/<id>`` only while a page it was made for is connected.

    Streamlit serves it to anyone with the address for as long as the session is kept (20
    minutes after the tab went away: review M3). A person downloads from a connected page; a
    locked phone that rejoins its session gets its files back with it. Returns whether the
    guard is in place.
    """
    storage = getattr(getattr(runtime, "media_file_mgr", None), "_storage", None)
    if storage is None or not hasattr(storage, "get_file"):
        return False
    if getattr(storage, "_aid_guarded", False):
        return True
    original_file, original_url = storage.get_file, storage.get_url
    making = threading.local()  # get_url looks the file up while a page is being drawn

    def get_url(file_id: str) -> Any:
        making.on = True
        try:
            return original_url(file_id)
        finally:
            making.on = False

    def get_file(filename: str) -> Any:
        found = original_file(filename)
        if getattr(making, "on", False):
            return found
        if not _for_a_connected_page(runtime, os.path.splitext(filename)[0]):
            raise MediaFileStorageError("no connected page holds this file")
        return found

    storage.get_url, storage.get_file = get_url, get_file
    storage._aid_guarded = True
    return True


def _for_a_connected_page(runtime: Runtime, file_id: str) -> bool:
    # No lock: Streamlit holds its media lock while it makes a URL, and list() of a dict is
    # one step under the GIL.
    files = list(runtime.media_file_mgr._files_by_session_and_coord.items())
    owners = [sid for sid, by_place in files if file_id in list(by_place.values())]
    return any(runtime._session_mgr.is_active_session(sid) for sid in owners)


@functools.cache
def _guard_rejoin() -> None:
    # Wraps the one call through which every WebSocket gets its session (once per process).
    original = Runtime.connect_session

    def connect_session(self: Runtime, client: Any, user_info: Any,
                        existing_session_id: str | None = None,
                        session_id_override: str | None = None) -> str:
        return original(self, client, user_info, checked(existing_session_id),
                        session_id_override)

    Runtime.connect_session = connect_session  # type: ignore[method-assign]


@functools.cache
def _ignore_clear_cache() -> None:
    # Streamlit's "clear cache" (a key in the developer menu, which this app hides) empties the
    # shared caches for everyone and the sender's session state, which broke the sender's page
    # (review L5). Nothing a client sends may do either.
    def ignored(self: AppSession) -> None:
        return None

    AppSession._handle_clear_cache_request = ignored  # type: ignore[method-assign]


def widen(runtime: Runtime, size: int = KEPT_SESSIONS) -> int:
    """Let the runtime's store of disconnected sessions hold ``size``; returns its size now."""
    storage = getattr(getattr(runtime, "_session_mgr", None), "_session_storage", None)
    if not isinstance(storage, MemorySessionStorage):
        return 0
    cache = storage._cache
    if isinstance(cache, TTLCache) and cache.maxsize < size:
        # Sessions already kept move over (their time starts again: only at start-up, when
        # the first page runs, is there anything to move).
        wider: TTLCache[str, Any] = TTLCache(maxsize=size, ttl=cache.ttl, timer=cache.timer)
        wider.update(cache.items())
        storage._cache = wider
        cache = wider
    return int(cache.maxsize) if isinstance(cache, TTLCache) else 0
