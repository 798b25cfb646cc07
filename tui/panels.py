"""The side panels: draft list, outline, search, statistics, checker findings and preview.

Panels take data from the app (attributes down) and report what the user chose as messages
(messages up). Library calls that may be slow run in thread workers; their Chinese errors are
shown in the panel itself.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.timer import Timer
from textual.widgets import DataTable, Input, Markdown, OptionList, Select, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker
from zhengbing.tui.prose import Prose

from zhengbing.errors import UserError
from zhengbing.mdparse import make_parser
from zhengbing.session import (
    CURRENT_STATUS,
    EditingSession,
    FindingRow,
    OutlineItem,
    StatsTable,
    internal_message,
    meta_summary,
    quotation,
    snippet_runs,
)

SEARCH_DELAY = 0.06  # seconds of quiet typing before a search starts


def _session(widget: Any) -> EditingSession:
    return widget.app.session  # type: ignore[no-any-return]


class DraftList(OptionList):
    """The drafts of the workspace (草稿/), newest first."""

    class Open(Message):
        def __init__(self, path: Path) -> None:
            super().__init__()
            self.path = path

    def show(
        self, drafts: list[Path], current: Path | None, empty_note: str = "（暂无草稿）"
    ) -> None:
        self.clear_options()
        if not drafts:
            self.add_option(Option(Text(empty_note, style="dim"), disabled=True))
            return
        for i, path in enumerate(drafts):
            self.add_option(Option(path.stem, id=f"d{i}"))
            if current is not None and path == current:
                self.highlighted = i
        self._paths = drafts

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        paths: list[Path] = getattr(self, "_paths", [])
        if event.option_index < len(paths):
            self.post_message(self.Open(paths[event.option_index]))


class OutlineList(OptionList):
    """The headings of the draft being edited; selecting one moves the cursor there."""

    class Jump(Message):
        def __init__(self, line: int, column: int = 0) -> None:
            super().__init__()
            self.line = line
            self.column = column

    def show(self, items: list[OutlineItem]) -> None:
        highlighted = self.highlighted
        self._items = items
        self.clear_options()
        if not items:
            self.add_option(Option(Text("（没有标题）", style="dim"), disabled=True))
            return
        for item in items:
            indent = "  " * max(0, item.level - 1)
            self.add_option(Option(f"{indent}{item.text}"))
        if highlighted is not None and highlighted < len(items):
            self.highlighted = highlighted

    def highlight_line(self, line: int) -> None:
        """Highlight the heading the 1-based *line* belongs to (the first one if none)."""
        items: list[OutlineItem] = getattr(self, "_items", [])
        if not items:
            return
        index = 0
        for i, item in enumerate(items):
            if item.line <= line:
                index = i
        self.highlighted = index

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        items: list[OutlineItem] = getattr(self, "_items", [])
        if event.option_index < len(items):
            self.post_message(self.Jump(items[event.option_index].line))


class SearchPanel(Vertical):
    """Search as you type; ↓/↑ choose a result (its full article is previewed below), Enter
    inserts it as a quotation."""

    BINDINGS = [
        Binding("down", "move(1)", "下一条", show=False),
        Binding("up", "move(-1)", "上一条", show=False),
    ]

    class Insert(Message):
        def __init__(self, hit: dict[str, Any]) -> None:
            super().__init__()
            self.hit = hit

    class Shown(Message):
        """Results for *query* are on screen (used by benchmarks and tests)."""

        def __init__(self, query: str, count: int) -> None:
            super().__init__()
            self.query = query
            self.count = count

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._timer: Timer | None = None
        self._hits: list[dict[str, Any]] = []
        self.shown_query: str | None = None
        self.shown_at = 0.0  # perf_counter() when the last results were put on screen

    def compose(self) -> ComposeResult:
        yield Input(placeholder="输入关键词，如：入伍 年龄", id="search-input")
        yield Prose(
            "输入关键词即可检索法规条文；在结果上按回车，插入到光标处。", id="search-status"
        )
        yield OptionList(id="search-results")
        with VerticalScroll(id="search-preview-box"):
            yield Prose("", id="search-preview")

    def action_move(self, delta: int) -> None:
        """↓/↑ in the search box move through the results; the typing stays in the box."""
        results = self.results
        if not self._hits:
            return
        current = results.highlighted
        if current is None:
            results.highlighted = 0
        else:
            results.highlighted = max(0, min(len(self._hits) - 1, current + delta))

    @on(OptionList.OptionHighlighted, "#search-results")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        index = event.option_index
        self._preview(self._hits[index] if 0 <= index < len(self._hits) else None)

    def _preview(self, hit: dict[str, Any] | None) -> None:
        from zhengbing.search import citable

        box = self.query_one("#search-preview", Static)
        if hit is None:
            box.update("")
            return
        text = Text()
        if citable(hit):
            text.append("回车插入：\n", style="bold")
            text.append(quotation(hit))
        else:
            label = hit.get("label") or "范文样本"
            text.append(f"［{label}］只供参考，不能作为引文插入。\n", style="bold magenta")
            text.append(str(hit.get("text") or hit.get("snippet") or ""))
        box.update(text)
        self.query_one("#search-preview-box", VerticalScroll).scroll_home(animate=False)

    @property
    def input(self) -> Input:
        return self.query_one("#search-input", Input)

    @property
    def results(self) -> OptionList:
        return self.query_one("#search-results", OptionList)

    def _status(self, text: str) -> None:
        self.query_one("#search-status", Static).update(text)

    @on(Input.Changed, "#search-input")
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(SEARCH_DELAY, self._start)

    @on(Input.Submitted, "#search-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if not self._hits:
            return
        results = self.results
        if results.highlighted is None:
            results.focus()
            results.highlighted = 0
        else:  # a result chosen with ↓/↑ from the box: insert it, as Enter in the list does
            results.action_select()

    def _start(self) -> None:
        self._timer = None
        query = self.input.value
        if not query.strip():
            self._show(query, [], None)
            return
        self._status("正在检索……")
        self._search(query)

    @work(thread=True, exclusive=True, group="search")
    def _search(self, query: str) -> None:
        worker = get_current_worker()
        try:
            hits = _session(self).search(query)
            error = None
        except UserError as exc:
            hits, error = [], str(exc)
        except Exception as exc:  # a bug must not take the editor down
            hits, error = [], internal_message(exc)
        if not worker.is_cancelled:
            self.app.call_from_thread(self._show, query, hits, error)

    def _show(self, query: str, hits: list[dict[str, Any]], error: str | None) -> None:
        if query != self.input.value:
            return  # the user typed on; a newer search is on its way
        from zhengbing.search import grouped_hits

        # law articles and samples in two labelled groups; only law articles are insertable
        groups = grouped_hits(hits)
        self._hits = [h for _heading, group in groups for h in group]
        options = self.results
        options.clear_options()
        self._preview(None)
        i = 0
        for heading, group in groups:
            for n, hit in enumerate(group):
                prompt = _hit_prompt(hit)
                if n == 0:  # the group's heading above its first hit (one option per hit)
                    prompt = Text.assemble((f"── {heading} ──\n", "bold underline"), prompt)
                options.add_option(Option(prompt, id=f"h{i}"))
                i += 1
        if error:
            self._status(error)
        elif not query.strip():
            self._status("输入关键词即可检索法规条文；在结果上按回车，插入到光标处。")
        elif not hits:
            self._status(f"没有找到与“{query.strip()}”相关的条文，请换个说法。")
        else:
            self._status(f"找到 {len(hits)} 条；↓ 选择，回车插入引文。")
        self.shown_query = query
        self.shown_at = time.perf_counter()
        self.post_message(self.Shown(query, len(hits)))

    @on(OptionList.OptionSelected, "#search-results")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        from zhengbing.search import citable

        event.stop()
        if event.option_index >= len(self._hits):
            return
        hit = self._hits[event.option_index]
        if not citable(hit):
            self._status("范文样本和本单位资料不是法规，不能作为引文插入；请选择法规条文。")
            return
        self.post_message(self.Insert(hit))


def _hit_prompt(hit: dict[str, Any]) -> Text:
    title = str(hit.get("doc_title") or "").strip("《》")
    article = str(hit.get("article") or "")
    status = str(hit.get("status") or "")
    text = Text()
    text.append(f"《{title}》", style="bold")
    if article:
        text.append(article, style="bold")
    elif hit.get("path"):
        text.append(f" {str(hit['path'])[:24]}", style="italic")
    if hit.get("group") not in (None, "policy"):
        text.append(f" [{hit.get('label') or '范文样本'}]", style="magenta")
    region = str(hit.get("region") or "")
    if region and region != "全国":
        text.append(f" {region}", style="cyan")
    if status:
        style = "green" if status == CURRENT_STATUS else "bold red"
        text.append(f" [{status}]", style=style)
    text.append("\n")
    for part, marked in snippet_runs(hit):
        text.append(part, style="bold yellow" if marked else "dim")
    return text


class StatsPanel(Vertical):
    """The statistics of the workspace with the derived figures."""

    def compose(self) -> ComposeResult:
        yield Select[str]([], prompt="选择统计表", id="stats-file", allow_blank=True)
        yield Prose("", id="stats-status")
        yield DataTable(id="stats-table", zebra_stripes=True, cursor_type="row")
        yield DataTable(id="stats-derived", cursor_type="row")

    def highlight_stat(self, stat: str) -> None:
        """Put the row cursor on the derived figure (or the column) named *stat*."""
        derived = self.query_one("#stats-derived", DataTable)
        for index in range(derived.row_count):
            label = str(derived.get_row_at(index)[0])
            if label == stat or stat in label:
                derived.move_cursor(row=index)
                return
        main = self.query_one("#stats-table", DataTable)
        for index, column in enumerate(main.ordered_columns):
            if str(column.label) == stat:
                main.move_cursor(row=max(0, main.row_count - 1), column=index)
                main.cursor_type = "cell"
                return

    def show_files(self, files: list[Path], default: Path | None) -> None:
        """Offer *files*; keep the current choice if it is still there, else *default*."""
        select = self.query_one("#stats-file", Select)
        if [str(p) for p in files] == getattr(self, "_files", None):
            return
        current = select.value if isinstance(select.value, str) else None
        self._files = [str(p) for p in files]
        select.set_options([(p.name, str(p)) for p in files])
        if current in self._files:
            select.value = current
        elif default is not None and str(default) in self._files:
            select.value = str(default)
        elif not files:
            self.query_one("#stats-status", Static).update("统计/ 中没有统计表（.xlsx 或 .csv）。")

    @on(Select.Changed, "#stats-file")
    def _changed(self, event: Select.Changed) -> None:
        event.stop()
        if isinstance(event.value, str):
            self.query_one("#stats-status", Static).update("正在读取……")
            self._load(Path(event.value))

    @work(thread=True, exclusive=True, group="stats")
    def _load(self, path: Path) -> None:
        try:
            table: StatsTable | None = _session(self).stats_table(path)
            error = None
        except UserError as exc:
            table, error = None, str(exc)
        except Exception as exc:  # a bug must not take the editor down
            table, error = None, internal_message(exc)
        self.app.call_from_thread(self._show, table, error)

    def _show(self, table: StatsTable | None, error: str | None) -> None:
        main = self.query_one("#stats-table", DataTable)
        derived = self.query_one("#stats-derived", DataTable)
        main.clear(columns=True)
        derived.clear(columns=True)
        status = self.query_one("#stats-status", Static)
        if table is None:
            status.update(error or "")
            return
        main.add_columns(*table.columns)
        for row in table.rows:
            main.add_row(*row)
        # fixed widths and wrapped cells: values such as “103.6%（29/28）” stay readable in
        # the narrow pane of an 80×24 terminal instead of being cut off
        room = derived.scrollable_content_region.width or self.size.width
        value_width = max(8, min(18, room - 12 - 4 - 2))  # cell padding, a scrollbar
        derived.add_column("推算指标", width=12)
        derived.add_column("数值", width=value_width)
        for label, value in table.derived:
            derived.add_row(Text(label), Text(value), height=None)
        note = f"{table.source.name}：{max(0, len(table.rows) - 1)} 个单位"
        if table.warnings:
            note += "；" + "；".join(table.warnings[:3])
        status.update(note)


class CheckPanel(Vertical):
    """The checker's findings; selecting one jumps to its line."""

    def compose(self) -> ComposeResult:
        yield Prose("按 F5 体检当前草稿（保存时也会自动体检）。", id="check-status")
        yield OptionList(id="check-results")

    def show_running(self) -> None:
        self.query_one("#check-status", Static).update("正在体检……")

    runs = 0  # how many check results were shown (tests and benchmarks wait on it)

    def show(self, findings: list[FindingRow] | None, error: str | None, elapsed: float) -> None:
        self._findings = findings or []
        self.runs += 1
        results = self.query_one("#check-results", OptionList)
        results.clear_options()
        status = self.query_one("#check-status", Static)
        if findings is None:
            status.update(error or "")
            return
        errors = sum(1 for f in findings if f.severity == "error")
        warnings = sum(1 for f in findings if f.severity == "warning")
        if not findings:
            status.update("体检完成：没有发现问题。")
        else:
            status.update(
                f"体检完成：{errors} 处错误，{warnings} 处警告，"
                f"{len(findings) - errors - warnings} 处提示。回车跳到该行。"
            )
        for f in findings:
            results.add_option(Option(_finding_prompt(f)))

    @on(OptionList.OptionSelected, "#check-results")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        findings: list[FindingRow] = getattr(self, "_findings", [])
        if event.option_index < len(findings):
            f = findings[event.option_index]
            self.post_message(OutlineList.Jump(f.line, max(0, f.column - 1)))


def _finding_prompt(f: FindingRow) -> Text:
    style = {"error": "bold red", "warning": "yellow", "info": "cyan"}.get(f.severity, "")
    text = Text()
    text.append(f"第{f.line}行 ", style="bold")
    text.append(f"[{f.severity_label}] ", style=style)
    if f.count > 1:
        text.append(f"共{f.count}处 ", style="bold")
    text.append(f.message)
    if f.suggestion:
        text.append(f"\n建议：{f.suggestion}", style="dim")
    return text


class PreviewPanel(VerticalScroll):
    """The draft as the writer will read it (the same Markdown parser, make_parser)."""

    def compose(self) -> ComposeResult:
        yield Static("", id="preview-meta")
        yield Markdown("", parser_factory=make_parser, id="preview")

    def show(self, text: str) -> None:
        summary = meta_summary(text)
        self.query_one("#preview-meta", Static).update(
            Text(f"文件头：{summary}", style="dim") if summary else ""
        )
        self.query_one("#preview", Markdown).update(text)
