"""prompt_toolkit's default key bindings, built once per process instead of once per prompt.

Every `Application` calls `load_key_bindings()` and `load_page_navigation_bindings()`, which build
several hundred emacs, vi and mouse bindings and their caches anew: about 15 ms of each prompt, and
a meeting is a few hundred prompts. The bindings hold no state of their own (their filters and
handlers read the running application), so one set serves every prompt.
"""

from __future__ import annotations

import functools

from prompt_toolkit.application import application


def build_once() -> None:
    for name in ("load_key_bindings", "load_page_navigation_bindings"):
        load = getattr(application, name)
        if not hasattr(load, "cache_info"):
            setattr(application, name, functools.cache(load))
