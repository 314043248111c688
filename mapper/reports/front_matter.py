"""Front matter of Markdown and text reports: a YAML (``---``) or TOML (``+++``) block on top.

Read safely and in bounded work: YAML aliases are refused (a few hundred bytes of nested
aliases expand to gigabytes), dates stay text for the report's own date parser (so an
impossible date spoils one field, not the whole block), and a block over
:data:`MAX_FRONT_MATTER` characters is not parsed.
"""

from __future__ import annotations

import re
import tomllib
from typing import Any

import yaml
from frontmatter.default_handlers import YAMLHandler

#: largest front-matter block parsed, in characters
MAX_FRONT_MATTER = 64 * 1024
_TOML_BOUNDARY = re.compile(r"^\+{3,}\s*$", re.MULTILINE)
_TIMESTAMP = "tag:yaml.org,2002:timestamp"


class _SafeLoader(yaml.SafeLoader):
    """PyYAML's safe loader without aliases and without implicit timestamps."""

    yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != _TIMESTAMP]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark
            msg = "YAML aliases (*name) are not allowed in front matter"
            raise yaml.composer.ComposerError(None, None, msg, mark)
        return super().compose_node(parent, index)


class SafeYAMLHandler(YAMLHandler):
    """python-frontmatter's YAML handler with :class:`_SafeLoader`."""

    def load(self, fm: str, **kwargs: object) -> Any:
        """Parse a YAML block without aliases; dates stay strings."""
        return yaml.load(fm, Loader=_SafeLoader)  # noqa: S506 - a SafeLoader subclass


def split_front_matter(text: str) -> tuple[dict[str, Any], str, list[str]]:
    """Return ``(metadata, body, warnings)`` of a text that may start with front matter.

    A block that cannot be read is still cut from the body (it is not the report's text)
    and named in the warnings; a block with no closing line is left in the text.
    """
    if text.startswith("---"):
        boundary, kind = YAMLHandler.FM_BOUNDARY, "YAML"
    elif text.startswith("+++"):
        boundary, kind = _TOML_BOUNDARY, "TOML"
    else:
        return {}, text, []
    parts = boundary.split(text, 2)
    if len(parts) < 3 or parts[0].strip():
        return {}, text, ["front matter has no closing line; kept as text"]
    block, body = parts[1], parts[2].strip()
    if len(block) > MAX_FRONT_MATTER:
        limit = f"{MAX_FRONT_MATTER // 1024} KB"
        return {}, body, [f"front matter of {len(block) // 1024} KB is above {limit}; not read"]
    try:
        meta = tomllib.loads(block) if kind == "TOML" else SafeYAMLHandler().load(block)
    except (yaml.YAMLError, tomllib.TOMLDecodeError, ValueError, RecursionError) as exc:
        problem = " ".join(str(exc).split())[:200]
        return {}, body, [f"front matter cannot be read ({kind}: {problem}); left out"]
    if meta is None:
        return {}, body, []
    if not isinstance(meta, dict):
        return {}, body, [f"front matter is a {type(meta).__name__}, not a mapping; left out"]
    return meta, body, []
