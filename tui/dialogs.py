"""Modal dialogs: choices, errors, help, file name, new draft and new workspace.

Each dialog only collects an answer and returns it with ``dismiss``; the app acts on it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.table import Table
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static
from zhengbing.tui.prose import Prose

from zhengbing import kinds
from zhengbing.session import OutlineChoice

KINDS: tuple[str, ...] = kinds.drafted_names()

# (keys, what they do) — the help screen and the README list the same keys
KEYS: tuple[tuple[str, str], ...] = (
    ("Ctrl+S", "保存草稿（原版本自动备份）"),
    ("Ctrl+E", "导出 Word 到 成稿/（覆盖前确认并备份）"),
    ("F5", "体检草稿；在结果上回车跳到该行"),
    ("Ctrl+F", "检索法规；↓/↑ 选择结果（下方预览全文），回车插入引文"),
    ("Ctrl+N", "新建草稿：选文种、提纲和统计表生成初稿"),
    ("F2", "切换到左侧草稿列表（回车打开）"),
    ("F3", "切换到左侧提纲（回车跳到该标题）"),
    ("F4", "回到编辑区"),
    ("F8", "查看统计数据和推算指标"),
    ("F9", "预览排版效果"),
    ("F10", "专注模式：隐藏/显示两侧面板"),
    ("Ctrl+P", "命令面板：按名称查找并执行各项操作"),
    ("F1", "显示本帮助"),
    ("Ctrl+Q", "退出（有未保存的修改时会询问）"),
    ("Tab / Shift+Tab", "在各区域之间移动"),
    ("Ctrl+Z / Ctrl+Y", "撤销 / 重做"),
    ("Ctrl+C / Ctrl+X / Ctrl+V", "复制 / 剪切 / 粘贴"),
    ("F6", "选中当前行"),
    ("F7", "全选"),
    ("Home / End", "到本行（折行后的这一段）开头 / 末尾"),
)

# Tab / Shift+Tab in the forms. Textual's own Tab binding is not a priority one: the key is
# first forwarded to the focused input and only moves focus once it has bubbled back up, so
# keys typed right after Tab (already queued for the old input) land in the previous field.
# A priority binding is run by the app before it forwards the next key, so focus has moved
# by the time that key is routed.
FIELD_KEYS: tuple[Binding, ...] = (
    Binding("tab", "app.focus_next", "下一项", show=False, priority=True),
    Binding("shift+tab", "app.focus_previous", "上一项", show=False, priority=True),
)


class ChoiceDialog(ModalScreen[str | None]):
    """A message with a row of buttons; returns the id of the button pressed (None on Esc)."""

    BINDINGS = [Binding("escape", "cancel", "取消")]

    def __init__(self, title: str, message: str, choices: list[tuple[str, str]]) -> None:
        super().__init__()
        self._title = title
        self._message = message
        self._choices = choices

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self._title, classes="dialog-title")
            yield Prose(self._message, classes="dialog-message")
            with Horizontal(classes="dialog-buttons"):
                for i, (key, label) in enumerate(self._choices):
                    yield Button(
                        label, id=f"choice-{key}", variant="primary" if i == 0 else "default"
                    )

    def on_mount(self) -> None:
        buttons = self.query(Button)
        if buttons:
            buttons.first().focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss((event.button.id or "").removeprefix("choice-"))

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmDialog(ChoiceDialog):
    def __init__(self, title: str, message: str, yes: str = "确定", no: str = "取消") -> None:
        super().__init__(title, message, [("yes", yes), ("no", no)])


class ErrorDialog(ModalScreen[None]):
    """An error in the same Chinese words the command line prints."""

    BINDINGS = [Binding("escape,enter", "close", "关闭")]

    def __init__(self, message: str, title: str = "出错了") -> None:
        super().__init__()
        self._message = message
        self._title = title

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog error"):
            yield Label(self._title, classes="dialog-title")
            yield Prose(f"错误：{self._message}", classes="dialog-message")
            with Horizontal(classes="dialog-buttons"):
                yield Button("知道了", id="close", variant="error")

    def on_mount(self) -> None:
        self.query_one(Button).focus()

    @on(Button.Pressed)
    def action_close(self) -> None:
        self.dismiss(None)


def keys_table() -> Table:
    """The keys of :data:`KEYS` as a two-column table (a description wraps in its column)."""
    table = Table(box=None, padding=(0, 1), pad_edge=False, expand=True, show_edge=False)
    table.add_column("按键", style="bold", no_wrap=True)
    table.add_column("作用", ratio=1)
    for key, what in KEYS:
        table.add_row(key, what)
    return table


class HelpScreen(ModalScreen[None]):
    """The keys, in Chinese.

    The keys are one static table, not a DataTable: the app keeps one help screen and shows it
    again on each F1, and a static text is drawn in a fraction of the time of a table widget.
    """

    BINDINGS = [Binding("escape,f1,q", "close", "关闭")]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog help"):
            yield Label("帮助：快捷键", classes="dialog-title")
            with VerticalScroll(id="help-keys"):
                yield Static(keys_table())
            yield Prose(
                "布局：左侧为草稿列表和提纲；中间为编辑区；右侧为检索、数据、体检、预览四页。\n"
                "未保存的修改随时自动写入恢复文件；程序意外退出后再次打开时会提示恢复。",
                classes="dialog-message",
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button("关闭", id="close", variant="primary")

    def on_screen_resume(self) -> None:
        self.query_one(Button).focus()

    @on(Button.Pressed)
    def action_close(self) -> None:
        self.dismiss(None)


class FileNameDialog(ModalScreen[str | None]):
    """Asks for a file name (for saving a draft that has none yet)."""

    BINDINGS = [Binding("escape", "cancel", "取消"), *FIELD_KEYS]

    def __init__(self, title: str, suggestion: str, note: str = "") -> None:
        super().__init__()
        self._title = title
        self._suggestion = suggestion
        self._note = note

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self._title, classes="dialog-title")
            if self._note:
                yield Prose(self._note, classes="dialog-message")
            yield Input(value=self._suggestion, id="file-name")
            with Horizontal(classes="dialog-buttons"):
                yield Button("确定", id="ok", variant="primary")
                yield Button("取消", id="cancel")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#ok")
    def _ok(self) -> None:
        value = self.query_one(Input).value.strip()
        if value:
            self.dismiss(value)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


@dataclass(frozen=True)
class NewDraftRequest:
    kind: str
    outline_id: str | None
    stats_path: Path | None


class NewDraftDialog(ModalScreen[NewDraftRequest | None]):
    """Choose kind, outline and statistics for a new draft.

    The app keeps one of these and shows it again on each Ctrl+N: :meth:`prepare` gives it the
    workspace's current outlines and statistics files, and each showing starts from the
    defaults (the first kind, its default outline, the default statistics).
    """

    BINDINGS = [Binding("escape", "cancel", "取消"), *FIELD_KEYS]

    def __init__(
        self,
        outlines: list[OutlineChoice],
        stats_files: list[Path],
        default_stats: Path | None,
    ) -> None:
        super().__init__()
        self._outlines = outlines
        self._stats = stats_files
        self._default_stats = default_stats
        self._shown_outlines: list[tuple[str, str]] | None = None
        self._shown_stats = self._stats_options()

    def prepare(
        self,
        outlines: list[OutlineChoice],
        stats_files: list[Path],
        default_stats: Path | None,
    ) -> None:
        """The choices for the next showing (the form itself is reset when it is shown)."""
        self._outlines = outlines
        self._stats = stats_files
        self._default_stats = default_stats

    def _stats_options(self) -> list[tuple[str, str]]:
        return [(p.name, str(p)) for p in self._stats]

    def _stats_value(self) -> str | Any:
        return str(self._default_stats) if self._default_stats else Select.BLANK

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("新建草稿", classes="dialog-title")
            with Horizontal(classes="form-row"):
                yield Label("文种")
                yield Select(
                    [(k, k) for k in KINDS], value=KINDS[0], allow_blank=False, id="nd-kind"
                )
            with Horizontal(classes="form-row"):
                yield Label("提纲")
                yield Select[str]([], prompt="（该文种的默认提纲）", id="nd-outline")
            with Horizontal(classes="form-row"):
                yield Label("统计表")
                yield Select(
                    self._stats_options(),
                    prompt="（不使用统计数据）",
                    value=self._stats_value(),
                    id="nd-stats",
                )
            with Horizontal(classes="dialog-buttons"):
                yield Button("生成初稿", id="ok", variant="primary")
                yield Button("取消", id="cancel")

    def on_mount(self) -> None:
        self._fill_outlines(KINDS[0])

    def on_screen_resume(self) -> None:
        # each showing starts from the defaults, with the choices given to prepare(); a list
        # of choices that has not changed is left as it is (rebuilding one restyles its rows)
        kind = self.query_one("#nd-kind", Select)
        if kind.value != KINDS[0]:
            kind.value = KINDS[0]
        self._fill_outlines(KINDS[0])
        stats = self.query_one("#nd-stats", Select)
        options = self._stats_options()
        if options != self._shown_stats:
            stats.set_options(options)
            self._shown_stats = options
        value = self._stats_value()
        if stats.value != value:
            stats.value = value
        kind.focus()

    def _fill_outlines(self, kind: str) -> None:
        options = [(o.name, o.id) for o in self._outlines if o.suits(kind)]
        outline = self.query_one("#nd-outline", Select)
        if options != self._shown_outlines:
            outline.set_options(options)
            self._shown_outlines = options
        elif not outline.is_blank():
            outline.clear()

    @on(Select.Changed, "#nd-kind")
    def _kind_changed(self, event: Select.Changed) -> None:
        if isinstance(event.value, str):
            self._fill_outlines(event.value)

    @on(Button.Pressed, "#ok")
    def _ok(self) -> None:
        kind = self.query_one("#nd-kind", Select).value
        outline = self.query_one("#nd-outline", Select).value
        stats = self.query_one("#nd-stats", Select).value
        self.dismiss(
            NewDraftRequest(
                kind=str(kind),
                outline_id=outline if isinstance(outline, str) else None,
                stats_path=Path(stats) if isinstance(stats, str) else None,
            )
        )

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


# (field, label, placeholder) — the same fields as `zhengbing init`
WORKSPACE_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("unit", "单位", "如：青山镇"),
    ("level", "级别", "镇、乡、街道、县、区"),
    ("province", "省", "如：浙江省"),
    ("city", "市", "如：湖州市"),
    ("county", "县（区）", "如：安吉县"),
    ("year", "年度", "如：2025"),
    ("speaker", "讲话人", "如：王建国"),
    ("office", "职务", "如：镇党委副书记、镇长"),
    ("organ", "落款单位", "不填则为“单位名称+人民武装部”"),
)


class WorkspaceDialog(ModalScreen[dict[str, str] | None]):
    """Offer to make a folder a workspace, asking for the unit profile."""

    BINDINGS = [Binding("escape", "cancel", "取消"), *FIELD_KEYS]

    def __init__(self, folder: Path, defaults: dict[str, Any] | None = None) -> None:
        super().__init__()
        self._folder = folder
        self._defaults = defaults or {}

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide workspace"):
            yield Label("创建工作区", classes="dialog-title")
            yield Prose(
                f"“{self._folder}”还不是工作区。是否在这里创建？"
                "将建立 zhengbing.toml 和 统计/、草稿/、成稿/、资料/ 文件夹。",
                classes="dialog-message",
            )
            with VerticalScroll(classes="form-scroll"):
                for key, label, hint in WORKSPACE_FIELDS:
                    with Horizontal(classes="form-row"):
                        yield Label(label)
                        yield Input(
                            value=str(self._defaults.get(key, "") or ""),
                            placeholder=hint,
                            id=f"ws-{key}",
                            compact=True,
                        )
            with Horizontal(classes="dialog-buttons"):
                yield Button("创建", id="ok", variant="primary")
                yield Button("不创建", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#ws-unit", Input).focus()

    @on(Button.Pressed, "#ok")
    def _ok(self) -> None:
        values = {
            key: self.query_one(f"#ws-{key}", Input).value.strip()
            for key, _l, _h in WORKSPACE_FIELDS
        }
        self.dismiss(values)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
