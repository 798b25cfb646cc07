"""`render --fonts windows` (spec b.3.10) and the note about faces this computer lacks."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from zhengbing import fonts
from zhengbing.cli import main
from zhengbing.docxprops import check_docx

SPEECH = """---
title: 在全镇2024年征兵工作动员会议上的讲话
kind: 讲话
speaker: 张明
date: 2024-03-01
---

同志们：

## 一、提高认识

### （一）突出重点

**一是加强宣传。**今年的宣传要早。
"""


def _east_asia(path: Path) -> dict[str, str]:
    """The Chinese face of the defaults (as "Normal") and of some styles."""
    root = docx.Document(str(path)).styles.element
    faces = {"Normal": root.xpath("w:docDefaults/w:rPrDefault/w:rPr/w:rFonts/@w:eastAsia")[0]}
    for sid in ("GwTitle", "GwH1", "GwH2", "Footer"):
        found = root.xpath(f'w:style[@w:styleId="{sid}"]/w:rPr/w:rFonts/@w:eastAsia')
        faces[sid] = found[0] if found else ""
    return faces


@pytest.fixture
def speech(tmp_path: Path) -> Path:
    src = tmp_path / "讲话.md"
    src.write_text(SPEECH, encoding="utf-8")
    return src


def test_windows_profile_uses_the_built_in_faces(speech: Path, tmp_path: Path) -> None:
    out = tmp_path / "win.docx"
    assert main(["render", str(speech), "-o", str(out), "--fonts", "windows"]) == 0
    faces = _east_asia(out)
    assert faces["Normal"] == "仿宋"
    assert faces["GwTitle"] == "宋体"
    assert faces["GwH1"] == "黑体"
    assert faces["GwH2"] == "楷体"
    assert faces["Footer"] == "宋体"
    assert check_docx(out, fonts="windows") == []
    # and it is not a GB2312 document
    assert any(f.startswith("E10") for f in check_docx(out))


def test_default_profile_keeps_the_gb2312_faces(speech: Path, tmp_path: Path) -> None:
    out = tmp_path / "gb.docx"
    assert main(["render", str(speech), "-o", str(out)]) == 0
    faces = _east_asia(out)
    assert faces["Normal"] == "仿宋_GB2312" and faces["GwTitle"] == "方正小标宋简体"
    assert faces["GwH2"] == "楷体_GB2312"
    assert check_docx(out) == []


def test_unknown_profile_is_a_usage_error(speech: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["render", str(speech), "--fonts", "mac"])
    assert exc.value.code == 2
    assert "windows" in capsys.readouterr().err
    assert not speech.with_suffix(".docx").exists()


def test_registry_names_become_family_names() -> None:
    names = fonts.family_names(
        ["SimSun & NSimSun (TrueType)", "仿宋_GB2312 (TrueType)", "KaiTi (TrueType)", "Arial"]
    )
    assert names == {"simsun", "nsimsun", "仿宋_gb2312", "kaiti", "arial"}


def test_missing_faces_are_named() -> None:
    windows_10 = fonts.family_names(
        [
            "SimSun & NSimSun (TrueType)",
            "FangSong (TrueType)",
            "KaiTi (TrueType)",
            "SimHei (TrueType)",
        ]
    )
    assert fonts.missing_faces("gb2312", windows_10) == [
        "仿宋_GB2312",
        "楷体_GB2312",
        "方正小标宋简体",
    ]
    assert fonts.missing_faces("windows", windows_10) == []
    assert fonts.missing_faces("gb2312", None) == []  # not a Windows computer: not checked
    note = fonts.missing_fonts_notice("gb2312", windows_10)
    assert note is not None and "仿宋_GB2312" in note and "--fonts windows" in note


def test_render_tells_the_user_which_faces_are_missing(
    speech: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(fonts, "installed_families", lambda: {"simsun", "simhei"})
    assert main(["render", str(speech), "-o", str(tmp_path / "a.docx")]) == 0
    err = capsys.readouterr().err
    assert "本机没有安装字体 仿宋_GB2312、楷体_GB2312、方正小标宋简体" in err
    assert (tmp_path / "a.docx").is_file()  # a note, not a refusal


def _workspace_with_fonts(tmp_path: Path, value: str) -> Path:
    root = tmp_path / "工作区"
    (root / "草稿").mkdir(parents=True)
    (root / "zhengbing.toml").write_text(
        f'unit = "青山镇"\nyear = 2024\nfonts = "{value}"\n', encoding="utf-8"
    )
    (root / "草稿" / "讲话.md").write_text(SPEECH, encoding="utf-8")
    return root


def test_workspace_font_profile_is_the_default(tmp_path: Path) -> None:
    root = _workspace_with_fonts(tmp_path, "windows")
    assert main(["render", str(root / "草稿" / "讲话.md")]) == 0
    out = root / "成稿" / "讲话.docx"
    assert _east_asia(out)["Normal"] == "仿宋"
    # the command line wins
    assert main(["render", str(root / "草稿" / "讲话.md"), "--fonts", "gb2312", "--force"]) == 0
    assert _east_asia(out)["Normal"] == "仿宋_GB2312"


def test_workspace_font_profile_must_be_known(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _workspace_with_fonts(tmp_path, "mac")
    # render does not need the profile: it says so and goes on with the standard faces
    assert main(["render", str(root / "草稿" / "讲话.md")]) == 0
    err = capsys.readouterr().err
    assert "fonts = 'mac' 不是可用的字体方案" in err and "按默认字体 gb2312" in err
    assert _east_asia(root / "成稿" / "讲话.docx")["Normal"] == "仿宋_GB2312"
    # draft reads the profile and stops with the same message
    assert main(["draft", "讲话", "-w", str(root)]) == 2
    assert "fonts = 'mac' 不是可用的字体方案" in capsys.readouterr().err


def test_draft_docx_uses_the_workspace_font_profile(tmp_path: Path) -> None:
    import shutil

    from zhengbing.resources import templates_dir

    root = tmp_path / "单位"
    shutil.copytree(templates_dir() / "examples" / "workspace", root)
    with (root / "zhengbing.toml").open("a", encoding="utf-8") as fh:
        fh.write('fonts = "windows"\n')
    assert main(["draft", "总结", "-w", str(root), "--docx"]) == 0
    (docx_file,) = (root / "成稿").glob("*.docx")
    assert _east_asia(docx_file)["GwTitle"] == "宋体"
    assert check_docx(docx_file, fonts="windows") == []


def test_init_writes_the_font_profile(tmp_path: Path) -> None:
    from zhengbing.workspace import Profile, find_workspace
    from zhengbing.workspace_init import init_workspace

    init_workspace(tmp_path / "甲", Profile(unit="青山镇", year=2025, fonts="windows"))
    init_workspace(tmp_path / "乙", Profile(unit="青山镇", year=2025))
    found = [find_workspace(tmp_path / name) for name in ("甲", "乙")]
    assert [ws.profile.fonts if ws else None for ws in found] == ["windows", ""]
    assert '# fonts = "windows"' in (tmp_path / "乙" / "zhengbing.toml").read_text(encoding="utf-8")
