"""ZhengbingApp: the editor screen of ``zhengbing tui`` and ``make_app``, also used by the tests.

Left: drafts and the outline of the current draft. Centre: the editor. Right: tabs for
search, statistics, checker findings and preview. All work on files and data is done by
:class:`zhengbing.session.EditingSession`; slow calls run in thread workers.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual import events, on, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.command import CommandPalette
from textual.containers import Horizontal, Vertical
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Footer, Header, Label, Static, TabbedContent, TabPane, TextArea
from textual.widgets._header import HeaderIcon
from zhengbing.tui.cells import install_whole_char_compositor
from zhengbing.tui.collector import IdleCollector
from zhengbing.tui.commands import ZhengbingCommands
from zhengbing.tui.dialogs import (
    ChoiceDialog,
    ConfirmDialog,
    ErrorDialog,
    FileNameDialog,
    HelpScreen,
    NewDraftDialog,
    NewDraftRequest,
    WorkspaceDialog,
)
from zhengbing.tui.editor import DraftEditor, install_wrapping
from zhengbing.tui.panels import (
    CheckPanel,
    DraftList,
    OutlineList,
    PreviewPanel,
    SearchPanel,
    StatsPanel,
)

from zhengbing import session as session_mod
from zhengbing.errors import UserError
from zhengbing.session import EditingSession, RecoveredText, RecoverySnapshot
from zhengbing.workspace import Workspace

MAIN_ACTIONS = frozenset(
    {
        "save",
        "export",
        "check",
        "focus_search",
        "new_draft",
        "request_quit",
        "focus_drafts",
        "focus_outline",
        "focus_editor",
        "show_tab",
        "help",
        "toggle_panes",
    }
)
RECOVERY_DELAY = 0.3  # seconds from an edit to the recovery file
DIALOGS_DELAY = 0.3  # seconds from the first screen to building the kept dialogs
SETTLE_DELAY = 1.0  # seconds from building them to freezing the start-up objects
HELP_SCREEN = "help"
NEW_DRAFT_SCREEN = "new-draft"
SYNTAX_NOTE = "未着色：未安装 zhengbing[syntax]"


class ZhengbingApp(App[int]):
    """征兵文稿工具箱 — write, search, check and export in one screen."""

    CSS_PATH = "app.tcss"
    TITLE = "征兵文稿工具箱"
    COMMANDS = {ZhengbingCommands}
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    BINDINGS = [
        Binding("ctrl+s", "save", "保存", priority=True),
        Binding("ctrl+e", "export", "导出", priority=True),
        Binding("f5", "check", "体检"),
        Binding("ctrl+f", "focus_search", "检索", priority=True),
        Binding("ctrl+n", "new_draft", "新建", priority=True),
        Binding("f1", "help", "帮助"),
        Binding("ctrl+q", "request_quit", "退出", priority=True),
        Binding("f2", "focus_drafts", "草稿", show=False),
        Binding("f3", "focus_outline", "提纲", show=False),
        Binding("f4", "focus_editor", "编辑", show=False),
        Binding("f8", "show_tab('tab-data')", "数据", show=False),
        Binding("f9", "show_tab('tab-preview')", "预览", show=False),
        Binding("f10", "toggle_panes", "专注", show=False),
        Binding("ctrl+p", "command_palette", "命令", show=False, priority=True),
    ]

    def __init__(
        self,
        workspace: Workspace | None,
        *,
        offer_folder: Path | None = None,
        open_path: Path | None = None,
        recovery_dir: Path | None = None,
        autosave_interval: float = 1.0,
        cursor_blink: bool = True,
        warm_up: bool = True,
    ) -> None:
        super().__init__()
        install_wrapping()
        install_whole_char_compositor()
        self.session = EditingSession(workspace, recovery_dir=recovery_dir)
        self._offer_folder = offer_folder
        self._open_path = open_path
        self._autosave_interval = autosave_interval
        self._cursor_blink = cursor_blink
        self._warm_up_search = warm_up
        self._syntax = False
        self._outline_timer: Timer | None = None
        self._preview_timer: Timer | None = None
        self._recovery_timer: Timer | None = None
        self._keep_recovery = True
        self._header = session_mod.Header(0, {})
        self.ready_for_typing = False
        self.settled = False  # start-up work done: dialogs built, start-up objects frozen
        self._collector = IdleCollector()
        self.last_export: Path | None = None

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        # the main screen's widgets, kept so that timers and workers reach them even while a
        # dialog is the active screen (App.query_one looks at the active screen only)
        self.draft_list = DraftList(id="drafts")
        self.outline_list = OutlineList(id="outline")
        self._editor = DraftEditor(
            id="editor", soft_wrap=True, show_line_numbers=True, tab_behavior="focus"
        )
        self.status_line = Static("", id="status")
        self.search_panel = SearchPanel(id="search")
        self.stats_panel = StatsPanel(id="stats")
        self.check_panel = CheckPanel(id="check")
        self.preview_panel = PreviewPanel(id="preview-pane")
        yield Header(icon="")
        with Horizontal(id="body"):
            with Vertical(id="left"):
                yield Label("草稿", classes="pane-title")
                yield self.draft_list
                yield Label("提纲", classes="pane-title")
                yield self.outline_list
            with Vertical(id="centre"):
                yield self._editor
                yield self.status_line
            with TabbedContent(id="right", initial="tab-search") as tabs:
                self.tabs = tabs
                with TabPane("检索", id="tab-search"):
                    yield self.search_panel
                with TabPane("数据", id="tab-data"):
                    yield self.stats_panel
                with TabPane("体检", id="tab-check"):
                    yield self.check_panel
                with TabPane("预览", id="tab-preview"):
                    yield self.preview_panel
        yield Footer()

    @property
    def editor(self) -> TextArea:
        return self._editor

    def get_system_commands(self, screen: Any) -> Any:
        return iter(())  # the palette lists our own (Chinese) commands only

    def action_help_quit(self) -> None:
        # Ctrl+C outside the editor: Textual's own hint is in English and names another key
        self.notify("要退出请按 Ctrl+Q（有未保存的修改时会先询问）。", title="退出")

    def action_command_palette(self) -> None:
        if not CommandPalette.is_open(self):
            self.push_screen(CommandPalette(placeholder="输入命令名称……", id="--command-palette"))

    # ------------------------------------------------------------------ start-up

    def on_mount(self) -> None:
        for icon in self.query(HeaderIcon):
            icon.tooltip = "打开命令面板"
        editor = self.editor
        editor.cursor_blink = self._cursor_blink
        if "markdown" in editor.available_languages:
            editor.language = "markdown"
            self._syntax = True
        self.refresh_drafts()
        if self._offer_folder is not None and self.session.workspace is None:
            self.push_screen(WorkspaceDialog(self._offer_folder), self._workspace_answer)
        else:
            self._start()

    def _workspace_answer(self, values: dict[str, str] | None) -> None:
        if values is not None and self._offer_folder is not None:
            try:
                self.session.workspace = session_mod.init_workspace(self._offer_folder, values)
            except UserError as exc:
                # ask again with what was typed, the error on top
                self.push_screen(
                    WorkspaceDialog(self._offer_folder, values), self._workspace_answer
                )
                self.show_error(exc, "无法创建工作区")
                return
            self.notify(f"已创建工作区：{self._offer_folder}", title="工作区")
            self.refresh_drafts()
        self._start()

    def _start(self) -> None:
        drafts = self.session.drafts()
        first = self._open_path or (drafts[0] if drafts else None)
        if first is not None:
            self.open_draft(first)
        else:
            self._load(self.session.new_untitled(), dirty=False)
        self.set_interval(self._autosave_interval, self.autosave)
        self._refresh_stats_files()
        if self._warm_up_search:
            self._warm_up()
        self.focus_now(self.editor)
        self.ready_for_typing = True
        self.set_timer(DIALOGS_DELAY, self._settle)
        self._offer_recoveries(self.session.recovery.pending())

    @work(thread=True, group="warm-up")
    def _warm_up(self) -> None:
        try:
            self.session.outlines()  # the new-draft dialog then opens without reading them
        except Exception:  # noqa: S110 - Ctrl+N reports the problem when it is used
            pass
        try:
            self.session.warm_up_search()
        except Exception:  # noqa: S110 - the search tab reports the problem when the user searches
            pass

    def _offer_recoveries(self, pending: list[RecoveredText]) -> None:
        if not pending:
            return
        rec, rest = pending[0], pending[1:]
        note = "（注意：此后磁盘上的文件也被修改过）" if rec.disk_changed else ""
        dialog = ChoiceDialog(
            "发现未保存的修改",
            f"上次编辑没有正常保存：{rec.label}{note}。是否恢复？",
            [("restore", "恢复"), ("drop", "丢弃"), ("later", "以后再说")],
        )

        def answer(choice: str | None) -> None:
            if choice == "restore":
                text = self.session.restore(rec)
                # the saved version first, the recovered text as one edit over it: Ctrl+Z
                # goes back to what is on disk
                self._load(self.session.saved_text, dirty=False)
                editor = self.editor
                editor.replace(text, (0, 0), editor.document.end)
                editor.move_cursor((0, 0))
                self.notify("已恢复未保存的修改，请按 Ctrl+S 保存。", title="恢复")
                return  # one buffer: other recoveries are offered on the next start
            if choice == "drop":
                self.session.recovery.drop(rec)
            else:  # later (or Esc): keep it, out of the way of the edits to come
                self.session.recovery.defer(rec)
            self._offer_recoveries(rest)

        self.push_screen(dialog, answer)

    # ------------------------------------------------------------------ documents

    def refresh_drafts(self) -> None:
        note = "（暂无草稿）\nCtrl+N 新建" if self.session.workspace else "（未打开工作区）"
        self.draft_list.show(self.session.drafts(), self.session.path, note)

    def open_draft(self, path: Path) -> None:
        try:
            text = self.session.open(path)
        except UserError as exc:
            self.show_error(exc)
            return
        self._load(text, dirty=False)
        if self.session.encoding != "UTF-8":
            self.notify(
                f"此文件是 {self.session.encoding} 编码，保存时将改存为 UTF-8。", title="编码"
            )

    def open_draft_checked(self, path: Path) -> None:
        """Open another draft, asking first when the current one has unsaved changes."""
        if path == self.session.path:
            self.editor.focus()
            return

        def open_it() -> None:
            self.open_draft(path)
            if self.session.path == path:  # unsaved text left from an earlier session?
                pending = self.session.recovery.pending()
                mine = [r for r in pending if r.path == path.resolve()]
                self._offer_recoveries(mine)

        self.leave_current(open_it)

    def _load(self, text: str, *, dirty: bool) -> None:
        editor = self.editor
        editor.load_text(text)
        self._header = session_mod.header_of(text)
        # a long front matter (a composed draft's provenance) is skipped: the text comes first
        start = session_mod.body_start(text)
        editor.move_cursor((start, 0))
        if start:
            self.call_after_refresh(self._scroll_to_line, start)
        editor.read_only = self.session.read_only
        holder = self.session.locked_by
        if holder is not None:
            self.notify(
                f"此草稿正在另一处编辑（{holder.describe()}）。为避免互相覆盖，本处只读；"
                "另一处关闭后重新打开即可编辑。",
                title="只读",
                severity="warning",
                timeout=10,
            )
        if not dirty:
            self.session.saved_text = text
        self.refresh_drafts()
        self._update_outline()
        self._update_status()
        self.check_panel.show([], None, 0.0)
        if self.tabs.active == "tab-preview":
            self.preview_panel.show(text)

    def _scroll_to_line(self, row: int) -> None:
        editor = self.editor
        if row < editor.document.line_count:
            y = editor.wrapped_document.location_to_offset((row, 0)).y
            editor.scroll_to(y=y, animate=False, immediate=True)

    @property
    def dirty(self) -> bool:
        return self.session.is_dirty(self.editor.text)

    def _update_status(self) -> None:
        editor = self.editor
        text = editor.text
        row, col = editor.cursor_location
        name = self.session.display_name()
        dirty = self.session.is_dirty(text)
        if self.session.read_only:
            state = "只读"
        elif dirty:
            state = "已修改"
        elif self.session.path is None:
            state = "新文件"
        else:
            state = "已保存"
        # the most useful first: a narrow window cuts the end of the line
        parts = [state, f"{row + 1}行{col + 1}列", f"{len(text)}字符", name]
        header = self._header
        source = ""
        if header.lines and row < header.lines:
            parts.insert(3, f"文件头（第1–{header.lines}行）")
        elif header.figures:
            figure = session_mod.figure_at(editor.document.get_line(row), col, header.figures)
            if figure is not None:
                source = f"数据来源：{figure.describe()}"
                self.stats_panel.highlight_stat(figure.stat)
        if not self._syntax:
            parts.append(SYNTAX_NOTE)
        # the figure's source on a line of its own, so that it is not cut off
        self.status_line.update("｜".join(parts) + (f"\n{source}" if source else ""))
        self.sub_title = f"{name}{' ●' if dirty else ''}"

    def _update_outline(self) -> None:
        self._outline_timer = None
        if not self.outline_list.is_attached:
            return  # the app is closing
        self._header = session_mod.header_of(self.editor.text)
        self.outline_list.show(session_mod.outline(self.editor.text))

    @on(TextArea.Changed, "#editor")
    def _edited(self) -> None:
        self._update_status()
        if self._recovery_timer is None and self.ready_for_typing:
            # unsaved text reaches the recovery file within RECOVERY_DELAY of any edit
            self._recovery_timer = self.set_timer(RECOVERY_DELAY, self._recovery_due)
        if self._outline_timer is not None:
            self._outline_timer.stop()
        self._outline_timer = self.set_timer(0.4, self._update_outline)
        if self.tabs.active == "tab-preview":
            if self._preview_timer is not None:
                self._preview_timer.stop()
            self._preview_timer = self.set_timer(0.6, self._update_preview)

    @on(TextArea.SelectionChanged, "#editor")
    def _moved(self) -> None:
        self._update_status()

    def _update_preview(self) -> None:
        self._preview_timer = None
        if not self.preview_panel.is_attached:
            return  # the app is closing
        self.preview_panel.show(self.editor.text)

    @on(TabbedContent.TabActivated)
    def _tab(self, event: TabbedContent.TabActivated) -> None:
        if event.pane.id == "tab-preview":
            self._update_preview()
        elif event.pane.id == "tab-data":
            self._refresh_stats_files()

    def _refresh_stats_files(self) -> None:
        files = self.session.stats_files()
        self.stats_panel.show_files(files, self.session.default_stats())

    # ------------------------------------------------------------------ recovery

    def _recovery_due(self) -> None:
        self._recovery_timer = None
        self.autosave()

    def autosave(self) -> None:
        """Keep unsaved text in the recovery file (runs every few seconds)."""
        if self.ready_for_typing and self._keep_recovery and self.dirty:
            self._write_recovery(self.session.snapshot(self.editor.text))

    @work(thread=True, exclusive=True, group="recovery")
    def _write_recovery(self, snapshot: RecoverySnapshot) -> None:
        try:
            self.session.write_recovery(snapshot)
        except UserError as exc:
            self.call_from_thread(self.notify, str(exc), title="无法写入恢复文件", severity="error")

    def flush_recovery(self) -> None:
        """Write the recovery file now (on exit and on hang-up/terminate signals)."""
        if self.ready_for_typing and self._keep_recovery:
            try:
                self.session.write_recovery(self.editor.text)
            except (UserError, OSError):
                pass

    def on_unmount(self) -> None:
        self.flush_recovery()
        self.session.close()
        self._collector.stop()  # the app's objects may be freed again (an app run from Python)

    def exit_soon(self, code: int) -> None:
        """Ask the app to exit from any thread, without waiting for it (the loop may be stuck)."""
        loop = self._loop
        if loop is not None and not loop.is_closed():
            loop.call_soon_threadsafe(self.exit, code)

    # ------------------------------------------------------------------ actions

    def show_error(self, exc: UserError | str, title: str = "出错了") -> None:
        self.push_screen(ErrorDialog(str(exc), title))

    def action_save(self, then: Callable[[], None] | None = None) -> None:
        text = self.editor.text
        if self.session.path is not None:
            self._save(text, None, then)
            return

        def named(name: str | None) -> None:
            if name is None:
                return
            try:
                path = self.session.resolve_new_path(name)
            except UserError as exc:
                self.show_error(exc)
                return
            self._save(text, path, then)

        suggestion = self.session.suggest_path(text).name
        self.push_screen(
            FileNameDialog("保存草稿", suggestion, "文件保存在工作区的 草稿/ 文件夹中。"), named
        )

    def _save(self, text: str, path: Path | None, then: Callable[[], None] | None) -> None:
        try:
            result = self.session.save(text, path)
        except UserError as exc:
            self.show_error(exc, "保存失败")
            return
        note = f"，原版本已备份为 {result.backup.name}" if result.backup else ""
        self.notify(f"已保存 {self.session.display_name()}{note}", title="保存")
        self.refresh_drafts()
        self._update_status()
        self.action_check(switch=False)
        if then is not None:
            then()

    def action_export(self) -> None:
        """Export, after asking when the draft has errors, open slots or unsaved changes."""
        self._export_review(self.editor.text)

    @work(thread=True, exclusive=True, group="export")
    def _export_review(self, text: str) -> None:
        try:
            concerns = self.session.export_concerns(text)
        except Exception as exc:  # a bug must not take the editor down
            self.call_from_thread(self.show_error, session_mod.internal_message(exc), "导出失败")
            return
        self.call_from_thread(self._export_ask, text, concerns)

    def _export_ask(self, text: str, concerns: session_mod.ExportConcerns) -> None:
        target = self.session.export_path().resolve()
        lines = concerns.lines()
        if not lines:
            self._export_confirmed(text, target)
            return
        choices = [("yes", "仍然导出")]
        if concerns.unsaved:
            choices.insert(0, ("save", "保存并导出"))
        choices.append(("cancel", "取消"))
        message = "\n".join(f"· {line}" for line in lines) + f"\n\n导出到：{target}"

        def answer(choice: str | None) -> None:
            if choice == "yes":
                self._export_confirmed(text, target)
            elif choice == "save":
                self.action_save(then=lambda: self._export_confirmed(self.editor.text, target))

        self.push_screen(ChoiceDialog("导出前请注意", message, choices), answer)

    def _export_confirmed(self, text: str, target: Path) -> None:
        if target.exists():
            self.push_screen(
                ConfirmDialog(
                    "导出 Word",
                    f"{target} 已存在。覆盖吗？（原文件会先备份）",
                    "覆盖",
                    "取消",
                ),
                lambda ok: self._export(text, target, True) if ok == "yes" else None,
            )
        else:
            self._export(text, target, False)

    @work(thread=True, exclusive=True, group="export")
    def _export(self, text: str, target: Path, force: bool) -> None:
        self.call_from_thread(self.notify, "正在导出……", title="导出 Word", timeout=2)
        try:
            result = self.session.export(text, target, force=force)
        except UserError as exc:
            self.call_from_thread(self.show_error, exc, "导出失败")
            return
        except Exception as exc:  # a bug must not take the editor down
            self.call_from_thread(self.show_error, session_mod.internal_message(exc), "导出失败")
            return
        self.last_export = result.path
        message = f"已导出到 {result.path.resolve()}"
        if result.backup is not None:
            message += f"，原文件已备份为 {result.backup.name}"
        if result.notes:
            message += "\n" + "\n".join(result.notes[:5])
        self.call_from_thread(
            self.notify,
            message,
            title="导出 Word",
            severity="warning" if result.notes else "information",
            timeout=8 if result.notes else 6,
        )
        if self.is_web:  # in a browser: the .docx is downloaded as well
            self.call_from_thread(self.deliver_binary, result.path, save_filename=result.path.name)

    def action_toggle_panes(self) -> None:
        """专注模式: hide both side panes (and bring them back)."""
        self.focus_now(self.editor)
        self.screen_stack[0].toggle_class("-panes-hidden")

    def _show_panes(self) -> None:
        self.screen_stack[0].remove_class("-panes-hidden")

    def show_tab(self, tab: str) -> None:
        """Switch the right-hand tabs; focus inside the old tab goes back to the editor."""
        self._show_panes()
        tabs = self.tabs
        focused = self.screen_stack[0].focused
        if tabs.active != tab and focused is not None and tabs in focused.ancestors:
            # otherwise the tabs follow the focus back to the tab being hidden
            self.focus_now(self.editor)
        tabs.active = tab

    def action_check(self, switch: bool = True) -> None:
        if switch:
            self.show_tab("tab-check")
        self.check_panel.show_running()
        self._check(self.editor.text)

    @work(thread=True, exclusive=True, group="check")
    def _check(self, text: str) -> None:
        import time

        started = time.perf_counter()
        try:
            rows = self.session.check(text)
            error = None
        except UserError as exc:
            rows, error = None, str(exc)
        except Exception as exc:  # a bug must not take the editor down
            rows, error = None, session_mod.internal_message(exc)
        elapsed = time.perf_counter() - started
        self.call_from_thread(self.check_panel.show, rows, error, elapsed)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # the main screen's keys do nothing while a dialog (or the palette) is open
        if action in MAIN_ACTIONS and len(self.screen_stack) > 1:
            return False
        return True

    def focus_now(self, widget: Widget) -> None:
        """Focus *widget* before the next key is handled (``Widget.focus`` is deferred)."""
        self.screen_stack[0].set_focus(widget)

    def action_focus_search(self) -> None:
        self._show_panes()
        tabs = self.tabs
        tabs.active = "tab-search"
        self.focus_now(self.search_panel.input)

    def action_show_tab(self, tab: str) -> None:
        self.show_tab(tab)

    def action_focus_drafts(self) -> None:
        self._show_panes()
        self.focus_now(self.draft_list)

    def action_focus_outline(self) -> None:
        self._show_panes()
        outline = self.outline_list
        outline.highlight_line(self.editor.cursor_location[0] + 1)
        self.focus_now(outline)

    def action_focus_editor(self) -> None:
        self.focus_now(self.editor)

    # ------------------------------------------------------------------ kept dialogs
    # The help screen and the new-draft form are built once, while the app is idle after
    # start-up (Textual's installed screens: composed and styled in the background, shown again
    # on every key press); building a dialog on the key press took longer than a user should wait.

    def _settle(self) -> None:
        self._prepare_dialogs()
        self.set_timer(SETTLE_DELAY, self._freeze_start_up_objects)

    def _freeze_start_up_objects(self) -> None:
        """Full garbage collections from now on only at rest (see tui/collector.py)."""
        self._collector.start()
        self.set_interval(1.0, self._collector.tick)
        self.settled = True

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.InputEvent):
            self._collector.touched()
        await super().on_event(event)

    def _prepare_dialogs(self) -> None:
        if not self.is_screen_installed(HELP_SCREEN):
            self.install_screen(HelpScreen(), HELP_SCREEN)
        if not self.is_screen_installed(NEW_DRAFT_SCREEN):
            try:
                outlines = self.session.outlines()
                stats, default = self.session.stats_files(), self.session.default_stats()
            except (UserError, OSError):
                outlines, stats, default = [], [], None  # Ctrl+N reports the problem when used
            self.install_screen(NewDraftDialog(outlines, stats, default), NEW_DRAFT_SCREEN)
        for name in (HELP_SCREEN, NEW_DRAFT_SCREEN):
            # Textual composes and mounts an installed screen when it is first pushed; its
            # _get_screen (what push_screen calls) does that part alone, off screen, now
            if not self.get_screen(name).is_running:
                self._get_screen(name)

    def _kept_dialog(self, name: str) -> Any | None:
        """The kept dialog *name*, or None while it is already open."""
        if not self.is_screen_installed(name):
            self._prepare_dialogs()
        dialog = self.get_screen(name)
        return None if dialog in self.screen_stack else dialog

    def action_help(self) -> None:
        if (dialog := self._kept_dialog(HELP_SCREEN)) is not None:
            self.push_screen(dialog)

    def action_new_draft(self) -> None:
        try:
            outlines = self.session.outlines()
        except UserError as exc:
            self.show_error(exc, "无法新建草稿")
            return
        dialog = self._kept_dialog(NEW_DRAFT_SCREEN)
        if dialog is None:
            return
        dialog.prepare(outlines, self.session.stats_files(), self.session.default_stats())

        def chosen(request: NewDraftRequest | None) -> None:
            if request is not None:
                self.leave_current(lambda: self._compose(request))

        self.push_screen(dialog, chosen)

    @work(thread=True, exclusive=True, group="compose")
    def _compose(self, request: NewDraftRequest) -> None:
        self.call_from_thread(self.notify, "正在生成初稿……", title="新建草稿", timeout=2)
        try:
            path = self.session.create_draft(request.kind, request.outline_id, request.stats_path)
        except UserError as exc:
            self.call_from_thread(self.show_error, exc, "无法新建草稿")
            return
        except Exception as exc:  # a bug must not take the editor down
            self.call_from_thread(
                self.show_error, session_mod.internal_message(exc), "无法新建草稿"
            )
            return
        self.call_from_thread(self._created, path)

    def _created(self, path: Path) -> None:
        self.open_draft(path)
        self.notify(f"已生成初稿 {self.session.display_name(path)}", title="新建草稿")
        self.editor.focus()

    def leave_current(self, then: Callable[[], None]) -> None:
        """Run *then* once the current draft may be left (saved, discarded or unchanged)."""
        if not self.dirty:
            then()
            return

        def answer(choice: str | None) -> None:
            if choice == "save":
                self.action_save(then=then)
            elif choice == "discard":
                self.session.discard_recovery()
                then()

        self.push_screen(
            ChoiceDialog(
                "未保存的修改",
                f"{self.session.display_name()} 有未保存的修改。",
                [("save", "保存"), ("discard", "不保存"), ("cancel", "取消")],
            ),
            answer,
        )

    def action_request_quit(self) -> None:
        def leave() -> None:
            # saved, unchanged, or the user chose not to save: no recovery file to keep
            self._keep_recovery = False
            self.exit(0)

        self.leave_current(leave)

    # ------------------------------------------------------------------ panel messages

    @on(DraftList.Open)
    def _open_requested(self, event: DraftList.Open) -> None:
        self.open_draft_checked(event.path)

    @on(OutlineList.Jump)
    def _jump(self, event: OutlineList.Jump) -> None:
        editor = self.editor
        row = max(0, min(event.line - 1, editor.document.line_count - 1))
        editor.move_cursor((row, event.column), center=True)
        self.focus_now(editor)

    @on(SearchPanel.Insert)
    def _insert(self, event: SearchPanel.Insert) -> None:
        editor = self.editor
        row, col = editor.cursor_location
        line = editor.document.get_line(row)
        at, text = session_mod.insertion(line, col, session_mod.quotation(event.hit))
        result = editor.insert(text, (row, at))
        editor.move_cursor(result.end_location)
        self.focus_now(editor)
        self.notify("已插入引文。", title="检索")


def make_app(
    workspace: Workspace | None,
    *,
    offer_folder: Path | None = None,
    open_path: Path | None = None,
    **options: Any,
) -> ZhengbingApp:
    """The app for a workspace (or none), as ``zhengbing tui`` and the tests build it."""
    return ZhengbingApp(workspace, offer_folder=offer_folder, open_path=open_path, **options)
