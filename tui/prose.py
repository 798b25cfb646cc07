"""Chinese text in panels and dialogs, wrapped like the editor: no row starts with 「，」.

Rich wraps a line of Chinese at any character, so a status text or a dialog message could
start a row with 「；」 or end one with 「（」. :class:`KinsokuText` wraps with the editor's
rule (:func:`zhengbing.tui.editor.wrap_offsets`) at whatever width it is drawn, and
:class:`Prose` is a Static that shows its text that way. Texts are plain: a 「[」 in a file
name is shown as it is, never read as markup.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.text import Text
from textual.visual import VisualType
from textual.widgets import Static
from zhengbing.tui.editor import wrap_offsets


class KinsokuText:
    """A text (plain or styled) drawn in rows broken by the Chinese line-breaking rule."""

    def __init__(self, text: str | Text) -> None:
        self.text = text if isinstance(text, Text) else Text(text)

    def __str__(self) -> str:
        return self.text.plain

    def rows(self, width: int) -> list[Text]:
        rows: list[Text] = []
        for line in self.text.split("\n", allow_blank=True):
            offsets = wrap_offsets(line.plain, max(1, width), 4)
            for piece in line.divide(offsets) if offsets else [line]:
                piece.rstrip()
                rows.append(piece)
        return rows

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for row in self.rows(options.max_width):
            row.no_wrap = True
            row.overflow = "crop"
            row.end = "\n"
            yield row

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        lines = self.text.plain.split("\n")
        widest = max((cell_len(line) for line in lines), default=0)
        return Measurement(min(2, widest), widest)


class Prose(Static):
    """A Static for Chinese prose: wraps with the line-breaking rule, no markup."""

    def __init__(self, content: str | Text = "", **kwargs: object) -> None:
        self._prose: KinsokuText | None = KinsokuText(content)
        super().__init__(self._prose, markup=False, **kwargs)  # type: ignore[arg-type]

    def update(self, content: VisualType = "", *, layout: bool = True) -> None:
        if isinstance(content, str | Text):
            content = KinsokuText(content)
        self._prose = content if isinstance(content, KinsokuText) else None
        super().update(content, layout=layout)

    def render(self) -> RenderResult | KinsokuText:  # type: ignore[override]
        # the text itself (its str() is the text shown), else what update() was given
        return self._prose if self._prose is not None else super().render()
