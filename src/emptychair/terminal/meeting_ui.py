"""The meeting in the terminal: prompts that feed events to the core, and what to show after each.

Every prompt goes through `Prompter`, which turns Ctrl-C and Ctrl-D into `Interrupted` carrying
the text typed so far; `MeetingUI.run` asks what to do then, and nothing typed is lost.
"""

from __future__ import annotations

import bisect
import errno
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from datetime import date, datetime
from typing import Any, Literal, TypeVar, assert_never

import questionary
from prompt_toolkit import PromptSession, print_formatted_text
from prompt_toolkit.application import Application, AppSession, get_app_session, run_in_terminal
from prompt_toolkit.completion import CompleteEvent, Completer, Completion
from prompt_toolkit.document import Document
from prompt_toolkit.filters import Condition
from prompt_toolkit.formatted_text import FormattedText, StyleAndTextTuples, to_formatted_text
from prompt_toolkit.history import DummyHistory
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent, merge_key_bindings
from prompt_toolkit.keys import Keys
from prompt_toolkit.layout import FormattedTextControl, Layout, Window
from prompt_toolkit.layout.processors import Processor, Transformation, TransformationInput
from prompt_toolkit.layout.utils import explode_text_fragments
from prompt_toolkit.lexers import SimpleLexer
from questionary.prompts.common import InquirerControl
from questionary.styles import merge_styles_default
from rich.console import Console
from rich.text import Text

from emptychair.app.meeting import Outcome
from emptychair.core.checkin import Checkin
from emptychair.core.dates import clock_text, suggestions
from emptychair.core.ids import new_record_id
from emptychair.core.line import (
    ACTION,
    DECISION,
    NOTE,
    STORY,
    Aside,
    Command,
    Consent,
    Entry,
    has_due,
    looks_stray,
    parse_change,
    parse_entry,
    read_guests,
    read_line,
    recognition_line,
    words,
)
from emptychair.core.meeting import (
    ATTENDANCE,
    CALLED,
    CHAIR,
    FOLLOWUP,
    ITEM,
    TIMED,
    ActionTaken,
    Answered,
    Assigned,
    Attended,
    Back,
    Called,
    ConsentAsked,
    ConsentDecided,
    CustomerSaid,
    Ended,
    Entered,
    Event,
    FollowedUp,
    Introduced,
    Meeting,
    MeetingRated,
    Next,
    OpenAction,
    Parked,
    Paused,
    Rated,
    Recognized,
    Resumed,
    Skipped,
    Stays,
    TopicAdded,
    VoteAsked,
    apply,
    asks_customer,
    previous_item,
    still_to_come,
    take_back,
    worded,
)
from emptychair.core.minutes import (
    DONE,
    DROPPED,
    OPEN,
    RATINGS,
    Action,
    ActionStatus,
    FollowUp,
    Rating,
    colour_key,
    moment_key,
    rating_key,
)
from emptychair.core.questions import CUSTOMER, Question, Recall
from emptychair.core.quotes import Heard, Quote, quote_line
from emptychair.errors import EmptyChairError, Hangup, Interrupted, problem
from emptychair.locale import marker_words, tr
from emptychair.terminal import dilemma_round, panels, signals
from emptychair.terminal.prompt_cache import build_once
from emptychair.text import visible, visible_each

Clock = Callable[[], datetime]
FU_CHOICES: tuple[ActionStatus | Literal["note", "pass", "rest"], ...] = (
    DONE, "note", OPEN, DROPPED, "pass", "rest",
)  # fmt: skip  # in the order of the catalogue's fu_keys
T = TypeVar("T")
ASKING_FIRST = "ask_first"  # a draft stopped at the ask-first question
ASK_FIRST = ("amber", "red")  # where a solution is about to be sought: is the need known first?
CHECK = "chair-check"  # the id of the customer's check after a decision
STYLE = questionary.Style([("qmark", "fg:ansicyan bold"), ("answer", "")])
HABIT = 0.6  # seconds: an Enter this soon after a one-key answer was typed by habit, not for the next prompt
# What may differ from one typed line to the next, and what it is when a line does not say.
LINE_PARTS: dict[str, Any] = {"bottom_toolbar": None, "rprompt": None, "placeholder": None, "completer": None,
                              "complete_while_typing": True, "refresh_interval": 0}  # fmt: skip


class Prompter:
    """Real questionary prompts in the meeting's language; the one place that knows how questionary
    signals Ctrl-C and Ctrl-D. Where questionary has fixed English words of its own (the checkbox's
    "done (3 selections)", confirm's "(y/N)"), they are replaced.

    It is also the one place prompts are built, so every one shows text from users and files (item
    titles, names, what was typed) as text: each message, choice, toolbar and completion passes
    through `visible`, and what is typed or given as the default is shown so while it stays exact.
    """

    def __init__(self, lang: str = "en") -> None:
        self.lang = lang
        self.keyed_at: float | None = None  # when a key alone last answered a prompt (time.monotonic)
        self._lines: tuple[AppSession, PromptSession[str]] | None = None
        build_once()

    def text(self, message: str, default: str = "", **session: Any) -> str:
        """A line typed, as questionary's text prompt asks it (`session`: what may differ from one
        line to the next, each as PromptSession names it)."""
        if unknown := session.keys() - LINE_PARTS.keys():
            raise TypeError(f"not a part of a line prompt: {', '.join(sorted(unknown))}")
        parts = LINE_PARTS | session
        for shown in ("bottom_toolbar", "rprompt", "placeholder"):
            parts[shown] = _shown(parts[shown])
        if parts["completer"] is not None:
            parts["completer"] = _ShownCompleter(parts["completer"])
        lines = self._line_session()
        for part, value in parts.items():
            setattr(lines, part, value)
        lines.message = [("class:qmark", "›"), ("class:question", f" {visible(message)} ")]

        def ask() -> str:
            # what PromptSession.prompt does before it runs, without its plainer prompt for
            # TERM=dumb: the application run is the one the signals and the bindings are set on
            lines.default_buffer.reset(Document(default))
            lines.app.refresh_interval = lines.refresh_interval
            return lines.app.run()

        return readable(str(self._run(lines.app, ask, lines)))

    def _line_session(self) -> PromptSession[str]:
        """One prompt_toolkit session for every line typed in this terminal: a new application for
        each line (as questionary makes one) costs about half of what typing the line costs. It
        keeps no history: as a new prompt each time, Up recalls no line typed before."""
        here = get_app_session()
        if self._lines is None or self._lines[0] is not here:
            made: PromptSession[str] = PromptSession(
                style=merge_styles_default([STYLE]),
                lexer=SimpleLexer("class:answer"),
                input_processors=[_ShownProcessor()],
                history=DummyHistory(),
            )
            self._lines = here, made
        return self._lines[1]

    def select(
        self,
        message: str,
        choices: Sequence[tuple[T, str]],
        keys: str = "",
        instruction: str = "",
    ) -> T:
        """One of `choices` (value, label). Each choice shows its letter, and the letter chooses it
        at once; the arrows and Enter work too. Without `keys`, a choice's letter is the first of its
        label that no choice before it took (the labels are in the team's language, so the letters are)."""
        letters = keys or choice_letters([label for _, label in choices])
        lettered = len(choices) <= len(SHORTCUTS)  # questionary shows at most this many shortcuts
        options = [
            questionary.Choice(visible(label), value=value, shortcut_key=letters[n] if lettered else True)
            for n, (value, label) in enumerate(choices)
        ]
        question = questionary.select(
            visible(message),
            options,
            qmark="?",
            style=STYLE,
            instruction=visible(instruction or tr(self.lang, "select_help")),
            use_shortcuts=lettered,
            use_jk_keys=False,  # j and k may be letters of the choices
        )
        if lettered:  # questionary's letters only move the highlight: here they answer too
            app = question.application
            at_once = KeyBindings()
            for n, letter in enumerate(letters[: len(choices)]):
                for variant in {letter.lower(), letter.upper()}:
                    at_once.add(variant, eager=True)(_choose(app, n, self._keyed))
            app.key_bindings = merge_key_bindings([app.key_bindings or KeyBindings(), at_once])
        chosen: T = self._ask(question)
        return chosen

    def checkbox(self, message: str, names: Sequence[str], *, ticked: bool = True) -> list[str]:
        options = [questionary.Choice(visible(name), value=name, checked=ticked) for name in names]
        question = questionary.checkbox(
            visible(message),
            options,
            qmark="?",
            style=STYLE,
            instruction=tr(self.lang, "checkbox_help"),
            erase_when_done=True,
        )
        _done_in_language(question)
        chosen = list(self._ask(question))
        print_formatted_text(
            FormattedText(
                [
                    ("fg:ansicyan bold", "✓"),
                    ("bold", f" {visible(message)} "),
                    ("", visible(", ".join(chosen)) or "—"),
                ]
            )
        )
        return chosen

    def key(self, message: str, keys: str, default: int | None = 0) -> str:
        """One key of `keys` (either case), answered at once. The keys follow the message, one
        highlighted: the arrows move it and Enter takes it (`default` at first). With `default`
        None none is highlighted: where only the person can say (a consent), Enter alone takes
        nothing and says which keys answer."""
        at = [default]
        asked = [False]  # Enter came with nothing highlighted

        def shown() -> StyleAndTextTuples:
            strip: StyleAndTextTuples = [
                ("class:qmark", "? "),
                ("class:question", visible(message)),
                ("", "[" if message[-1:].isspace() else " ["),
            ]
            for n, k in enumerate(keys):
                strip += [("", "/")] if n else []
                strip.append(("reverse bold" if n == at[0] else "bold", k))
            strip.append(("", "]"))
            if asked[0]:
                strip.append(("fg:ansiyellow", "  " + tr(self.lang, "key_needed", keys="/".join(keys))))
            return strip

        def move(by: int) -> Callable[[Any], None]:
            def moved(event: Any) -> None:
                now = at[0] if at[0] is not None else -1 if by > 0 else 0
                at[0] = (now + by) % len(keys)

            return moved

        def enter(event: Any) -> None:
            if at[0] is None:
                asked[0] = True
            else:
                event.app.exit(result=keys[at[0]])

        bindings = KeyBindings()
        for k in keys:
            for variant in {k.lower(), k.upper()}:
                bindings.add(variant)(_answer_with(k, self._keyed))
        for name, by in (("left", -1), ("up", -1), ("right", 1), ("down", 1)):
            bindings.add(name)(move(by))
        bindings.add("enter")(enter)
        chosen: str = self._ask(self._one_key(shown, bindings))
        return chosen

    def confirm(self, message: str, default: bool = False) -> bool:
        """Yes or no, answered at once with y or n (j or n in Dutch; y and j both say yes in either
        language); Enter takes the default, shown in capitals."""
        yes, no = tr(self.lang, "yes")[0].lower(), tr(self.lang, "no")[0].lower()
        hint = f"({yes.upper() if default else yes}/{no if default else no.upper()})"
        bindings = KeyBindings()
        for k, said in ((yes, True), ("y", True), ("j", True), (no, False)):
            for variant in {k, k.upper()}:
                bindings.add(variant)(_answer_with(said, self._keyed))
        bindings.add("enter")(_answer_with(default))
        chosen: bool = self._ask(
            self._one_key(
                lambda: [("class:qmark", "? "), ("class:question", visible(message)), ("", f" {hint} ")],
                bindings,
            )
        )
        return chosen

    @staticmethod
    def _one_key(shown: Callable[[], StyleAndTextTuples], bindings: KeyBindings) -> questionary.Question:
        """A prompt of one line that one key answers: Ctrl-C and Ctrl-D stop it as any other does."""
        bindings.add("c-c")(lambda event: event.app.exit(exception=KeyboardInterrupt()))
        bindings.add("c-d")(lambda event: event.app.exit(exception=EOFError()))
        app: Application[Any] = Application(
            layout=Layout(Window(FormattedTextControl(shown, show_cursor=False), dont_extend_height=True)),
            key_bindings=bindings,
            style=STYLE,
            erase_when_done=True,
        )
        return questionary.Question(app)

    def _keyed(self, event: KeyPressEvent) -> None:
        """A key alone answered the prompt. An Enter typed behind it by habit must not answer the
        next prompt too (an empty line there moves on): one read with the key is dropped here, one
        that comes within HABIT seconds is dropped by the next prompt (`_habit`)."""
        queue = event.app.key_processor.input_queue
        if queue and queue[0].key in ENTERS:
            queue.popleft()
            self.keyed_at = None
        else:
            self.keyed_at = time.monotonic()

    def _habit(self, app: Application[Any]) -> tuple[KeyBindings, Callable[[], None]]:
        """The bindings by which this prompt drops an Enter that is its first key and comes within
        HABIT seconds of a one-key answer: typed by habit after that key, before this prompt could
        be read. And what ends their watch on `app`, which may ask again."""
        habit = KeyBindings()
        since, self.keyed_at = self.keyed_at, None
        if since is None:
            return habit, lambda: None
        first = [True]

        def fresh() -> bool:
            return first[0] and time.monotonic() - since < HABIT

        def pressed(_: object) -> None:
            first[0] = False

        app.key_processor.after_key_press += pressed
        for enter in ENTERS:
            habit.add(enter, eager=True, filter=Condition(fresh))(lambda event: None)

        def done() -> None:
            app.key_processor.after_key_press -= pressed

        return habit, done

    def _ask(self, question: questionary.Question) -> Any:
        return self._run(question.application, question.unsafe_ask)

    def _run(
        self, app: Application[Any], ask: Callable[[], Any], lines: PromptSession[str] | None = None
    ) -> Any:
        """Ctrl-C and Ctrl-D become `Interrupted`; a terminal that went away becomes `Hangup`. With
        `lines`, the prompt is the line session's, whose own bindings are set for this line alone.

        A closed terminal window first looks like Ctrl-D (EOFError) or ends in prompt_toolkit's
        last redraw failing (EIO): neither may open the pause menu on a terminal that is gone.
        """
        terminal = signals.Terminal(app.input)
        habit, watched = self._habit(app)
        if lines is not None:
            # the same bindings as the line before keep the session's lookup of every key cached
            lines.key_bindings = (
                merge_key_bindings([ESCAPES_AS_TEXT, habit]) if habit.bindings else ESCAPES_AS_TEXT
            )
        else:
            app.key_bindings = merge_key_bindings([app.key_bindings or KeyBindings(), ESCAPES_AS_TEXT, habit])
        try:
            with signals.prompting(app):
                return ask()
        except KeyboardInterrupt:
            raise Interrupted(_typed(app)) from None
        except (EOFError, OSError) as exc:
            if not terminal.gone(exc):
                if isinstance(exc, OSError):
                    raise
                raise Interrupted(_typed(app)) from None
            raise signals.hangup(_typed(app)) from None
        except Hangup as hangup:
            hangup.pending = _typed(app)
            raise
        finally:
            watched()


def _done_in_language(question: questionary.Question) -> None:
    """Enter ends a checkbox without the English questionary draws on its last frame ("done (3
    selections)"): the prompt keeps its own instruction until it is erased, and the line printed
    after it says what was ticked."""
    app = question.application
    done = KeyBindings()

    @done.add(Keys.ControlM, eager=True)
    def _ticked(event: KeyPressEvent) -> None:
        for control in app.layout.find_all_controls():
            if isinstance(control, InquirerControl):
                event.app.exit(result=[c.value for c in control.get_selected_values()])

    app.key_bindings = merge_key_bindings([app.key_bindings or KeyBindings(), done])


def _shown(text: Any) -> Any:
    """Formatted text (a string, (style, text) fragments, or a callable that gives them) with every
    character a terminal would act on, or not show, made visible."""
    if callable(text):
        return lambda: _shown(text())
    if text is None:
        return None
    if isinstance(text, str):
        return visible(text)
    return [(style, visible(said), *rest) for style, said, *rest in to_formatted_text(text)]


class _ShownCompleter(Completer):
    """A completer whose offers are shown as text: what it inserts is shown by _ShownProcessor."""

    def __init__(self, offers: Completer) -> None:
        self.offers = offers

    def get_completions(self, document: Document, complete_event: CompleteEvent) -> Iterable[Completion]:
        for c in self.offers.get_completions(document, complete_event):
            yield Completion(
                c.text,
                c.start_position,
                display=_shown(c.display),
                display_meta=_shown(c.display_meta),
                style=c.style,
                selected_style=c.selected_style,
            )


class _ShownProcessor(Processor):
    """The line being typed, as the terminal shows it: each control or format character as its
    visible stand-in (a pasted bidi override, a zero-width space, a default from a draft), while
    the buffer keeps the text exactly; the cursor moves over a stand-in as over one character."""

    def apply_transformation(self, ti: TransformationInput) -> Transformation:
        chars = explode_text_fragments(ti.fragments)
        shown = visible_each("".join(fragment[1] for fragment in chars))
        fragments: StyleAndTextTuples = []
        starts = [0]  # where each character of the line starts on the screen
        for fragment, said in zip(chars, shown, strict=True):
            fragments.append((fragment[0], said))  # the style; a line being typed has no mouse handlers
            starts.append(starts[-1] + len(said))

        def to_screen(at: int) -> int:
            return starts[at] if at < len(starts) else starts[-1] + at - len(chars)

        def to_text(at: int) -> int:
            return bisect.bisect_right(starts, at) - 1 if at < starts[-1] else len(chars) + at - starts[-1]

        return Transformation(fragments, to_screen, to_text)


def _answer_with(k: object, keyed: Callable[[Any], None] = lambda event: None) -> Callable[[Any], None]:
    def answer(event: Any) -> None:
        keyed(event)
        event.app.exit(result=k)

    return answer


def _choose(app: Application[Any], n: int, keyed: Callable[[Any], None]) -> Callable[[Any], None]:
    """Choose the `n`th choice of a questionary select at once, shown as chosen."""

    def choose(event: Any) -> None:
        for control in app.layout.find_all_controls():
            if isinstance(control, InquirerControl):
                control.pointed_at, control.is_answered = n, True
                keyed(event)
                event.app.exit(result=control.get_pointed_at().value)

    return choose


SHORTCUTS = "abcdefghijklmnopqrstuvwxyz0123456789"
ENTERS = (Keys.ControlM, Keys.ControlJ)  # what a terminal sends for Enter


def choice_letters(labels: Sequence[str]) -> str:
    """A letter for each label: its first letter (or digit) that no label before it took; else the
    first of a-z, 0-9 not taken. Only ASCII, so that every terminal sends the key as one character."""
    taken: list[str] = []
    for label in labels:
        own = [c for c in label.casefold() if c.isascii() and c.isalnum()]
        taken.append(next((c for c in [*own, *SHORTCUTS] if c not in taken), "?"))
    return "".join(taken)


def _typed_escape(event: KeyPressEvent) -> None:
    """A pasted colour code (ESC [31m) reaches prompt_toolkit as a mouse event, whose handler then
    fails with a traceback and drops what is typed after it. Mouse reporting is never switched on
    here, so such an event is typed text: it goes into the line, its ESC made visible."""
    buffer = event.app.current_buffer
    if not buffer.read_only():
        buffer.insert_text(visible(event.data))


ESCAPES_AS_TEXT = KeyBindings()
ESCAPES_AS_TEXT.add(Keys.Vt100MouseEvent)(_typed_escape)


def _typed(app: Application[Any]) -> str:
    buffer = app.current_buffer
    return readable(buffer.text) if buffer is not None else ""


def readable(typed: str) -> str:
    """Typed text as it can be stored: a byte that was not UTF-8 reaches us as a lone surrogate
    (U+DC80..U+DCFF, Python's surrogateescape), which no file can hold. Such a byte most likely came
    from a Latin-1 terminal or an 8-bit Meta key, so it is read as Latin-1 (b"\xe9" is "é");
    any other lone surrogate becomes U+FFFD."""
    if not any("\ud800" <= c <= "\udfff" for c in typed):
        return typed
    return "".join(_readable_char(c) for c in typed)


def _readable_char(c: str) -> str:
    if "\udc80" <= c <= "\udcff":
        return chr(ord(c) - 0xDC00)
    if "\ud800" <= c <= "\udfff":
        return "\ufffd"
    return c


class LineCompleter(Completer):
    """Markers after `#`, names after `@`, dates after `due:`."""

    def __init__(
        self, people: Sequence[str], language: str = "en", today: date | Callable[[], date] | None = None
    ) -> None:
        self.people = people
        self.language = language
        self.today = today or date.today  # the dates offered lie from this day on: read when offered

    def get_completions(self, document: Document, complete_event: object) -> Iterable[Completion]:
        word = document.get_word_before_cursor(WORD=True)
        due = next((w for w in marker_words(self.language, "due") if word.lower().startswith(w)), "")
        if word.startswith("#"):
            options: Iterable[str] = words(self.language)
        elif word.startswith("@"):
            options = ["@" + "".join(name.split()) for name in self.people]
        elif due:
            today = self.today() if callable(self.today) else self.today  # a meeting resumed days later: now
            options = [word[: len(due)] + s for s in suggestions(self.language, today)]
        else:
            return
        for option in options:
            if option.lower().startswith(word.lower()) and option != word:
                yield Completion(option, start_position=-len(word))


class MeetingUI:
    latest: Meeting  # the meeting as last recorded

    def __init__(
        self,
        prompter: Prompter,
        out: Console,
        clock: Clock,
        new_id: Callable[[], str],
        save: Callable[[Meeting, str, str], None],
        recalls: dict[str, Recall] | None = None,
        recognition: Question | None = None,
        chair_said: Callable[[str], None] | None = None,
        reread: Callable[[OpenAction], OpenAction] | None = None,
        kept: Sequence[str] = (),
        checkin: Callable[[tuple[str, ...]], tuple[Checkin, ...]] | None = None,
    ) -> None:
        self.checkin = checkin  # [opening] checkin: the questions for the people present
        self.kept = kept  # the chair's actions done since the last meeting: said after the attendance
        self.chair_said = chair_said or (lambda _: None)  # the chair's voice hears each question
        self.reread = reread or (lambda item: item)  # an action of the follow-up as it stands now
        self.recalls = recalls or {}
        self.recognition = recognition
        self.prompter = prompter
        self.out = out
        self.clock = clock
        self.new_id = new_id
        self.save = save
        self.shown = -1  # the step whose header is on screen
        self.overrun_said: set[int] = set()
        self.minute_rung: set[int] = set()  # the items whose last minute the bell has rung in
        self.keyed: dict[int, int] = {}  # a follow-up's key, kept when what it asks next is interrupted
        self.reread_as: dict[int, OpenAction] = {}  # a follow-up's action as last read, when it changed
        self.asked_empty: set[int] = set()
        self.helped = False  # every marker shown under the first item; after that one line says how
        self.story_asked: set[int] = set()  # the story items whose story was asked for
        self.first_due: int | None = None  # the chair step whose ask-first question awaits its key

    # --- the loop -------------------------------------------------------------------------

    def run(self, m: Meeting, pending: str = "", asking: str = "") -> Outcome:
        """Step until the meeting ends. A step may record several events before it is stopped
        (the closing asks an owner for each action), so a stop goes on from `self.latest`, the
        meeting as last recorded, never from the one the step began with.

        `asking` is the follow-up choice a resumed meeting stopped in (its note being typed):
        the meeting goes on in that prompt, with `pending` in it."""
        self.latest = m
        chosen = [n for n, choice in enumerate(FU_CHOICES) if choice == asking]
        if chosen and m.step.kind == FOLLOWUP:
            self.keyed[m.position] = chosen[0]
        if asking == ASKING_FIRST and m.step.kind == CHAIR:  # stopped at the ask-first question
            self.first_due = m.position
        while not m.finished:
            try:
                try:
                    if (
                        m.agenda.checkin
                        and m.step.kind != ATTENDANCE
                        and (m.checking_in or not m.checkin_planned)
                    ):  # right after the attendance: the check-in round
                        from emptychair.terminal.checkin_ui import checkin_round

                        m = checkin_round(
                            self.prompter, self.out, m, self.record, self.clock, self.checkin, pending
                        )
                        pending = ""
                    if m.offering:  # right after the attendance: the topics waiting
                        from emptychair.terminal.topics_ui import choose_topics

                        m, pending = self.weigh_offered(m, pending)
                        m = self.record(m, choose_topics(self.prompter, m, self.clock()))
                    m = self.step(m, pending)
                    pending = ""
                except (Interrupted, KeyboardInterrupt) as stop:  # Ctrl-C may come between two prompts
                    m, pending = self.latest, getattr(stop, "pending", "") or pending
                    stopped = self.clock()  # the menu says the meeting is paused: from here it is
                    choice = self.paused(m.agenda.language)
                    if choice == "discard":
                        return Outcome(m, "discarded")
                    m = self.record(m, Paused(stopped), pending)
                    if choice == "save":
                        return Outcome(m, "saved", pending)
                    m = self.record(m, Resumed(self.clock()), pending)
            except Hangup as hangup:
                self.record(self.latest, Paused(self.clock()), hangup.pending or pending)
                raise
            except OSError as exc:
                if exc.errno != errno.EIO:  # only a terminal that went away while we printed
                    raise
                self.record(self.latest, Paused(self.clock()), pending)
                raise signals.hangup(pending) from None
        return Outcome(m, "finished")

    def paused(self, lang: str) -> Literal["continue", "save", "discard"]:
        choices: list[tuple[Literal["continue", "save", "discard"], str]] = [
            ("continue", tr(lang, "continue")),
            ("save", tr(lang, "save_stop")),
            ("discard", tr(lang, "discard")),
        ]
        try:
            choice = self.prompter.select(tr(lang, "paused"), choices, keys=tr(lang, "paused_keys"))
            if choice == "discard" and not self.prompter.confirm(tr(lang, "discard_sure")):
                return "continue"
            return choice
        except Interrupted:
            return "save"  # a second Ctrl-C: the safe way out

    def record(self, m: Meeting, event: Event, pending: str = "") -> Meeting:
        m = apply(m, event)
        self.latest = m
        self.save(m, pending, self.asking(m))
        return m

    def asking(self, m: Meeting) -> str:
        """The follow-up choice whose line is being typed now, if any: a draft keeps it, so that a
        resumed meeting asks that line again, not the key before it."""
        if self.first_due == m.position and m.step.kind == CHAIR:
            return ASKING_FIRST
        chosen = self.keyed.get(m.position) if m.step.kind == FOLLOWUP else None
        if chosen is None or FU_CHOICES[chosen] in ("pass", "rest", DONE):
            return ""
        return FU_CHOICES[chosen]

    def step(self, m: Meeting, pending: str) -> Meeting:
        match m.step.kind:
            case "attendance":
                return self.attendance(m, pending)
            case "followup":
                return self.followup(m, pending)
            case "chair":
                return self.chair(m, pending)
            case "item":
                return self.item(m, pending)
            case "round":
                return self.round(m, pending)
            case "closing":
                return self.closing(m, pending)
            case kind:
                assert_never(kind)

    def ask(
        self,
        lang: str,
        message: str,
        pending: str,
        read: Callable[[str], T],
        doubt: Callable[[T], Text | None] = lambda _: None,
        **session: Any,
    ) -> T:
        """Ask until `read` accepts the line. A line it refuses (EmptyChairError) comes back for
        editing with the reason: nothing typed is lost. A line it reads but `doubt` warns about (a
        due date on a Saturday) comes back once with the warning: Enter keeps it as it is."""
        typed, warned, again = pending, None, False
        while True:
            if not again:
                typed = self.prompter.text(message, default=typed, **session)
            again = False
            try:
                said = read(typed)
            except Interrupted as stop:  # in a question the line asked (a name new to the team)
                raise Interrupted(stop.pending or typed) from None
            except EmptyChairError as exc:
                if exc.key == "err_owner_not_on_team" and self.introduce(lang, exc.values["said"], typed):
                    again = True  # read again, now that the team knows the name
                    continue
                self.out.print(panels.safe(f"  ✗ {exc.say(lang)}", "red"))
                continue
            if typed != warned and (warning := doubt(said)) is not None:
                self.out.print(warning)
                warned = typed
                continue
            return said

    def introduce(self, lang: str, said: str, typed: str) -> bool:
        """`@said` names nobody on the team: asked once (one key) whether it is someone new, who is
        then known for the rest of the meeting. Ctrl-C here keeps the line that named them."""
        name = said[:1].upper() + said[1:] if said.islower() else said
        try:
            if not self.prompter.confirm(tr(lang, "new_owner", name=name)):
                return False
        except Interrupted:
            raise Interrupted(typed) from None
        self.record(self.latest, Introduced(self.clock(), name))
        return True

    def header(self, m: Meeting, show: Callable[[], None]) -> None:
        if self.shown != m.position:
            self.shown = m.position
            show()

    # --- steps ----------------------------------------------------------------------------

    def attendance(self, m: Meeting, pending: str) -> Meeting:
        lang = m.agenda.language
        while True:
            # With nobody on the list there is nothing to tick: only ask who came.
            attendees = m.agenda.attendees
            present = self.prompter.checkbox(tr(lang, "attendance"), attendees) if attendees else []
            typed = self.prompter.text(tr(lang, "guests"), default=pending)
            guests, customers = read_guests(typed)
            if present or guests:
                break
            self.out.print(tr(lang, "nobody"), style="red")
        guests = tuple(g for g in guests if g not in present)
        customers = tuple(c for c in customers if c in guests)
        m = self.record(m, Attended(self.clock(), tuple(present), guests, customers))
        if customers:  # 000: co-creation; the chair asks a real customer directly
            self.out.print(
                panels.safe(tr(lang, "guest_customers", names=", ".join(customers)), panels.CHAIR_STYLE)
            )
        for text in self.kept:  # 000, 002: the customer notices what was done for them
            self.out.print(panels.chair_kept(lang, text))
        return m

    def followup(self, m: Meeting, pending: str) -> Meeting:
        """Every open action on one screen, then one key each: done, done with a note, still open,
        dropped, pass, or pass the rest."""
        lang = m.agenda.language
        n = m.step.index
        item = self.reread_as.get(m.position, m.open_actions[n])
        today = self.clock().date()
        if self.shown < 0 or m.steps[self.shown].kind != FOLLOWUP:
            self.out.print(panels.followup_overview(lang, m.open_actions, today))
        self.shown = m.position
        if item.remind:
            self.out.print(panels.chair_reminder(lang, item))
        keys = tr(lang, "fu_keys")
        while True:
            if item.conflict:
                self.out.print(panels.conflict_said(lang, item.conflict))
            line = panels.followup_line(lang, n + 1, len(m.open_actions), item, today)
            chosen = self.keyed.get(m.position)
            if chosen is None:
                pressed = self.prompter.key(f"{line}  ", keys, default=FU_CHOICES.index("pass"))
                chosen = keys.index(pressed)
                self.keyed[m.position] = chosen  # Ctrl-C in the reason asked next comes back to the reason
            # Read again before anything is recorded: another shell may have followed it up meanwhile.
            fresh = self.reread(item)
            if (fresh.action, fresh.conflict) == (item.action, item.conflict):
                item = fresh  # a record that changed nothing shown: followed all the same
                break
            self.reread_as[m.position] = item = fresh
            del self.keyed[m.position]  # the key was chosen for what no longer stands: asked again
            self.out.print(panels.changed_meanwhile(lang, fresh.action))
        choice = FU_CHOICES[chosen]
        if choice in ("pass", "rest"):
            self.out.print(panels.followup_said(lang, line, tr(lang, "fu_pass")))
            del self.keyed[m.position]  # asked again if this follow-up comes back (#undo)
            m = self.record(m, Next(self.clock()))
            while choice == "rest" and m.step.kind == FOLLOWUP:
                m = self.record(m, Next(self.clock()))
            return m
        status: ActionStatus = DONE if choice in ("note", DONE) else OPEN if choice == OPEN else DROPPED
        record = FollowUp(
            item.action.id, self.clock(), status, id=new_record_id(), after=item.after, rev=item.rev
        )
        self.out.print(panels.followup_said(lang, line, tr(lang, "fu_" + status)))
        if choice == "note":
            record = replace(record, note=self.prompter.text(tr(lang, "fu_note"), default=pending).strip())
        elif choice == DONE and pending.strip():
            record = replace(record, note=pending.strip())  # typed before the key changed: kept as its note
        elif status == OPEN:
            record = self.change(m, record, pending)
            m = self.latest  # a name new to the team may have been introduced
        elif status == DROPPED:
            record = replace(record, note=self.reason(lang, pending))
        del self.keyed[m.position]
        m = self.record(m, FollowedUp(record.at, record))
        if status == DONE and item.origin == "chair":  # 000: the customer sees the promise kept
            self.out.print(panels.chair_kept(lang, item.action.text))
        return m

    def change(self, m: Meeting, record: FollowUp, pending: str) -> FollowUp:
        lang = m.agenda.language
        today = record.at.date()
        change = self.ask(
            lang,
            tr(lang, "fu_change"),
            pending,
            lambda t: parse_change(t, m.people, today, self.latest.owners),
            lambda said: panels.due_doubt(lang, said.due, today),
        )
        self.out.print(panels.change_echo(lang, change))
        return replace(record, owner=change.owner, due=change.due, note=change.note)

    def reason(self, lang: str, pending: str) -> str:
        return self.ask(lang, tr(lang, "fu_reason"), pending, _required("fu_reason_needed"))

    def chair(self, m: Meeting, pending: str) -> Meeting:
        lang = m.agenda.language
        state = m.chair[m.chair_index()]
        recall = self.recalls.get(state.question.id) if m.step.moment != CALLED else None
        if recall is not None:  # what this meeting's follow-ups closed is no longer open
            closed = {f.action for f in m.followups if f.status != OPEN}
            recall = replace(recall, open_actions=tuple(a for a in recall.open_actions if a[0] not in closed))

        def show() -> None:
            direct = m.customers if asks_customer(m, state.question) else ()
            asked = worded(m, state.question)
            self.out.print(
                panels.chair_panel(
                    lang, state.question, self.where(m), recall, state.quote, state.reason, direct, asked
                )
            )
            self.chair_said(asked)

        self.header(m, show)
        if state.answer is None:
            asks = "chair_answer" if state.question.view == CUSTOMER else "chair_answer_team"
            if state.question.id == CHECK:
                asks = "check_answer"
            elif asks_customer(m, state.question):
                asks = "chair_answer_customer"
            answer = self.prompter.text(tr(lang, asks, names=", ".join(m.customers)), default=pending)
            if not answer.strip():
                return self.record(m, Next(self.clock()))
            if state.question.id == CHECK and answer.strip() == "?":
                return self.ask_customers(m)
            m = self.record(m, Answered(self.clock(), answer))
            if m.chair[m.chair_index()].rated:  # no rating (the check after a decision): what we change
                self.out.print(panels.chair_follow_up(lang, state.question))
            return m
        if not state.rated:
            choices = [(v, tr(lang, rating_key(v))) for v in RATINGS]
            asks = "rate_question_customer" if asks_customer(m, state.question) else "rate_question"
            asked = tr(lang, asks, names=", ".join(m.customers))
            rating = self.prompter.select(asked, choices, keys=tr(lang, "rate_keys"))
            if rating in ASK_FIRST:  # kept in the draft with the rating: a stop there asks it again
                self.first_due = m.position
            m = self.record(m, Rated(self.clock(), rating))
            if rating not in ASK_FIRST:
                return self.followed(m, rating)
        if self.first_due == m.position:
            return self.followed(self.ask_first(m), state.rating or m.chair[m.chair_index()].rating)
        return self.lines(m, pending, message=tr(lang, "kind_action"))

    def followed(self, m: Meeting, rating: Rating) -> Meeting:
        """What the chair asks once the answer is rated: what we keep, or what we change."""
        question = m.chair[m.chair_index()].question
        recognition = m.agenda.recognition and self.recognition is not None
        self.out.print(panels.chair_follow_up(m.agenda.language, question, rating, recognition))
        self.chair_said(question.follow_up_after(rating))
        return m

    def ask_first(self, m: Meeting) -> Meeting:
        """Before what we change: does the team know what the customer needs? "Kom niet te snel met
        oplossingen … vraag eerst goed door" (001). Not knowing is one key: an action to ask three
        customers, with an owner, before anything is solved."""
        lang = m.agenda.language
        asked = tr(lang, "ask_first")
        self.out.print(panels.safe(asked, panels.CHAIR_STYLE))
        self.chair_said(asked)
        keys = tr(lang, "ask_first_keys")
        if self.prompter.key(tr(lang, "ask_first_help") + " ", keys).lower() != keys[1]:
            self.first_due = None
            return m
        choices = [(name, name) for name in m.people]
        owner = next(iter(m.people), "")
        if len(choices) > 1:
            owner = self.prompter.select(tr(lang, "ask_first_owner"), choices)
        self.first_due = None  # before the action is saved: a resume does not make it twice
        answer = m.chair[m.chair_index()].answer or ""
        said = answer if len(answer) <= 60 else answer[:59] + "…"
        action = Action(self.new_id(), tr(lang, "ask_first_action", answer=said), owner)
        m = self.record(m, ActionTaken(self.clock(), action))
        self.out.print(panels.echo(lang, Entry(ACTION, action.text, owner)))
        return m

    def ask_customers(self, m: Meeting) -> Meeting:
        """The customer's check on a decision answered "we don't know": customer expectations lead
        decisions (002), so not knowing is an action to ask them, with an owner."""
        lang = m.agenda.language
        decisions = m.items[m.step.index].decisions
        decision = decisions[-1] if decisions else ""
        owner = next(iter(m.people), "")
        if len(m.people) > 1:  # asked before anything is recorded: Ctrl-C here asks the check again
            owner = self.prompter.select(tr(lang, "check_owner"), [(name, name) for name in m.people])
        said = decision if len(decision) <= 60 else decision[:59] + "…"
        action = Action(self.new_id(), tr(lang, "check_action", decision=said), owner)
        m = self.record(m, Answered(self.clock(), tr(lang, "check_unknown")))
        m = self.record(m, ActionTaken(self.clock(), action))
        self.out.print(panels.echo(lang, Entry(ACTION, action.text, owner)))
        self.out.print(panels.chair_follow_up(lang, m.chair[m.chair_index()].question))
        return m

    def item(self, m: Meeting, pending: str) -> Meeting:
        n = m.step.index
        lang = m.agenda.language

        story = m.agenda.items[n].kind == STORY
        dilemma = dilemma_round.in_round(m)

        def show() -> None:
            self.out.print(panels.item_header(m.agenda, n, m.items[n], help=not self.helped))
            self.helped = True
            if story:
                self.out.print(panels.chair_remark(lang, "story_item"))
            if dilemma is not None:
                self.out.print(dilemma_round.intro(lang))

        self.header(m, show)
        if dilemma is not None:  # the dilemma round (004) first, a part at a time
            return dilemma_round.play(self, m, pending)
        if story and not m.items[n].stories and n not in self.story_asked:
            self.story_asked.add(n)  # the customer story of the week (003): asked for first
            m, pending = self.tell_story(m, pending), ""
        if m.consent is not None:  # resumed in the middle of a consent round: the one whose turn it is
            return self.consent(m)
        if m.vote is not None:  # resumed in the middle of a round of dots: the first who has not voted
            return self.vote(m, pending)
        after = self.timed(m, pending, message="")
        if (
            after.position != m.position and after.items[n].status != "pending"
        ):  # closed: not left for #back or the chair on call
            self.out.print(panels.item_summary(lang, after.items[n], m.agenda.items[n].minutes))
            over_by = after.items[n].seconds - m.agenda.items[n].minutes * 60
            if over_by > 0:
                said = tr(lang, "item_over_by", time=clock_text(over_by))
                self.out.print(panels.safe(f"  ⏱ {said}", "red"))
        return after

    def bells(self, m: Meeting) -> list[Callable[[], None]]:
        """What the clock says now, once an item each: the bell when its last minute begins (a box
        longer than a minute), the bell and the chair's remark when its time is up; the voice says
        it too. A clock that stands still (#pause) rings nothing."""
        n = m.step.index
        lang = m.agenda.language
        box = m.agenda.items[n].minutes * 60
        if m.on_hold or n in self.overrun_said:
            return []
        left = box - m.item_seconds(self.clock())
        if left < 0:
            self.overrun_said.add(n)
            self.minute_rung.add(n)
            remark = panels.chair_remark(
                lang, "chair_overrun" if m.step.kind == ITEM else "chair_round_overrun"
            )
            return [lambda: self.ring(lang, "bell_over", remark)]
        if left <= 60 < box and n not in self.minute_rung:
            self.minute_rung.add(n)
            said = panels.safe(f"  ⏱ {tr(lang, 'bell_minute')}", "yellow")
            return [lambda: self.ring(lang, "bell_minute", said)]
        return []

    def ring(self, lang: str, key: str, shown: Text) -> None:
        """The terminal's bell (rich leaves it out where the output is no terminal), the line, the voice."""
        self.out.file.write("\a")
        self.out.file.flush()
        self.out.print(shown)
        self.chair_said(tr(lang, key))

    def toolbar(self, m: Meeting) -> list[tuple[str, str]]:
        """The time box under the line; when the last minute begins or the item runs over, the bell
        rings and the chair says so at once, above the prompt, without touching what is being typed."""
        for said in self.bells(m):
            run_in_terminal(said)
        return timebox_toolbar(m, self.clock())

    def lines(self, m: Meeting, pending: str, *, message: str, toolbar: bool = False) -> Meeting:
        """One typed line, read by the line grammar for this step, and what it does."""
        lang = m.agenda.language
        session: dict[str, Any] = {
            "completer": LineCompleter(m.owners, m.agenda.language, lambda: self.clock().date()),
            "complete_while_typing": True,
        }
        if toolbar:
            session |= {"bottom_toolbar": lambda: self.toolbar(m), "refresh_interval": 0.5}
        chair = m.step.kind == CHAIR
        answered: dict[tuple[str, str], bool] = {}  # each question about a line asked once

        def read(typed: str) -> Entry | Command | Aside | Consent:
            days: list[date] = []  # the clock is read only for a line that is an entry

            def day() -> date:
                days[:] = days or [self.clock().date()]
                return days[0]

            team = self.latest.owners  # with any name introduced while this line was read
            said = read_line(typed, m.people, day, chair=chair, team=team)
            if not isinstance(said, Entry):
                return said
            today = day()
            maybe = said.kind == NOTE and has_due(said.text, today)
            if maybe and self.once(answered, "maybe_action", typed, said.text, default=True):
                said = parse_entry(said.text, m.people, today, plain=ACTION, team=team)
            stray = said.kind == ACTION and looks_stray(said)
            if stray and not self.once(answered, "short_action", typed, said.text, default=False):
                raise problem("err_action_text")  # back for editing: what is to be done?
            return said

        said = self.ask(
            lang,
            message,
            pending,
            read,
            lambda said: (
                panels.due_doubt(lang, said.due, m.started.date()) if isinstance(said, Entry) else None
            ),
            **session,
        )
        m = self.latest  # a name new to the team may have been introduced meanwhile
        match said:
            case Entry():
                return self.entry(m, said)
            case Command():
                return self.command(m, said)
            case Aside():
                return self.aside(m, said)
            case Consent():
                if m.step.kind != ITEM or not m.people:
                    self.out.print(panels.safe(f"  ✗ {tr(lang, 'consent_items_only')}", "red"))
                    return m
                return self.consent(self.record(m, ConsentAsked(self.clock(), said.text)))
            case _:
                assert_never(said)

    def command(self, m: Meeting, said: Command) -> Meeting:
        """What a command typed in a step's line does (the dilemma round takes some of them too)."""
        lang = m.agenda.language
        match said:
            case Command.NEXT:
                if (
                    m.step.kind == ITEM
                    and not m.items[m.step.index].log
                    and not m.items[m.step.index].asides  # a topic parked, added or heard: not nothing
                    and not m.items[m.step.index].dilemma.told
                    and m.position not in self.asked_empty
                ):
                    self.asked_empty.add(m.position)  # asked once: a second Enter moves on
                    self.out.print(Text("  " + tr(lang, "empty_item_confirm"), style="yellow"))
                    return m
                return self.record(m, Next(self.clock()))
            case Command.SKIP:
                return self.record(m, Skipped(self.clock()))
            case Command.END:
                if not self.prompter.confirm(tr(lang, "end_confirm")):
                    return m
                return self.record(m, Ended(self.clock()))
            case Command.UNDO:  # the last thing typed in the step, whatever it was, or why it stays
                undo = take_back(m, self.clock())
                if isinstance(undo, Stays):
                    self.out.print(
                        panels.safe(f"  ✗ {tr(lang, 'stays_' + undo.reason, title=undo.title)}", "red")
                    )
                    return m
                after = self.record(m, undo)
                self.out.print(panels.undone(lang, m, after, undo.what))
                return after
            case Command.BACK:
                if previous_item(m) is None:
                    self.out.print(panels.safe(f"  ✗ {tr(lang, 'back_none')}", "red"))
                    return m
                return self.record(m, Back(self.clock()))
            case Command.HELP:
                for line in panels.item_help(lang):
                    self.out.print(Text("  ").append_text(line))
                return m
            case Command.PAUSE | Command.RESUME:
                return self.hold(m, said)
            case Command.CHAIR:
                if m.step.kind != ITEM:
                    self.out.print(panels.safe(f"  ✗ {tr(lang, 'chair_items_only')}", "red"))
                    return m
                return self.call_chair(m, "chair_on_call")
            case Command.VOTE:
                if m.step.kind != ITEM or not m.people:
                    self.out.print(panels.safe(f"  ✗ {tr(lang, 'vote_items_only')}", "red"))
                    return m
                if len(still_to_come(m)) < 2:
                    self.out.print(panels.safe(f"  ✗ {tr(lang, 'vote_too_few')}", "red"))
                    return m
                return self.vote(self.record(m, VoteAsked(self.clock())))
            case _:
                assert_never(said)

    def once(
        self, answered: dict[tuple[str, str], bool], key: str, typed: str, text: str, default: bool
    ) -> bool:
        """A yes or no about the line `typed`, asked once however often the line is read again."""
        if (key, typed) not in answered:
            answered[key, typed] = self.prompter.confirm(
                tr(self.latest.agenda.language, key, text=text), default
            )
        return answered[key, typed]

    def weigh_offered(self, m: Meeting, pending: str) -> tuple[Meeting, str]:
        """Several topics waiting at the start: weigh them with dots first? Asked once a meeting;
        a round stopped halfway goes on. The meeting after it, and what is left of `pending`."""
        if m.vote is None:
            if len(m.offered) < 2 or not m.people or any(not v.item for v in m.votes):
                return m, pending
            if not self.prompter.confirm(tr(m.agenda.language, "vote_offer", count=len(m.offered))):
                return m, pending
            m = self.record(m, VoteAsked(self.clock()))
        return self.vote(m, pending), ""

    def vote(self, m: Meeting, pending: str = "") -> Meeting:
        """A round of dots (asked already): the topics weighed, then put in the order of the result."""
        from emptychair.terminal.vote_ui import vote_round

        return vote_round(self, m, pending)

    def consent(self, m: Meeting) -> Meeting:
        """A consent round; what it decides is checked by the chair as any decision is."""
        from emptychair.terminal.consent_ui import consent_round

        m = consent_round(self.prompter, self.out, m, self.record, self.clock)
        decided = m.events[-1]
        if isinstance(decided, ConsentDecided) and decided.outcome != "not accepted":
            m = self.checked(m, decided.text)
        return m

    def hold(self, m: Meeting, said: Command) -> Meeting:
        """#pause stops the clock (coffee, a phone call), #resume starts it again; a resume from the
        draft keeps it stopped, and the next item starts its own."""
        lang = m.agenda.language
        if m.step.kind not in TIMED:
            return m
        if said == Command.PAUSE:
            if not m.on_hold:
                m = self.record(m, Paused(self.clock(), held=True))
            self.out.print(panels.safe(f"  ⏸ {tr(lang, 'clock_paused')}", "yellow"))
        elif m.on_hold:
            m = self.record(m, Resumed(self.clock(), held=True))
            self.out.print(panels.safe(f"  ▶ {tr(lang, 'clock_resumed')}", "green"))
        else:
            self.out.print(panels.safe(f"  ▶ {tr(lang, 'clock_not_paused')}", "dim"))
        return m

    def aside(self, m: Meeting, said: Aside) -> Meeting:
        """#topic: a new item after this one; #park: a topic for the next meeting; #customer: what a
        real customer said."""
        lang = m.agenda.language
        if said.kind == "customer":
            heard = Heard(new_record_id(), said.text, said.scale, said.score)
            shown = quote_line(Quote("", said.text, None, said.scale, said.score), lang)
            self.out.print(panels.aside_echo(lang, "customer_heard", shown))
            return self.record(m, CustomerSaid(self.clock(), heard))
        if said.kind == "park":
            self.out.print(panels.aside_echo(lang, "topic_parked", said.text))
            return self.record(m, Parked(self.clock(), said.text))
        minutes = said.minutes or m.agenda.topic_minutes
        self.out.print(panels.aside_echo(lang, "topic_added", said.text, minutes))
        return self.record(m, TopicAdded(self.clock(), said.text, minutes))

    def round(self, m: Meeting, pending: str) -> Meeting:
        """The closing round: each person present, in turn, raises one thing, or passes with Enter."""
        lang = m.agenda.language
        person = m.person()
        self.header(
            m, lambda: self.out.print(panels.round_header(lang, person, m.step.person, len(m.people)))
        )
        return self.timed(m, pending, message=person)

    def timed(self, m: Meeting, pending: str, message: str) -> Meeting:
        """A line in a step with a time box (an item, a turn of the closing round): the time left
        under the prompt, the bell when the last minute begins and when the time is up, as the
        toolbar draws it or, where none is drawn, after the line."""
        after = self.lines(m, pending, message=message, toolbar=True)
        if after.position == m.position:
            for bell in self.bells(after):
                bell()
        return after

    def call_chair(self, m: Meeting, key: str, decision: str = "") -> Meeting:
        """The chair speaks about the item at hand; its answer and actions are a chair moment. Its
        check on a decision quotes the decision."""
        lang = m.agenda.language
        title = m.agenda.items[m.step.index].title
        said = tr(lang, key, item=title, decision=decision)
        question = Question(
            key.replace("_", "-"),
            CALLED,
            said,
            tr(lang, "chair_called_change"),
            keep=tr(lang, "chair_called_keep"),
        )
        return self.record(m, Called(self.clock(), question, rate=key == "chair_on_call"))

    def tell_story(self, m: Meeting, pending: str = "") -> Meeting:
        """A customer story in two short prompts: what happened, and what was unexpected (003: "Een
        enthousiaste klant heeft normaal gesproken een bijzonder verhaal"). Stopped at the second,
        what happened is kept already."""
        lang = m.agenda.language
        happened = self.prompter.text(tr(lang, "story_happened"), default=pending).strip()
        if not happened:
            return m
        try:
            unexpected = self.prompter.text(tr(lang, "story_unexpected")).strip()
        except Interrupted:
            self.record(m, Entered(self.clock(), STORY, happened))
            raise
        told = tr(lang, "story_told", happened=happened, unexpected=unexpected) if unexpected else happened
        m = self.record(m, Entered(self.clock(), STORY, told))
        self.out.print(panels.echo(lang, Entry(STORY, told)))
        return m

    def entry(self, m: Meeting, entry: Entry) -> Meeting:
        if entry.kind == STORY and not entry.text:
            return self.tell_story(m)
        now = self.clock()
        if entry.kind == ACTION:
            owner = entry.owner or m.person()  # in the closing round: whose turn it is, unless named
            entry = replace(entry, owner=owner)
            action = Action(self.new_id(), entry.text, owner, entry.due, tracker=entry.tracker)
            m = self.record(m, ActionTaken(now, action))
        else:
            m = self.record(m, Entered(now, entry.kind, entry.text, state=entry.state))
        self.out.print(panels.echo(m.agenda.language, entry))
        return self.checked(m, entry.text) if entry.kind == DECISION else m

    def checked(self, m: Meeting, decision: str) -> Meeting:
        """[chair] on_decisions: the customer's check follows every decision taken in an item."""
        if m.step.kind == ITEM and m.agenda.chair_on_decisions:
            m = self.call_chair(m, "chair_check", decision)
        return m

    def closing(self, m: Meeting, pending: str = "") -> Meeting:
        lang = m.agenda.language
        if m.agenda.recognition and self.recognition and not m.recognition_done:
            return self.recognize(m, self.recognition, pending)
        people = m.people
        for action in m.all_actions():
            if action.owner or not people:
                continue
            choices = [(name, name) for name in people] + [("", tr(lang, "leave_unowned"))]
            owner = self.prompter.select(tr(lang, "who_owns", text=action.text[:60]), choices)
            if owner:
                m = self.record(m, Assigned(self.clock(), replace(action, owner=owner)))
        if m.agenda.rate_meeting and not m.meeting_rated:
            m = self.rate_meeting(m)
        return self.record(m, Next(self.clock()))

    def rate_meeting(self, m: Meeting) -> Meeting:
        """[closing] rate_meeting: one key for the meeting itself, on the scale of the chair's ratings."""
        lang = m.agenda.language
        choices = [(v, tr(lang, "meeting_" + rating_key(v))) for v in RATINGS]
        rating = self.prompter.select(tr(lang, "meeting_rate_question"), choices, keys=tr(lang, "rate_keys"))
        m = self.record(m, MeetingRated(self.clock(), rating))
        if rating:
            said = tr(lang, "meeting_rated", rating=tr(lang, colour_key(rating)))
            self.out.print(panels.safe(f"  ↳ {said}", "green"))
        return m

    def recognize(self, m: Meeting, question: Question, pending: str) -> Meeting:
        """The chair asks who did something exemplary for a customer: `@name what they did`, a line each."""
        lang = m.agenda.language

        def show() -> None:
            self.out.print(panels.chair_panel(lang, question, tr(lang, moment_key("closing"))))
            self.chair_said(question.text)

        self.header(m, show)
        said = self.ask(
            lang,
            tr(lang, "recognize_help"),
            pending,
            lambda t: recognition_line(t, m.people) if t.strip() else None,
            completer=LineCompleter(m.people, m.agenda.language),
        )
        if said is None:
            m = self.record(m, Recognized(self.clock()))
            # 002: appreciation is shared, not only said here. Asked once every name is in: between
            # two `@name` prompts, the next prompt read as the place to answer it.
            if m.recognition:
                self.out.print(panels.chair_remark(lang, "recognition_share"))
            return m
        person, text = said
        self.out.print(
            panels.join(Text("  ★ ", style="yellow"), panels.safe(person, "bold"), ": ", panels.safe(text))
        )
        return self.record(m, Recognized(self.clock(), person, text))

    # --- bits -----------------------------------------------------------------------------

    def where(self, m: Meeting) -> str:
        step = m.step
        lang = m.agenda.language
        title = m.agenda.items[step.index].title if step.item is not None else ""
        return tr(lang, moment_key(step.chair_moment), item=title)


def timebox_toolbar(m: Meeting, now: datetime) -> list[tuple[str, str]]:
    """The current item's time box as prompt_toolkit formatted text: calm, last minute, or over."""
    item = m.agenda.items[m.step.index]
    left = item.minutes * 60 - m.item_seconds(now)
    title = visible(item.title if len(item.title) <= 40 else item.title[:39] + "…")
    lang = m.agenda.language
    if m.on_hold:  # the clock stands still: said plainly, whatever colour the time has
        key = "paused_bar" if left >= 0 else "paused_bar_over"
        return [("reverse", f" {tr(lang, key, title=title, time=clock_text(abs(left)))} ")]
    if left < 0:
        return [
            ("bg:ansired fg:ansiwhite bold", f" {tr(lang, 'over', title=title, time=clock_text(-left))} ")
        ]
    if left <= 60:
        return [
            ("bg:ansiyellow fg:ansiblack", f" {tr(lang, 'last_minute', title=title, time=clock_text(left))} ")
        ]
    return [("", f" {tr(lang, 'left', title=title, time=clock_text(left))} ")]


def _required(key: str) -> Callable[[str], str]:
    """A reader that takes any line but an empty one, which it refuses with the catalog's `key`."""

    def read(typed: str) -> str:
        if not typed.strip():
            raise problem(key)
        return typed.strip()

    return read
