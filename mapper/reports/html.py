"""The main text and metadata of an HTML page, without markup."""

from __future__ import annotations

import html as _entities
import re
from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser

_DROP = "script, style, noscript, template, nav, aside, form, iframe, svg, button"
_BLOCKS = (
    "p, h1, h2, h3, h4, h5, h6, li, br, div, blockquote, pre, tr, td, th, dt, dd, section, "
    "article, figcaption, hr"
)
_PUBLISHED = (
    'meta[property="article:published_time"]',
    'meta[name="article:published_time"]',
    'meta[itemprop="datePublished"]',
    'meta[name="date"]',
    'meta[name="pubdate"]',
    'meta[name="publishdate"]',
    'meta[name="DC.date"]',
    'meta[name="dcterms.date"]',
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w-]+)""", re.IGNORECASE)
_SPACES = re.compile(r"[ \t\u00a0\u200b]+")
#: deepest nesting of elements given to the HTML parser, whose cost grows with the square of
#: the depth (32,000 nested <div>s: over a second; a 10 MB page of them: hours)
MAX_DEPTH = 1000
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9:-]*)[^<>]*?(/?)>")
_VOID = frozenset(
    ("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
     "source", "track", "wbr")
)  # fmt: skip
_BLOCK_TAG = re.compile(r"</?(?:p|h[1-6]|li|div|tr|br|td|th|section|article)\b[^<>]*>", re.I)
_ANY_TAG = re.compile(r"<[^<>]*>")
_RAW = re.compile(r"<(script|style|template|title)\b", re.IGNORECASE)
_TITLE = re.compile(r"<title[^>]*>([^<]{1,500})", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class HtmlPage:
    """What a report needs from a page."""

    text: str
    title: str | None
    published: str | None
    source: str | None
    url: str | None
    note: str | None = None  # what was read with loss, for the report's warnings


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in a ``<meta>`` tag near its top, if any."""
    m = _META_CHARSET.search(data[:4096])
    return m.group(1).decode("ascii") if m else None


def nesting_depth(html: str, stop: int | None = None) -> int:
    """The deepest nesting of elements in ``html``, counted in one linear scan of its tags
    (up to ``stop``, where the scan ends).

    Elements left open (``<p>`` without ``</p>``) count as nested, so this is an upper bound.
    """
    depth = deepest = 0
    for m in _TAG.finditer(html):
        if m.group(1):
            depth = max(0, depth - 1)
        elif not m.group(3) and m.group(2).lower() not in _VOID:
            depth += 1
            if depth > deepest:
                deepest = depth
                if stop is not None and deepest >= stop:
                    break
    return deepest


def parse_html(html: str) -> HtmlPage:
    """Extract the main text (``<article>``, ``<main>`` or ``<body>``) and metadata of a page.

    A page nested deeper than :data:`MAX_DEPTH` is read by :func:`flat_text` instead, in
    linear time (its ``title`` is the ``<title>``; no other metadata).
    """
    if nesting_depth(html, stop=MAX_DEPTH + 1) > MAX_DEPTH:
        found = _TITLE.search(html)
        name = " ".join(_entities.unescape(found.group(1)).split()) if found else None
        note = (
            f"HTML nested more than {MAX_DEPTH} elements deep: read as plain text "
            "without its markup and metadata"
        )
        return HtmlPage(flat_text(html), name or None, None, None, None, note)
    tree = LexborHTMLParser(html)
    title = _attr(tree, 'meta[property="og:title"]', "content") or _text(tree, "article h1")
    title = title or _text(tree, "h1") or _text(tree, "title")
    published = next((v for sel in _PUBLISHED if (v := _attr(tree, sel, "content"))), None)
    published = published or _attr(tree, "time[datetime]", "datetime")
    source = _attr(tree, 'meta[property="og:site_name"]', "content")
    url = _attr(tree, 'link[rel="canonical"]', "href") or _attr(
        tree, 'meta[property="og:url"]', "content"
    )
    for node in tree.css(_DROP):
        node.decompose()
    for node in tree.css("header, footer"):
        if not _inside(node, "article"):  # a page's banner or footer, not the article's own
            node.decompose()
    articles = tree.css("article")
    root = (
        max(articles, key=lambda n: len(n.text(separator=" ")))
        if articles
        else tree.css_first("main") or tree.body or tree.root
    )
    text = ""
    if root is not None:
        for node in root.css(_BLOCKS):
            node.insert_after("\n")
        lines = (_SPACES.sub(" ", line).strip() for line in root.text(separator="").splitlines())
        text = "\n".join(line for line in lines if line)
    return HtmlPage(text, title, published, source, url)


def flat_text(html: str) -> str:
    """The text of ``html`` with its tags, scripts and styles removed: one linear pass."""
    parts: list[str] = []
    pos = 0
    lower = html.lower()
    while (raw := _RAW.search(html, pos)) is not None:
        parts.append(html[pos : raw.start()])
        close = lower.find(f"</{raw.group(1).lower()}", raw.end())
        pos = len(html) if close < 0 else close
    parts.append(html[pos:])
    text = _BLOCK_TAG.sub("\n", "".join(parts))
    text = _ANY_TAG.sub(" ", text)
    lines = (_SPACES.sub(" ", line).strip() for line in _entities.unescape(text).splitlines())
    return "\n".join(line for line in lines if line)


def _inside(node: object, tag: str) -> bool:
    parent = getattr(node, "parent", None)
    while parent is not None:
        if parent.tag == tag:
            return True
        parent = parent.parent
    return False


def _attr(tree: LexborHTMLParser, selector: str, name: str) -> str | None:
    node = tree.css_first(selector)
    if node is None:
        return None
    value = node.attributes.get(name)
    return value.strip() or None if value else None


def _text(tree: LexborHTMLParser, selector: str) -> str | None:
    node = tree.css_first(selector)
    if node is None:
        return None
    return " ".join(node.text(separator=" ").split()) or None
