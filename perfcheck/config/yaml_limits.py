"""Size limits on a YAML file's content, checked on the composed node graph before anything is built.

YAML aliases let 1.3 KB expand to billions of characters (each level repeating the one before: the
"billion laughs"); a rule's ``message`` built that way took 2.5 GB in 30 s (issue 12). The composed
graph shares an aliased node, so its *expanded* size is computed once per node (memoised, iteratively:
no recursion on a deeply nested file) and refused past :data:`MAX_EXPANDED`, naming the line of the
node that crossed it. Single scalars and collections over a sane size are refused the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import yaml

MAX_SCALAR = 64 * 1024  # characters: a message or pattern is a few hundred at most
MAX_ITEMS = 10_000  # entries of one list or mapping: a pack holds a few hundred rules
MAX_EXPANDED = 4 * 1024 * 1024  # characters plus nodes, aliases expanded: the size limit of the file itself

Refuse = Callable[[int | None, str], Exception]
SAFE_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # ~7x faster where libyaml is present


def check_yaml_size(root: yaml.Node | None, refuse: Refuse) -> None:
    """Raise ``refuse(line, problem)`` if the document under ``root`` is too large once aliases expand."""
    if root is None:
        return
    sizes: dict[int, int] = {}
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        if key in sizes and not children_done:
            continue  # an alias of a node already measured (or being measured: a recursive alias)
        line = node.start_mark.line + 1
        if isinstance(node, yaml.ScalarNode):
            if len(node.value) > MAX_SCALAR:
                raise refuse(line, f"内容过长（{len(node.value)} 个字符，上限 {MAX_SCALAR}）")
            sizes[key] = len(node.value) + 1
            continue
        children = _children(node)
        if not children_done:
            if len(children) > MAX_ITEMS:
                raise refuse(line, f"条目过多（{len(children)} 项，上限 {MAX_ITEMS}）")
            sizes[key] = 0  # marks it in progress
            stack.append((node, True))
            stack.extend((child, False) for child in children if id(child) not in sizes)
            continue
        total = 1 + sum(sizes.get(id(child), 0) for child in children)
        if total > MAX_EXPANDED:
            raise refuse(line, f"展开后内容过大（超过 {MAX_EXPANDED} 个字符；是否用别名 *name 反复引用了大段内容？）")
        sizes[key] = total


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def safe_load_bounded(text: str, refuse: Refuse, loader: Any = SAFE_LOADER) -> object:
    """``yaml.safe_load`` (by ``loader``, a subclass of :data:`SAFE_LOADER`) with :func:`check_yaml_size` between
    composing and building the data; a document nested too deep for Python's stack is refused too."""
    return _read(text, refuse, loader, build=True)


def compose_bounded(text: str, refuse: Refuse) -> yaml.Node | None:
    """``yaml.compose`` (safe) with :func:`check_yaml_size`: the node graph, for a reader that wants its lines."""
    node: yaml.Node | None = _read(text, refuse, SAFE_LOADER, build=False)
    return node


def _read(text: str, refuse: Refuse, loader: Any, build: bool) -> Any:
    reader = loader(text)
    try:
        node = reader.get_single_node()
        check_yaml_size(node, refuse)
        return reader.construct_document(node) if build and node is not None else node
    except RecursionError:
        raise refuse(None, "不是有效的 YAML：嵌套层数过深") from None
    finally:
        reader.dispose()
