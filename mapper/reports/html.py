"""The main text and metadata of an HTML page, without markup."""

from __future__ import annotations

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


@dataclass(frozen=True, slots=True)
class HtmlPage:
    """What a report needs from a page."""

    text: str
    title: str | None
    published: str | None
    source: str | None
    url: str | None


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in a ``<meta>`` tag near its top, if any."""
    m = _META_CHARSET.search(data[:4096])
    return m.group(1).decode("ascii") if m else None


def parse_html(html: str) -> HtmlPage:
    """Extract the main text (``<article>``, ``<main>`` or ``<body>``) and metadata of a page."""
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
