"""Keys, palette and dialogs of the editor screen, checked against files on disk."""

from __future__ import annotations

import asyncio

from textual.command import CommandPalette
from zhengbing.tui.dialogs import ErrorDialog, FileNameDialog, HelpScreen, WorkspaceDialog
from zhengbing.tui.panels import OutlineList, SearchPanel

from .conftest import SPEECH, make_workspace, type_text, wait_until


def test_palette_runs_save(tmp_path, app_factory):
    ws = make_workspace(tmp_path / "工作区")
    draft = ws.drafts_dir / "动员讲话.md"

    async def scenario() -> None:
        app = app_factory(ws)
        async with app.run_test(size=(120, 40)) as pilot:
            await wait_until(pilot, lambda: app.ready_for_typing)
            await type_text(pilot, "戊")
            await pilot.press("ctrl+p")
            await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette))
            await type_text(pilot, "保存草稿")
            await pilot.pause(0.3)
            await pilot.press("enter")
            await wait_until(pilot, lambda: not app.dirty)
        assert draft.read_text(encoding="utf-8") == "戊" + SPEECH

    asyncio.run(scenario())


def test_untitled_draft_asks_for_a_name(tmp_path, app_factory):
    ws = make_workspace(tmp_path / "工作区", with_draft=False)

    async def scenario() -> None:
        app = app_factory(ws)
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_until(pilot, lambda: app.ready_for_typing)
            assert app.session.path is None
            await type_text(pilot, "# 关于征兵工作的几点体会\n\n要抓早抓实。")
            await pilot.press("ctrl+s")
            await wait_until(pilot, lambda: isinstance(app.screen, FileNameDialog))
            name = app.screen.query_one("#file-name").value
            assert name == "关于征兵工作的几点体会.md"  # suggested from the title
            await pilot.press("enter")
            await wait_until(pilot, lambda: app.session.path is not None)
        saved = ws.drafts_dir / "关于征兵工作的几点体会.md"
        assert saved.read_text(encoding="utf-8") == "# 关于征兵工作的几点体会\n\n要抓早抓实。"

    asyncio.run(scenario())


def test_outline_jumps_to_heading_and_help_opens(tmp_path, app_factory):
    ws = make_workspace(tmp_path / "工作区")

    async def scenario() -> None:
        app = app_factory(ws)
        async with app.run_test(size=(120, 40)) as pilot:
            await wait_until(pilot, lambda: app.ready_for_typing)
            outline = app.query_one(OutlineList)
            texts = [str(outline.get_option_at_index(i).prompt).strip() for i in range(3)]
            assert texts[1] == "一、提高政治站位"
            await pilot.press("f3")
            assert outline.has_focus
            await pilot.press("down", "down", "enter")
            await pilot.pause()
            assert app.editor.has_focus
            row, _ = app.editor.cursor_location
            assert app.editor.document.get_line(row) == "## 二、突出工作重点"
            await pilot.press("f1")
            await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
            await pilot.press("ctrl+s")  # main-screen keys are off while a dialog is open
            await pilot.pause()
            assert isinstance(app.screen, HelpScreen)
            await pilot.press("escape")
            await pilot.pause()
            assert not isinstance(app.screen, HelpScreen)

    asyncio.run(scenario())


def test_unreadable_draft_shows_the_chinese_error(tmp_path, app_factory):
    ws = make_workspace(tmp_path / "工作区")
    bad = ws.drafts_dir / "坏文件.md"
    bad.write_bytes(b"\x00\x01\x02\xff\xfe\x00binary")

    async def scenario() -> None:
        app = app_factory(ws, open_path=bad)
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_until(pilot, lambda: isinstance(app.screen, ErrorDialog))
            assert "坏文件.md" in app.screen._message
            await pilot.press("enter")
            await pilot.pause()
            assert app.is_running and not isinstance(app.screen, ErrorDialog)

    asyncio.run(scenario())


def test_non_workspace_folder_offers_to_create_one(tmp_path, app_factory):
    folder = tmp_path / "新单位"
    folder.mkdir()

    async def scenario() -> None:
        app = app_factory(None, offer_folder=folder)
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_until(pilot, lambda: isinstance(app.screen, WorkspaceDialog))
            await type_text(pilot, "青山镇")
            app.screen.query_one("#ws-year").value = "2026"
            await pilot.click("#ok")
            await wait_until(pilot, lambda: app.session.workspace is not None)
            assert app.session.workspace.profile.unit == "青山镇"
            assert app.session.workspace.profile.level == "镇"
        assert (folder / "zhengbing.toml").is_file()
        assert (folder / "草稿").is_dir()

    asyncio.run(scenario())


def test_preview_uses_the_project_parser_and_follows_edits(tmp_path, app_factory):
    from textual.widgets import Markdown

    ws = make_workspace(tmp_path / "工作区")

    async def scenario() -> None:
        app = app_factory(ws)
        async with app.run_test(size=(120, 40)) as pilot:
            await wait_until(pilot, lambda: app.ready_for_typing)
            await pilot.press("f9")
            preview = app.query_one("#preview", Markdown)
            await wait_until(pilot, lambda: "一、提高政治站位" in preview.source)
            await pilot.pause(0.3)
            headings = [str(h.content) for h in preview.query("MarkdownH2")]
            assert any("一、提高政治站位" in h for h in headings)
            meta = str(app.query_one("#preview-meta").render())
            assert "文种 讲话" in meta and "单位 云岭镇" in meta  # front matter, not body text
            assert not [p for p in preview.query("MarkdownParagraph") if "标题:" in str(p.content)]
            app.editor.move_cursor((app.editor.document.line_count - 1, 0))
            await type_text(pilot, "## 三、加强组织领导\n")
            await wait_until(
                pilot,
                lambda: any(
                    "三、加强组织领导" in str(h.content) for h in preview.query("MarkdownH2")
                ),
            )

    asyncio.run(scenario())


def test_status_line_tells_when_markdown_is_not_coloured(tmp_path, app_factory):
    ws = make_workspace(tmp_path / "工作区")

    async def scenario() -> None:
        app = app_factory(ws)
        async with app.run_test(size=(120, 40)) as pilot:
            await wait_until(pilot, lambda: app.ready_for_typing)
            status = str(app.query_one("#status").render())
            if "markdown" in app.editor.available_languages:
                assert app.editor.language == "markdown" and "未着色" not in status
            else:
                assert app.editor.language is None and "zhengbing[syntax]" in status

    asyncio.run(scenario())


def test_workspace_form_error_is_shown_and_the_form_comes_back(tmp_path, app_factory):
    folder = tmp_path / "新单位"
    folder.mkdir()

    async def scenario() -> None:
        app = app_factory(None, offer_folder=folder)
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_until(pilot, lambda: isinstance(app.screen, WorkspaceDialog))
            await type_text(pilot, "青山镇")
            app.screen.query_one("#ws-year").value = "明年"
            await pilot.click("#ok")
            await wait_until(pilot, lambda: isinstance(app.screen, ErrorDialog))
            assert "年度" in app.screen._message
            await pilot.press("enter")
            await wait_until(pilot, lambda: isinstance(app.screen, WorkspaceDialog))
            assert app.screen.query_one("#ws-unit").value == "青山镇"  # nothing retyped
            app.screen.query_one("#ws-year").value = "2026"
            await pilot.click("#ok")
            await wait_until(pilot, lambda: app.session.workspace is not None)
            assert app.session.workspace.profile.year == 2026
        assert (folder / "zhengbing.toml").is_file()

    asyncio.run(scenario())


def test_palette_and_ctrl_c_speak_chinese(tmp_path, app_factory):
    from textual.command import CommandList

    ws = make_workspace(tmp_path / "工作区")

    async def scenario() -> None:
        app = app_factory(ws)
        async with app.run_test(size=(120, 40)) as pilot:
            await wait_until(pilot, lambda: app.ready_for_typing)
            await pilot.press("f2")  # outside the editor Ctrl+C is not "copy"
            await pilot.press("ctrl+c")
            await pilot.pause()
            assert any("Ctrl+Q" in n.message for n in app._notifications)
            await pilot.press("ctrl+p")
            await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette))
            await type_text(pilot, "qqq")
            commands = app.screen.query_one(CommandList)
            await wait_until(pilot, lambda: commands.option_count > 0)
            await pilot.pause(1.2)  # past the palette's own "no matches" delay
            prompts = [
                str(commands.get_option_at_index(i).prompt) for i in range(commands.option_count)
            ]
            assert any("没有匹配的命令" in p for p in prompts)
            assert not any("No matches" in p for p in prompts)

    asyncio.run(scenario())


def test_focus_mode_hides_side_panes_and_search_brings_them_back(tmp_path, app_factory):
    ws = make_workspace(tmp_path / "工作区")

    async def scenario() -> None:
        app = app_factory(ws)
        async with app.run_test(size=(80, 24)) as pilot:
            await wait_until(pilot, lambda: app.ready_for_typing)
            narrow = app.editor.size.width
            await pilot.press("f10")
            await pilot.pause()
            assert not app.query_one("#left").display and not app.query_one("#right").display
            assert app.editor.size.width >= 76 > narrow
            await type_text(pilot, "甲")  # still typing into the editor
            assert app.editor.text.startswith("甲")
            await pilot.press("ctrl+f")
            await pilot.pause()
            assert app.query_one("#right").display
            assert app.query_one(SearchPanel).input.has_focus

    asyncio.run(scenario())


def test_edits_followed_by_a_dialog_do_not_break_the_app(tmp_path, app_factory):
    """Outline, preview and recovery timers fire while a dialog is the active screen."""
    from zhengbing.tui.dialogs import ChoiceDialog

    ws = make_workspace(tmp_path / "工作区")

    async def scenario() -> None:
        app = app_factory(ws)
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_until(pilot, lambda: app.ready_for_typing)
            await pilot.press("f9")
            await pilot.press("f4")
            await type_text(pilot, "## 新标题\n")
            await pilot.press("ctrl+q")
            await wait_until(pilot, lambda: isinstance(app.screen, ChoiceDialog))
            await pilot.pause(1.0)  # the timers fire behind the dialog
            assert app.is_running
            assert any(item.text == "新标题" for item in app.outline_list._items)
            await pilot.press("escape")
            await pilot.pause()
            assert app.is_running and not isinstance(app.screen, ChoiceDialog)

    asyncio.run(scenario())
