"""The jinja2 environment of compose: strict undefined, numeral filters, readable errors.

Bundled templates run in a normal environment; as soon as a workspace has its own
``templates/`` folder, everything runs in jinja2's :class:`SandboxedEnvironment`, because
those templates come from the user's files.
"""

from __future__ import annotations

import functools
import os
import re
import traceback
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import jinja2
from jinja2.compiler import CodeGenerator, Frame
from jinja2.exceptions import SecurityError
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


# The largest value (characters of a string, items of a list) a workspace template may build,
# and the most text one template may produce: a draft is a few thousand characters.
MAX_VALUE = 2_000_000
MAX_TEMPLATE_BYTES = 1024 * 1024


def _too_big(what: str) -> SecurityError:
    return SecurityError(f"{what}超过上限 {MAX_VALUE} 个字符（或元素），已停止")


def _size(value: object) -> int:
    return len(value) if isinstance(value, (str, bytes, list, tuple, dict, set)) else 0


def _check_ints(args: Iterable[object], what: str) -> None:
    for value in args:
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_VALUE:
            raise _too_big(what)


class ConfinedLoader(jinja2.BaseLoader):
    """Loads templates only from files whose real path (symlinks resolved) lies inside one
    of the template folders; reads each through the bounded reader (regular files only)."""

    def __init__(self, folders: list[Path]) -> None:
        self.folders = [Path(f) for f in folders]

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        from jinja2.loaders import split_template_path

        from zhengbing.textio import decode_bytes, read_user_bytes

        pieces = split_template_path(template)  # refuses "..": no way up by name
        for folder in self.folders:
            path = folder.joinpath(*pieces)
            if not os.path.lexists(path):
                continue
            real = Path(os.path.realpath(path))
            if not real.is_relative_to(Path(os.path.realpath(folder))):
                raise SecurityError(
                    f"模板“{template}”实际指向模板文件夹以外的文件（{real}），不会读取"
                )
            data = read_user_bytes(path, max_bytes=MAX_TEMPLATE_BYTES, what="模板")
            text = decode_bytes(data, str(path)).text
            mtime = os.path.getmtime(path)

            def uptodate(path: Path = path, mtime: float = mtime) -> bool:
                try:
                    return os.path.getmtime(path) == mtime
                except OSError:
                    return False

            return text, str(path), uptodate
        raise jinja2.TemplateNotFound(template)

    def list_templates(self) -> list[str]:
        found: set[str] = set()
        for folder in self.folders:
            for p in folder.rglob("*"):
                if p.is_file():
                    found.add(p.relative_to(folder).as_posix())
        return sorted(found)


class _BoundedCodeGenerator(CodeGenerator):
    """Compiles ``a ~ b`` to a join that stops past :data:`MAX_VALUE` characters."""

    def visit_Concat(self, node: jinja2.nodes.Concat, frame: Frame) -> None:
        self.write("environment.bounded_join((")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")


class _BoundedTemplate(jinja2.Template):
    def render(self, *args: Any, **kwargs: Any) -> str:
        """As :meth:`jinja2.Template.render`, stopping past :data:`MAX_VALUE` characters."""
        ctx = self.new_context(dict(*args, **kwargs))
        parts: list[str] = []
        total = 0
        try:
            for piece in self.root_render_func(ctx):
                total += len(piece)
                if total > MAX_VALUE:
                    raise _too_big("模板生成的文字")
                parts.append(piece)
        except Exception:
            self.environment.handle_exception()
        return "".join(parts)


class BoundedSandbox(SandboxedEnvironment):
    """jinja2's sandbox, plus a bound on the size of every value a template builds: ``*``,
    ``**``, ``+``, ``%`` and ``~``, method calls and filters with a huge count, ``namespace``
    attributes, and the rendered text. Workspace templates are the user's files: a typo
    like ``"a" * 4000000000`` must end with a message, not with the memory of the machine."""

    intercepted_binops = frozenset({"*", "**", "+", "%"})
    code_generator_class = _BoundedCodeGenerator
    template_class = _BoundedTemplate

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.globals["namespace"] = _BoundedNamespace
        for name, func in list(self.filters.items()):
            self.filters[name] = _bounded_filter(name, func)

    def call_binop(
        self, context: jinja2.runtime.Context, operator: str, left: Any, right: Any
    ) -> Any:
        if operator == "*":
            for seq, n in ((left, right), (right, left)):
                if _size(seq) and isinstance(n, int) and _size(seq) * n > MAX_VALUE:
                    raise _too_big("“*” 的结果")
        elif operator == "**":
            if isinstance(left, int) and isinstance(right, int) and right > 0:
                if abs(left) > 1 and right * max(abs(left).bit_length(), 1) > 4096:
                    raise _too_big("“**” 的结果")
        elif operator == "+":
            if _size(left) + _size(right) > MAX_VALUE:
                raise _too_big("“+” 的结果")
        elif operator == "%" and isinstance(left, str):
            _check_ints(right if isinstance(right, tuple) else (right,), "“%” 的宽度")
            if re.search(r"\d{8,}", left):
                raise _too_big("“%” 的宽度")
        return super().call_binop(context, operator, left, right)

    def call(
        __self,  # noqa: N805 - as in jinja2: a keyword argument may be called "self"
        __context: jinja2.runtime.Context,
        __obj: Any,
        *args: Any,
        **kwargs: Any,
    ) -> Any:
        owner = getattr(getattr(__obj, "__wrapped__", __obj), "__self__", None)
        if isinstance(owner, (str, bytes, list, tuple)):  # "a".ljust(n), "{:>n}".format()
            _check_ints([*args, *kwargs.values()], "调用的参数")
            if isinstance(owner, str) and getattr(__obj, "__name__", "") in (
                "format",
                "format_map",
            ):
                if re.search(r"\d{8,}", owner):
                    raise _too_big("格式宽度")
        result = SandboxedEnvironment.call(__self, __context, __obj, *args, **kwargs)
        if _size(result) > MAX_VALUE:
            raise _too_big("调用的结果")
        return result

    @staticmethod
    def bounded_join(values: Iterable[Any]) -> str:
        parts: list[str] = []
        total = 0
        for value in values:
            text = str(value)
            total += len(text)
            if total > MAX_VALUE:
                raise _too_big("“~” 的结果")
            parts.append(text)
        return "".join(parts)


class _BoundedNamespace(jinja2.utils.Namespace):
    def __setitem__(self, name: str, value: Any) -> None:
        if _size(value) > MAX_VALUE:
            raise _too_big(f"namespace 的属性 {name} ")
        super().__setitem__(name, value)


def _bounded_filter(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    """A jinja2 built-in filter that refuses a huge count (``center(4000000000)``) and a
    ``join`` whose result would pass :data:`MAX_VALUE`."""
    skip = 2 if getattr(func, "jinja_pass_arg", None) is not None else 1

    @functools.wraps(func)
    def bounded(*args: Any, **kwargs: Any) -> Any:
        _check_ints([*args[skip:], *kwargs.values()], f"过滤器 {name} 的参数")
        if name == "join" and len(args) > skip - 1:
            items = list(args[skip - 1])
            if len(items) > MAX_VALUE:
                raise _too_big("过滤器 join 的结果")
            total = 0
            for item in items:
                total += len(str(item))
                if total > MAX_VALUE:
                    raise _too_big("过滤器 join 的结果")
            args = (*args[: skip - 1], items, *args[skip:])
        result = func(*args, **kwargs)
        if _size(result) > MAX_VALUE:
            raise _too_big(f"过滤器 {name} 的结果")
        return result

    return bounded


def make_environment(workspace: Workspace | None = None) -> jinja2.Environment:
    """The environment for one compose run (sandboxed when the workspace has templates/)."""
    sandboxed = workspace is not None and workspace.templates_dir.is_dir()
    cls: type[jinja2.Environment] = BoundedSandbox if sandboxed else jinja2.Environment
    folders = kinds_dirs(workspace)
    loader: jinja2.BaseLoader = (
        ConfinedLoader(folders)
        if sandboxed
        else jinja2.FileSystemLoader([str(d) for d in folders], encoding="utf-8")
    )
    env = cls(
        loader=loader,
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
