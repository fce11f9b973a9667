"""Size limits on a YAML file's content, checked on the composed node graph before anything is built.

YAML aliases let 1.3 KB expand to billions of characters (each level repeating the one before: the
"billion laughs"); a rule's ``message`` built that way took 2.5 GB in 30 s (issue 12). The composed
graph shares an aliased node, so its *expanded* size is computed once per node (memoised, iteratively:
no recursion on a deeply nested file) and refused past :data:`MAX_EXPANDED`, naming the line of the
node that crossed it. Single scalars and collections over a sane size are refused the same way.
"""

from __future__ import annotations

from collections.abc import Callable

import yaml

MAX_SCALAR = 64 * 1024  # characters: a message or pattern is a few hundred at most
MAX_ITEMS = 10_000  # entries of one list or mapping: a pack holds a few hundred rules
MAX_EXPANDED = 4 * 1024 * 1024  # characters plus nodes, aliases expanded: the size limit of the file itself

Refuse = Callable[[int | None, str], Exception]


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


def safe_load_bounded(text: str, refuse: Refuse) -> object:
    """``yaml.safe_load`` with :func:`check_yaml_size` between composing and building the data."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)
    try:
        node = loader.get_single_node()
        check_yaml_size(node, refuse)
        return loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()
