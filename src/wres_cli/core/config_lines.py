"""Where a key sits in the configuration file, so that a message about a configured value names its line."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path


def config_line(source: str, keys: Sequence[object]) -> int | None:
    """The line (1 = first) of the entry ``keys`` (e.g. ``("columns", "workforce", "ethnicity")``) in the YAML
    file ``source``; None when ``source`` is not a readable file or the entry is not in it."""
    path = Path(source)
    try:
        if not path.is_file():
            return None
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    import yaml

    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return None
    line = None
    for key in keys:
        if not isinstance(node, yaml.MappingNode):
            return None
        wanted = str(key)
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode) and str(key_node.value) == wanted:
                line, node = key_node.start_mark.line + 1, value_node
                break
        else:
            return None
    return line


def at_line(source: str, keys: Sequence[object]) -> str:
    """'wres.yaml line 12' (or just the source when the line is not known), to start a message with."""
    line = config_line(source, keys)
    return f"{source} line {line}" if line is not None else str(source)
