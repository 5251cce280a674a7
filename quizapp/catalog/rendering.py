"""Markdown to safe HTML; the only user of pygments."""

import html
import re
from functools import lru_cache

import nh3
from markdown_it import MarkdownIt
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

PYGMENTS_STYLE = "friendly"
PYGMENTS_DARK_STYLE = "monokai"

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "code", "pre", "span", "div", "ul", "ol", "li",
    "blockquote", "a", "h4", "h5", "h6", "hr", "table", "thead", "tbody", "tr",
    "th", "td", "del", "mark",
}
ALLOWED_ATTRIBUTES = {"span": {"class"}, "div": {"class"}, "code": {"class"}, "pre": {"class"}, "a": {"href", "title"}}


@lru_cache(maxsize=16)
def _lexer(language: str):
    try:
        return get_lexer_by_name(language)
    except ClassNotFound:
        return get_lexer_by_name("text")


_block_formatter = HtmlFormatter(cssclass="highlight")
_inline_formatter = HtmlFormatter(nowrap=True)


def highlight_block(code: str, language: str) -> str:
    return highlight(code, _lexer(language or "text"), _block_formatter)


def highlight_inline(code: str, language: str) -> str:
    highlighted = highlight(code, _lexer(language), _inline_formatter).rstrip("\n")
    return f'<code class="highlight">{highlighted}</code>'


@lru_cache(maxsize=8)
def _markdown(language: str, hard_breaks: bool) -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False, "breaks": hard_breaks})
    md.enable("table").enable("strikethrough")

    def fence(renderer, tokens, idx, options, env):
        token = tokens[idx]
        fence_language = token.info.strip().split(" ")[0] if token.info else language
        return highlight_block(token.content, fence_language)

    def code_block(renderer, tokens, idx, options, env):
        return highlight_block(tokens[idx].content, language)

    def code_inline(renderer, tokens, idx, options, env):
        return highlight_inline(tokens[idx].content, language)

    md.add_render_rule("fence", fence)
    md.add_render_rule("code_block", code_block)
    md.add_render_rule("code_inline", code_inline)
    return md


def sanitize(unsafe_html: str) -> str:
    return nh3.clean(
        unsafe_html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )


def render_markdown(text: str, language: str = "go", *, hard_breaks: bool = False) -> str:
    """Markdown as safe HTML. Our own documents wrap long lines (a line break is a space, as in CommonMark);
    the seed documents write one line per line, so theirs are rendered with `hard_breaks`."""
    return sanitize(_markdown(language, hard_breaks).render(text))


def render_inline(text: str, language: str = "go") -> str:
    return sanitize(_markdown(language, False).renderInline(text))


def plain_text(rendered_html: str) -> str:
    return html.unescape(nh3.clean(rendered_html, tags=set())).strip()


# The code background of each theme (static/css/app.css --code-bg): every token colour is made to read
# on it at WCAG AA (4.5:1; 4.6 leaves room for rounding), darkened in the light theme, lightened in the dark.
CODE_BACKGROUNDS = {"light": "#f3f1ec", "dark": "#222a31"}
MIN_CONTRAST = 4.6
COLOUR = re.compile(r"(?<![-\w])color: (#[0-9A-Fa-f]{6}|#[0-9A-Fa-f]{3})\b")


def _rgb(colour: str) -> tuple[float, ...]:
    digits = colour.lstrip("#")
    if len(digits) == 3:
        digits = "".join(digit * 2 for digit in digits)
    return tuple(int(digits[i:i + 2], 16) / 255 for i in (0, 2, 4))


def _luminance(rgb: tuple[float, ...]) -> float:
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, other: str) -> float:
    light, dark = sorted((_luminance(_rgb(one)), _luminance(_rgb(other))), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def readable(colour: str, background: str) -> str:
    """The colour, moved towards black (light background) or white (dark) until it reads on the background."""
    rgb, towards = _rgb(colour), 0.0 if _luminance(_rgb(background)) > 0.5 else 1.0
    while contrast("#%02x%02x%02x" % tuple(round(c * 255) for c in rgb), background) < MIN_CONTRAST:
        rgb = tuple(c + (towards - c) * 0.05 for c in rgb)
    return "#%02x%02x%02x" % tuple(round(c * 255) for c in rgb)


def _readable_css(css: str, background: str) -> str:
    return COLOUR.sub(lambda match: f"color: {readable(match.group(1), background)}", css)


def pygments_css() -> str:
    light = _readable_css(HtmlFormatter(style=PYGMENTS_STYLE).get_style_defs(".highlight"), CODE_BACKGROUNDS["light"])
    dark_style = HtmlFormatter(style=PYGMENTS_DARK_STYLE)
    dark = _readable_css(dark_style.get_style_defs('[data-theme="dark"] .highlight'), CODE_BACKGROUNDS["dark"])
    auto = _readable_css(dark_style.get_style_defs('html[data-theme="auto"] .highlight'), CODE_BACKGROUNDS["dark"])
    return (f"/* generated by quizapp.catalog.rendering from pygments */\n{light}\n{dark}\n"
            f"@media (prefers-color-scheme: dark) {{\n{auto}\n}}\n")
