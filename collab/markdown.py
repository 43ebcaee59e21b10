"""Markdown people write in comments, made into HTML that is safe to show.

markdown-it-py parses CommonMark with raw HTML off (typed tags come out as text), then nh3
(the Rust ammonia sanitiser) keeps only an explicit allow-list of tags and attributes:
no images (nothing is fetched from other hosts when a page is read; files go in as
attachments), no scripts, no event attributes, links only to http(s) and mailto, each
with rel="noopener noreferrer nofollow". Both are maintained libraries; nothing here
parses HTML itself.

`@username` of a person who may be mentioned is shown as their name, highlighted; any
other `@word` stays as typed. An `@name` in code or in a link's text is no mention: it is
neither highlighted nor notified.
"""

from __future__ import annotations

import re
from html import escape

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token

# Usernames are ASCII letters, digits and . _ + - (e.g. "mkt.head"); a trailing full stop
# ends the sentence, not the name. No mention inside a word or an e-mail address.
MENTION = re.compile(r"(?<![\w.@+-])@([A-Za-z0-9_+-]+(?:\.[A-Za-z0-9_+-]+)*)")

ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "em", "s", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "h1", "h2", "h3", "h4", "h5", "h6", "span",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
ALLOWED_CLASSES = {"span": {"mention"}}
URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "noopener noreferrer nofollow"

_parser = MarkdownIt("commonmark", {"html": False, "breaks": True}).enable("strikethrough")


def _prose_texts(tokens: list[Token]):
    """(inline token, index, text child) for each piece of prose: not code, not a link's text."""
    for block in tokens:
        if block.type != "inline" or not block.children:
            continue
        in_link = 0
        for index, child in enumerate(block.children):
            in_link += {"link_open": 1, "link_close": -1}.get(child.type, 0)
            if child.type == "text" and not in_link:
                yield block, index, child


def mentioned_usernames(source: str) -> list[str]:
    """The `@username`s in the prose of `source`, in order, each once: the same ones
    `render_markdown` highlights (none in code or in a link's text)."""
    seen: dict[str, None] = {}
    for _block, _index, text in _prose_texts(_parser.parse(source or "")):
        for match in MENTION.finditer(text.content):
            seen.setdefault(match.group(1), None)
    return list(seen)


def _mention_tokens(text: str, names: dict[str, str]) -> list[Token]:
    """A text token's content split into text and highlighted mentions."""
    tokens, position = [], 0
    for match in MENTION.finditer(text):
        name = names.get(match.group(1))
        if name is None:
            continue
        if match.start() > position:
            tokens.append(_text(text[position : match.start()]))
        span = Token("html_inline", "", 0)
        span.content = f'<span class="mention">@{escape(name)}</span>'
        tokens.append(span)
        position = match.end()
    if position < len(text):
        tokens.append(_text(text[position:]))
    return tokens


def _text(content: str) -> Token:
    token = Token("text", "", 0)
    token.content = content
    return token


def _highlight_mentions(tokens: list[Token], names: dict[str, str]) -> None:
    replaced = {}
    for block, index, text in _prose_texts(tokens):
        if "@" in text.content:
            replaced.setdefault(id(block), (block, {}))[1][index] = _mention_tokens(
                text.content, names
            )
    for block, by_index in replaced.values():
        block.children = [
            new
            for index, child in enumerate(block.children)
            for new in by_index.get(index, [child])
        ]


def render_markdown(source: str, *, mentions: dict[str, str] | None = None) -> str:
    """Sanitised HTML of `source`; `mentions` maps the usernames to highlight to the names
    shown for them."""
    tokens = _parser.parse(source or "")
    if mentions:
        _highlight_mentions(tokens, mentions)
    html = _parser.renderer.render(tokens, _parser.options, {})
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes=URL_SCHEMES,
        link_rel=LINK_REL,
    )
