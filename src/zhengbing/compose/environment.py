"""The jinja2 environment of compose: strict undefined, numeral filters, readable errors.

Bundled templates run in a normal environment; as soon as a workspace has its own
``templates/`` folder, everything runs in jinja2's :class:`SandboxedEnvironment`, because
those templates come from the user's files.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from zhengbing import numerals, resources, slots
from zhengbing.compose.figures import FigureError, compare, figure_filter, names, pp_compare
from zhengbing.errors import InputError
from zhengbing.workspace import Workspace

KINDS_DIR = "kinds"


def kinds_dirs(workspace: Workspace | None) -> list[Path]:
    dirs: list[Path] = []
    if workspace is not None:
        own = workspace.templates_dir / KINDS_DIR
        if own.is_dir():
            dirs.append(own)
    dirs.append(resources.templates_dir() / KINDS_DIR)
    return dirs


def make_environment(workspace: Workspace | None = None) -> jinja2.Environment:
    """The environment for one compose run (sandboxed when the workspace has templates/)."""
    sandboxed = workspace is not None and workspace.templates_dir.is_dir()
    cls: type[jinja2.Environment] = SandboxedEnvironment if sandboxed else jinja2.Environment
    env = cls(
        loader=jinja2.FileSystemLoader([str(d) for d in kinds_dirs(workspace)], encoding="utf-8"),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    filters: dict[str, Callable[..., Any]] = {
        name: figure_filter(func) for name, func in numerals.FILTERS.items()
    }
    filters["compare"] = figure_filter(compare)
    filters["pp_compare"] = figure_filter(pp_compare)
    filters["names"] = names
    env.filters.update(filters)
    env.globals["chinese"] = numerals.chinese
    env.globals["fill"] = slots.fill
    env.globals["verify"] = slots.verify
    return env


def display(path: str | None) -> str:
    if not path:
        return "<模板>"
    p = Path(path)
    for base in (resources.templates_dir().parent, Path.cwd()):
        try:
            return p.resolve().relative_to(base.resolve()).as_posix()
        except ValueError:
            continue
    return str(p)


def _template_frame(exc: BaseException) -> tuple[str | None, int | None]:
    """The innermost template file and line of a runtime error (jinja2 rewrites tracebacks)."""
    found: tuple[str | None, int | None] = (None, None)
    for frame in traceback.extract_tb(exc.__traceback__):
        name = frame.filename
        if name.endswith((".j2", ".jinja", ".md", ".txt")) or name == "<template>":
            found = (name, frame.lineno)
    return found


def template_error(
    exc: BaseException, *, where: str | None = None, line_offset: int = 0
) -> InputError:
    """A Chinese error naming the template file (or outline field) and line."""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        file = where or display(exc.filename)
        line = (exc.lineno or 1) + line_offset
        return InputError(
            f"模板 {file} 第 {line} 行：语法错误（{exc.message}）。未写入任何文件。",
            hint="请检查 {{ }}、{% %} 是否成对、拼写是否正确。",
        )
    if isinstance(exc, jinja2.TemplateNotFound):
        return InputError(f"找不到模板：{exc.name}", hint="模板放在 templates/kinds/ 中。")
    file, line = _template_frame(exc)
    place = where or display(file)
    if line is not None:
        place += f" 第 {(line or 1) + line_offset} 行"
    if isinstance(exc, FigureError):
        return InputError(f"{place}：{exc.message} 未写入任何文件。", hint=exc.hint)
    if isinstance(exc, jinja2.UndefinedError):
        return InputError(
            f"模板 {place}：用到了未定义的名称（{exc.message}）。未写入任何文件。",
            hint="可用的名称见 README“起草”一节（如 t.报名人数、r.完成率、yoy.定兵人数）。",
        )
    if isinstance(exc, jinja2.exceptions.SecurityError):
        return InputError(
            f"模板 {place}：工作区模板不允许执行这一操作（{exc}）。未写入任何文件。",
            hint="工作区中的模板在安全沙箱中运行，只能使用统计数据和过滤器。",
        )
    return InputError(
        f"模板 {place}：渲染出错（{type(exc).__name__}：{exc}）。未写入任何文件。",
        hint="请检查模板中的表达式和过滤器参数。",
    )


def render_string(
    env: jinja2.Environment, text: str, context: dict[str, Any], *, where: str, line: int = 0
) -> str:
    """Render one piece of outline prose; errors name the outline file and line."""
    try:
        template = env.from_string(text)
        return template.render(context)
    except InputError as exc:
        if isinstance(exc, FigureError):
            raise template_error(exc, where=f"提纲 {where}", line_offset=max(line - 1, 0)) from None
        raise
    except Exception as exc:  # noqa: BLE001 - every template failure becomes a user error
        raise template_error(exc, where=f"提纲 {where}", line_offset=max(line - 1, 0)) from None
