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
"""

from __future__ import annotations

import functools

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
from prompt_toolkit.styles import style

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


def _merged_style(self: style._MergedStyle) -> style.Style:
    def get() -> style.Style:
        rules = tuple(self.style_rules)
        made = _STYLES.get(rules)
        if made is None:
            made = _STYLES[rules] = style.Style(list(rules))
        return made

    return self._style.get(self.invalidation_hash(), get)


def build_once() -> None:
    application.load_key_bindings = load_key_bindings  # type: ignore[attr-defined]
    application.load_page_navigation_bindings = load_page_navigation_bindings  # type: ignore[attr-defined]
    style._MergedStyle._merged_style = property(_merged_style)  # type: ignore[method-assign,assignment]
