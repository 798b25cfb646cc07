"""The editor widget: Textual's TextArea with Chinese line breaking and a reliable End key.

Textual wraps lines at spaces only. Chinese has no spaces, so a long paragraph was cut
wherever a space happened to be (``> `` of a quotation left alone on its row) and otherwise
at the last cell, with a comma or full stop free to start the next row. Here a Chinese line
may break between any two characters, except that closing punctuation (，。、；：？！）》」…)
never starts a row and opening punctuation (（《「“…) never ends one (the 禁则 of Chinese
typesetting); Latin words and numbers stay whole when they fit.
"""

from __future__ import annotations

from rich.cells import cell_len
from textual.document import _wrapped_document
from textual.document._document import Location
from textual.widgets import TextArea

NO_LINE_START = frozenset("，。、；：？！）》」』】〕〉…—·％,.;:?!)]}”’%")
NO_LINE_END = frozenset("（《「『【〔〈“‘([{")
_textual_wrap = _wrapped_document.compute_wrap_offsets


def _wide(char: str) -> bool:
    return ord(char) >= 0x2E80


def _tokens(text: str) -> list[tuple[int, int]]:
    """(start, end) of the unbreakable pieces: one Chinese character, or a Latin word with
    the spaces after it."""
    pieces: list[tuple[int, int]] = []
    i, n = 0, len(text)
    while i < n:
        j = i + 1
        if not _wide(text[i]):
            while j < n and not _wide(text[j]) and not (text[j - 1] == " " and text[j] != " "):
                j += 1
        pieces.append((i, j))
        i = j
    return pieces


def wrap_offsets(
    text: str,
    width: int,
    tab_size: int,
    fold: bool = True,
    precomputed_tab_sections: list[tuple[str, int]] | None = None,
) -> list[int]:
    """Where to break *text* into rows of at most *width* cells (Chinese-aware)."""
    if "\t" in text or width < 4 or not any(_wide(c) for c in text):
        return list(
            _textual_wrap(
                text,
                width,
                tab_size,
                fold=fold,
                precomputed_tab_sections=precomputed_tab_sections,
            )
        )
    breaks: list[int] = []
    row_start = 0
    used = 0

    def fold(first: int, end: int) -> int:
        """Break a piece longer than a row by cells; returns the width of its last row."""
        nonlocal row_start
        acc = 0
        for k in range(first, end):
            w = cell_len(text[k])
            if acc + w > width and k > row_start:
                breaks.append(k)
                row_start = k
                acc = 0
            acc += w
        return acc

    for start, end in _tokens(text):
        piece = text[start:end]
        if used + cell_len(piece.rstrip(" ")) <= width:
            used += cell_len(piece)
            continue
        if start == row_start:
            used = fold(start, end)
            continue
        at = start
        # 禁则: carry the previous character over rather than start a row with ，or end with （
        for _ in range(2):
            if at - 1 > row_start and (text[at] in NO_LINE_START or text[at - 1] in NO_LINE_END):
                at -= 1
        breaks.append(at)
        row_start = at
        used = cell_len(text[at:end])
        if cell_len(text[at:end].rstrip(" ")) > width:
            used = fold(at, end)
    return breaks


def install_wrapping() -> None:
    """Make every TextArea in this process wrap Chinese text as above."""
    _wrapped_document.compute_wrap_offsets = wrap_offsets  # type: ignore[assignment]


class DraftEditor(TextArea):
    """The draft editor: End goes after the last character of the row, not before it."""

    def get_cursor_line_end_location(self) -> Location:
        row, column = self.cursor_location
        if not self.soft_wrap:
            return super().get_cursor_line_end_location()
        offsets = self.wrapped_document.get_offsets(row)
        line = self.document[row]
        for offset in offsets:
            if offset > column:
                # after the row's last character (a trailing space is the end itself)
                return (row, offset - 1) if line[offset - 1] == " " else (row, offset)
        return (row, len(line))
