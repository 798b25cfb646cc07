"""The one configured Markdown parser of the project (drafts, corpus files, previews).

CommonMark plus tables and YAML front matter. Raw HTML is not rendered (a draft's
``<!-- ... -->`` comments survive as ``html_block`` tokens that the writer leaves out).
A soft line break between two Chinese characters is dropped instead of becoming a space,
because Chinese text is wrapped without spaces.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.common.utils import isMdAsciiPunct, isPunctChar, isWhiteSpace
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline.state_inline import Delimiter, StateInline
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin

# Han ideographs, CJK punctuation and full-width forms: no space is inserted between them.
# (Compared by code point: a regular expression class over these ranges costs milliseconds
# to compile at every start of the program.)
_CJK_RANGES: tuple[tuple[int, int], ...] = (
    (0x2E80, 0x2FFF),
    (0x3000, 0x303F),
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF),
    (0xFF00, 0xFFEF),
)
_CJK_MARKS = frozenset("\u201c\u201d\u2018\u2019\u2026\u2014\u00b7")


def is_cjk(ch: str) -> bool:
    """Whether the first character of *ch* is Chinese text or punctuation."""
    if not ch:
        return False
    first = ch[0]
    if first in _CJK_MARKS:
        return True
    code = ord(first)
    return any(low <= code <= high for low, high in _CJK_RANGES)


def _drop_cjk_softbreaks(state: StateCore) -> None:
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        children = block.children
        for i, tok in enumerate(children):
            if tok.type != "softbreak":
                continue
            before = _last_char(children[:i])
            after = _first_char(children[i + 1 :])
            if is_cjk(before) and is_cjk(after):
                replacement = Token("text", "", 0)
                replacement.content = ""
                children[i] = replacement


def _last_char(tokens: list[Token]) -> str:
    for tok in reversed(tokens):
        if tok.type in ("text", "code_inline") and tok.content:
            return tok.content[-1]
        if tok.type in ("softbreak", "hardbreak"):
            return ""
    return ""


def _first_char(tokens: list[Token]) -> str:
    for tok in tokens:
        if tok.type in ("text", "code_inline") and tok.content:
            return tok.content[0]
        if tok.type in ("softbreak", "hardbreak"):
            return ""
    return ""


def _is_punct(ch: str) -> bool:
    # CJK punctuation counts as a letter for emphasis flanking, so that ``**一是……。**今年``
    # closes the bold run (plain CommonMark refuses: `。` is punctuation and `今` is not).
    if is_cjk(ch):
        return False
    return isMdAsciiPunct(ord(ch)) or isPunctChar(ch)


def _cjk_emphasis(state: StateInline, silent: bool) -> bool:
    """CommonMark's emphasis tokenizer with CJK-friendly delimiter flanking."""
    start = state.pos
    marker = state.src[start]
    if silent or marker not in ("_", "*"):
        return False
    pos = start
    while pos < state.posMax and state.src[pos] == marker:
        pos += 1
    count = pos - start
    last = state.src[start - 1] if start > 0 else " "
    nxt = state.src[pos] if pos < state.posMax else " "
    last_punct, next_punct = _is_punct(last), _is_punct(nxt)
    last_ws, next_ws = isWhiteSpace(ord(last)), isWhiteSpace(ord(nxt))
    left = not (next_ws or (next_punct and not (last_ws or last_punct)))
    right = not (last_ws or (last_punct and not (next_ws or next_punct)))
    split = marker == "*"
    can_open = left and (split or not right or last_punct)
    can_close = right and (split or not left or next_punct)
    for _ in range(count):
        token = state.push("text", "", 0)
        token.content = marker
        state.delimiters.append(
            Delimiter(
                marker=ord(marker),
                length=count,
                token=len(state.tokens) - 1,
                end=-1,
                open=can_open,
                close=can_close,
            )
        )
    state.pos += count
    return True


def make_parser() -> MarkdownIt:
    """Return the project's Markdown parser (a new instance each call; they are cheap)."""
    md = MarkdownIt("commonmark", {"html": True, "linkify": False, "typographer": False})
    md.enable("table")
    md.enable("strikethrough")
    md.use(front_matter_plugin)
    md.inline.ruler.at("emphasis", _cjk_emphasis)
    md.core.ruler.push("zhengbing_cjk_softbreak", _drop_cjk_softbreaks)
    return md
