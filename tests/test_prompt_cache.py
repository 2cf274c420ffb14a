"""What prompt_toolkit builds once per process still answers every key as a fresh build would."""

from __future__ import annotations

from prompt_toolkit.application import Application
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent
from prompt_toolkit.layout import DynamicContainer, HSplit, Layout, Window
from prompt_toolkit.layout.controls import FormattedTextControl

from emptychair.terminal.prompt_cache import build_once
from tests.conftest import pipe_keys

build_once()  # as the first prompt of a meeting does


def _answering(word: str) -> Window:
    """A window whose control answers q with `word`, wherever the focus is."""
    bindings = KeyBindings()

    @bindings.add("q", is_global=True)
    def _answer(event: KeyPressEvent) -> None:
        event.app.exit(result=word)

    return Window(FormattedTextControl(word, key_bindings=bindings))


def test_a_layout_that_changes_what_it_holds_is_asked_again_for_every_key() -> None:
    one, two = _answering("one"), _answering("two")
    shown = [one]
    switch = KeyBindings()

    @switch.add("x")
    def _switch(event: KeyPressEvent) -> None:
        shown[0] = two

    focused = Window(FormattedTextControl("here", focusable=True))
    layout = Layout(HSplit([focused, DynamicContainer(lambda: shown[0])]), focused_element=focused)
    answers: list[str] = []
    with pipe_keys() as pipe:
        for typed in ("q", "xq"):
            pipe.send_text(typed)
            answers.append(Application(layout=layout, key_bindings=switch).run())
    assert answers == ["one", "two"]


def test_a_layout_that_never_changes_answers_each_of_its_keys() -> None:
    focused = Window(FormattedTextControl("here", focusable=True))
    layout = Layout(HSplit([focused, _answering("one")]), focused_element=focused)
    with pipe_keys() as pipe:
        pipe.send_text("aq")
        assert Application(layout=layout).run() == "one"


def test_the_signals_asyncio_checks_against_are_the_process_own_each_time_a_set_of_their_own() -> None:
    import signal

    from emptychair.terminal import prompt_cache

    first = signal.valid_signals()
    assert signal.valid_signals is not prompt_cache._VALID_SIGNALS  # the one made once is asked
    assert first == prompt_cache._VALID_SIGNALS()
    first.clear()  # what one caller does to its set, the next does not see
    assert signal.SIGWINCH in signal.valid_signals()
