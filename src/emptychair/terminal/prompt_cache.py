"""What prompt_toolkit builds anew for every prompt, built once per process.

A meeting is a few hundred prompts, and every one is a new `Application`:
- `load_key_bindings()` and `load_page_navigation_bindings()` build several hundred emacs, vi and
  mouse bindings and their caches (about 15 ms a prompt). They hold no state of their own (their
  filters and handlers read the running application), so one set serves every prompt. The vi
  bindings (more than half of them) are left out: no prompt here edits in vi mode, and every key
  pressed is looked up through all of them.
- The style of every prompt is the same few hundred rules (prompt_toolkit's, questionary's and
  ours), parsed again into a `Style` for each new application (about 5 ms a prompt). A `Style` is
  never changed once made, so one per set of rules serves every prompt.
- For every key pressed, prompt_toolkit walks the whole layout several times to find which
  controls it holds, only to look up the key bindings it has already merged for them. A layout
  changes what it holds only where a `DynamicContainer` holds something else than before (a
  prompt's frame holds its body so), so each is walked again only then.
- Every prompt sets and removes its SIGINT and SIGWINCH handlers, and asyncio checks each signal
  against `signal.valid_signals()`, which makes its 65 `Signals` members anew every time (a few
  percent of a prompt). The signals a process may handle do not change while it runs.
"""

from __future__ import annotations

import functools
import signal
from dataclasses import dataclass

from prompt_toolkit.application import application
from prompt_toolkit.filters import buffer_has_focus
from prompt_toolkit.key_binding.bindings.basic import load_basic_bindings
from prompt_toolkit.key_binding.bindings.cpr import load_cpr_bindings
from prompt_toolkit.key_binding.bindings.emacs import (
    load_emacs_bindings,
    load_emacs_search_bindings,
    load_emacs_shift_selection_bindings,
)
from prompt_toolkit.key_binding.bindings.mouse import load_mouse_bindings
from prompt_toolkit.key_binding.bindings.page_navigation import load_emacs_page_navigation_bindings
from prompt_toolkit.key_binding.key_bindings import (
    ConditionalKeyBindings,
    KeyBindingsBase,
    merge_key_bindings,
)
from prompt_toolkit.layout.containers import Container, DynamicContainer, Window
from prompt_toolkit.layout.controls import UIControl
from prompt_toolkit.layout.layout import Layout, walk
from prompt_toolkit.styles import style

_VALID_SIGNALS = signal.valid_signals
_STYLES: dict[tuple[tuple[str, str], ...], style.Style] = {}


@functools.cache
def load_key_bindings() -> KeyBindingsBase:
    """prompt_toolkit's `load_key_bindings` without the vi bindings."""
    editing = merge_key_bindings(
        [
            load_basic_bindings(),
            load_emacs_bindings(),
            load_emacs_search_bindings(),
            load_emacs_shift_selection_bindings(),
        ]
    )
    return merge_key_bindings(
        [ConditionalKeyBindings(editing, buffer_has_focus), load_mouse_bindings(), load_cpr_bindings()]
    )


@functools.cache
def load_page_navigation_bindings() -> KeyBindingsBase:
    return ConditionalKeyBindings(load_emacs_page_navigation_bindings(), buffer_has_focus)


@functools.cache
def _valid() -> frozenset[signal.Signals]:
    return frozenset(_VALID_SIGNALS())


def valid_signals() -> set[signal.Signals]:
    return set(_valid())  # a set of its own, as `signal.valid_signals` gives


def _merged_style(self: style._MergedStyle) -> style.Style:
    def get() -> style.Style:
        rules = tuple(self.style_rules)
        made = _STYLES.get(rules)
        if made is None:
            made = _STYLES[rules] = style.Style(list(rules))
        return made

    return self._style.get(self.invalidation_hash(), get)


@dataclass(frozen=True)
class _Walked:
    """What a layout held when it was last walked, and what each of its DynamicContainers held."""

    root: Container
    dynamic: tuple[tuple[DynamicContainer, Container], ...]
    controls: frozenset[UIControl]

    def holds(self, root: Container) -> bool:
        return root is self.root and all(d.get_children()[0] is held for d, held in self.dynamic)


def _controls(layout: Layout) -> frozenset[UIControl]:
    walked: _Walked | None = getattr(layout, "_walked", None)
    if walked is None or not walked.holds(layout.container):
        containers = list(walk(layout.container))
        dynamic = tuple((c, c.get_children()[0]) for c in containers if isinstance(c, DynamicContainer))
        controls = frozenset(c.content for c in containers if isinstance(c, Window))
        walked = _Walked(layout.container, dynamic, controls)
        layout._walked = walked  # type: ignore[attr-defined]  # kept as long as the layout, no longer
    return walked.controls


def _key_bindings(self: application._CombinedRegistry) -> KeyBindingsBase:
    window = self.app.layout.current_window
    controls = _controls(self.app.layout)
    return self._cache.get((window, controls), lambda: self._create_key_bindings(window, list(controls)))


def build_once() -> None:
    signal.valid_signals = valid_signals
    application.load_key_bindings = load_key_bindings  # type: ignore[attr-defined]
    application.load_page_navigation_bindings = load_page_navigation_bindings  # type: ignore[attr-defined]
    application._CombinedRegistry._key_bindings = property(_key_bindings)  # type: ignore[method-assign,assignment]
    style._MergedStyle._merged_style = property(_merged_style)  # type: ignore[method-assign,assignment]
