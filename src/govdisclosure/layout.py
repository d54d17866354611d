"""Table axes: the ordered, labelled rows or columns of a table, and how they sum.

An :class:`Axis` is a flat, ordered list of :class:`Node` s, each with its official label
path. Nodes are of four kinds:

* ``LEAF``  — a printed row/column holding a count (e.g. ``1.属于国家秘密``);
* ``TOTAL`` — a printed row/column that sums its siblings (``（七）总计``, ``总计``);
* ``GROUP`` — a category with parts but no printed cells of its own (``（三）不予公开``);
  a published table may still state a value for it, which is then kept and checked;
* ``HEADER``— a group whose sum is printed in its ``TOTAL`` child (``三、本年度办理结果``),
  so it never carries a value of its own.

Axes are built once per format from the category classes (:mod:`govdisclosure.categories`)
or declared directly (table 四), and every renderer, parser and check reads them.
"""

from __future__ import annotations

import enum
import operator
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import attrs

__all__ = ["Axis", "Kind", "Node", "SumPlan"]


def __dir__() -> list[str]:
    return __all__


class Kind(enum.Enum):
    """What a row or column is."""

    LEAF = "leaf"
    TOTAL = "total"
    GROUP = "group"
    HEADER = "header"


@attrs.frozen(kw_only=True)
class Node:
    """One row or column of an axis.

    ``path`` is the official label path from the top of the axis (e.g.
    ``("三、本年度办理结果", "（三）不予公开", "1.属于国家秘密")``); ``parent`` and ``children``
    are indices into the axis; ``category`` is the category class behind it, if any.
    """

    index: int
    code: str
    path: tuple[str, ...]
    kind: Kind
    parent: int | None
    children: tuple[int, ...] = ()
    category: type | None = attrs.field(default=None, eq=False)
    #: whether the node holds values (headers never do)
    has_cells: bool = attrs.field(
        init=False, eq=False, repr=False,
        default=attrs.Factory(lambda self: self.kind is not Kind.HEADER, takes_self=True),
    )

    @property
    def label(self) -> str:
        """The node's own label (last element of its path)."""
        return self.path[-1] if self.path else ""

    @property
    def path_text(self) -> str:
        """The label path joined with ``/``, as in CSV files."""
        return "/".join(self.path)


@attrs.frozen(kw_only=True)
class SumPlan:
    """A precomputed sum along an axis: ``total`` (or a group) against its parts.

    ``parts`` are the direct children summed (totals excluded); ``leaves`` every LEAF below
    them, through groups. When every leaf is stated the sum is simply the sum of ``leaves``;
    ``pick`` fetches them from a row (or column) of values in one call.
    """

    node: int
    total: int
    parts: tuple[int, ...]
    leaves: tuple[int, ...]
    pick: Callable[[Sequence[Any]], tuple[Any, ...]] = attrs.field(eq=False, repr=False)


def _picker(indices: tuple[int, ...]) -> Callable[[Sequence[Any]], tuple[Any, ...]]:
    if len(indices) == 1:
        only = indices[0]
        return lambda line: (line[only],)
    return operator.itemgetter(*indices)


@attrs.frozen(kw_only=True)
class _Spec:
    """Declaration of one node before indices are assigned."""

    code: str
    label: str
    total: bool = False
    children: tuple[_Spec, ...] = ()
    category: type | None = None


def spec(
    code: str,
    label: str,
    *children: _Spec,
    total: bool = False,
    category: type | None = None,
) -> _Spec:
    """Declare a node (used by :mod:`govdisclosure.formats` and the category tree)."""
    return _Spec(code=code, label=label, total=total, children=children, category=category)


@attrs.frozen(cache_hash=True)
class Axis:
    """An ordered list of nodes, with look-up by code, category and label path."""

    nodes: tuple[Node, ...]
    _by_code: dict[str, Node] = attrs.field(init=False, eq=False, repr=False)
    _by_path: dict[str, Node] = attrs.field(init=False, eq=False, repr=False)
    _by_category: dict[type, Node] = attrs.field(init=False, eq=False, repr=False)
    cells: tuple[Node, ...] = attrs.field(init=False, eq=False, repr=False)
    leaves: tuple[Node, ...] = attrs.field(init=False, eq=False, repr=False)
    totals: tuple[Node, ...] = attrs.field(init=False, eq=False, repr=False)
    #: one plan per header with a total child (what T3-B, T3-C and T4 check)
    sums: tuple[SumPlan, ...] = attrs.field(init=False, eq=False, repr=False)
    #: one plan per GROUP node (its own ``total`` is the group itself)
    group_sums: tuple[SumPlan, ...] = attrs.field(init=False, eq=False, repr=False)
    #: indices of nodes that never hold a value (headers)
    no_cells: frozenset[int] = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_by_code", {n.code: n for n in self.nodes})
        object.__setattr__(self, "_by_path", {n.path_text: n for n in self.nodes})
        object.__setattr__(
            self, "_by_category", {n.category: n for n in self.nodes if n.category is not None}
        )
        object.__setattr__(self, "cells", tuple(n for n in self.nodes if n.has_cells))
        object.__setattr__(self, "leaves", tuple(n for n in self.nodes if n.kind is Kind.LEAF))
        object.__setattr__(self, "totals", tuple(n for n in self.nodes if n.kind is Kind.TOTAL))
        object.__setattr__(
            self, "no_cells", frozenset(n.index for n in self.nodes if not n.has_cells)
        )
        sums = []
        for node in self.nodes:
            if node.kind is not Kind.HEADER:
                continue
            for child in node.children:
                if self.nodes[child].kind is Kind.TOTAL:
                    sums.append(self._plan(node, child))
        object.__setattr__(self, "sums", tuple(sums))
        object.__setattr__(
            self,
            "group_sums",
            tuple(self._plan(n, n.index) for n in self.nodes if n.kind is Kind.GROUP),
        )

    def _plan(self, node: Node, total: int) -> SumPlan:
        parts = tuple(k for k in node.children if self.nodes[k].kind is not Kind.TOTAL)
        leaves: list[int] = []

        def walk(k: int) -> None:
            kid = self.nodes[k]
            if kid.kind is Kind.GROUP:
                for g in kid.children:
                    walk(g)
            else:
                leaves.append(k)

        for k in parts:
            walk(k)
        return SumPlan(
            node=node.index, total=total, parts=parts, leaves=tuple(leaves),
            pick=_picker(tuple(leaves)),
        )

    @classmethod
    def from_specs(cls, specs: Sequence[_Spec]) -> Axis:
        """Number the declared nodes depth-first and derive each node's kind."""
        nodes: list[Node] = []

        def add(s: _Spec, parent: int | None, prefix: tuple[str, ...]) -> int:
            index = len(nodes)
            nodes.append(Node(index=0, code="", path=(), kind=Kind.LEAF, parent=None))
            path = (*prefix, s.label)
            kids = tuple(add(c, index, path) for c in s.children)
            if s.total:
                kind = Kind.TOTAL
            elif not kids:
                kind = Kind.LEAF
            elif any(c.total for c in s.children):
                kind = Kind.HEADER
            else:
                kind = Kind.GROUP
            nodes[index] = Node(
                index=index,
                code=s.code,
                path=path,
                kind=kind,
                parent=parent,
                children=kids,
                category=s.category,
            )
            return index

        top = tuple(add(s, None, ()) for s in specs)
        if any(s.total for s in specs):
            # A total at the top level sums every top-level sibling (the 总计 column).
            nodes.append(
                Node(index=len(nodes), code="", path=(), kind=Kind.HEADER, parent=None,
                     children=top)
            )
            root = len(nodes) - 1
            nodes[root] = attrs.evolve(nodes[root], code="@root")
        return cls(tuple(nodes))

    def __iter__(self) -> Iterator[Node]:
        return iter(self.nodes)

    def __len__(self) -> int:
        return len(self.nodes)

    def __getitem__(self, key: int | str | type) -> Node:
        """Node by index, code, label path (``a/b``) or category class."""
        if isinstance(key, int):
            return self.nodes[key]
        if isinstance(key, str):
            node = self._by_code.get(key) or self._by_path.get(key)
            if node is None:
                raise KeyError(key)
            return node
        return self._by_category[key]

    def find(self, key: int | str | type) -> Node | None:
        """Like ``axis[key]`` but ``None`` when there is no such node."""
        try:
            return self[key]
        except (KeyError, IndexError):
            return None

    def by_path(self, path: str) -> Node | None:
        """The node whose label path joined with ``/`` is ``path``."""
        return self._by_path.get(path)

    def headers(self) -> Iterator[tuple[Node, Node]]:
        """Each header (or the implicit root) with its total child."""
        for plan in self.sums:
            yield self.nodes[plan.node], self.nodes[plan.total]

    def contribution(self, index: int, line: Sequence[Any]) -> Any:
        """What node ``index`` adds to its parent's sum, reading values from ``line``.

        A leaf adds its value; a group adds the sum of its parts when all are known, else its
        own stated value (a report may print one row for a group, as 淮安市洪泽区 does for
        （六）), else ``None`` (unknown).
        """
        node = self.nodes[index]
        if node.kind is not Kind.GROUP:
            return line[index]
        total = 0
        for child in node.children:
            part = self.contribution(child, line)
            if part is None:
                return line[index]
            total += part
        return total

    def evaluate(self, plan: SumPlan, line: Sequence[Any]) -> Any:
        """The sum of ``plan``'s parts over ``line`` (``None`` when it cannot be known)."""
        values = plan.pick(line)
        if None not in values:
            return sum(values)
        total = 0
        for k in plan.parts:
            part = self.contribution(k, line)
            if part is None:
                return None
            total += part
        return total

    def groups(self) -> Iterator[Node]:
        """Nodes of kind ``GROUP`` (not printed; checked only when a value is stated)."""
        return (n for n in self.nodes if n.kind is Kind.GROUP)

    def is_root(self, node: Node) -> bool:
        """Whether ``node`` is the implicit root that a top-level total sums."""
        return node.code == "@root"
