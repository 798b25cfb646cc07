"""The command palette (Ctrl+P): every action of the app, by its Chinese name."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider

if TYPE_CHECKING:
    from zhengbing.tui.app import ZhengbingApp

# (label, action, help)
ACTIONS: tuple[tuple[str, str, str], ...] = (
    ("保存草稿", "save", "Ctrl+S：保存，原版本自动备份"),
    ("导出 Word 文件", "export", "Ctrl+E：按公文格式导出到 成稿/"),
    ("体检当前草稿", "check", "F5：检查格式、数据、引文等问题"),
    ("检索法规", "focus_search", "Ctrl+F：检索条文并插入引文"),
    ("新建草稿", "new_draft", "Ctrl+N：按提纲和统计数据生成初稿"),
    ("查看统计数据", "show_tab('tab-data')", "F8：统计表和推算指标"),
    ("预览排版", "show_tab('tab-preview')", "F9：按导出时的解析方式预览"),
    ("草稿列表", "focus_drafts", "F2：打开其他草稿"),
    ("提纲", "focus_outline", "F3：跳到某个标题"),
    ("回到编辑区", "focus_editor", "F4"),
    ("专注模式（隐藏两侧面板）", "toggle_panes", "F10：再按一次恢复"),
    ("帮助：快捷键", "help", "F1"),
    ("退出", "request_quit", "Ctrl+Q：有未保存的修改时会询问"),
)


class ZhengbingCommands(Provider):
    """The app's actions and the workspace's drafts."""

    def _entries(self) -> list[tuple[str, Callable[[], object], str]]:
        app: ZhengbingApp = self.app  # type: ignore[assignment]
        entries: list[tuple[str, Callable[[], object], str]] = [
            (label, partial(app.run_action, action), help_) for label, action, help_ in ACTIONS
        ]
        for path in app.session.drafts():
            entries.append(
                (f"打开草稿：{path.stem}", partial(app.open_draft_checked, path), "草稿/")
            )
        return entries

    async def discover(self) -> Hits:
        for label, callback, help_ in self._entries():
            yield DiscoveryHit(label, callback, help=help_)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        found = False
        for label, callback, help_ in self._entries():
            score = matcher.match(label)
            if score > 0:
                found = True
                yield Hit(score, matcher.highlight(label), callback, help=help_)
        if not found and query.strip():
            # in Chinese, instead of the palette's own "No matches found"
            yield Hit(
                0.001, "（没有匹配的命令）", lambda: None, help="试试：保存、导出、体检、检索"
            )
