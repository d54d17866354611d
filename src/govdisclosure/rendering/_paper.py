"""The printed page shared by the Word and PDF writers: A4 with the margins of GB/T 9704-2012
(党政机关公文格式 §5.2.1: top 37 mm, bottom 35 mm, left 28 mm, right 26 mm, a 156 × 225 mm
text block), the type sizes it names, and the column widths of a laid-out table."""

from __future__ import annotations

from collections.abc import Callable

from ._layout import Role, TableLayout

__all__ = [
    "BODY_PT",
    "MARGINS_MM",
    "PAGE_MM",
    "SMALLEST_PT",
    "TABLE3_PT",
    "TABLE_PT",
    "TEXT_WIDTH_MM",
    "TITLE_PT",
    "column_widths",
    "ems",
    "label_lines",
    "table_font_pt",
    "title_lines",
]


def __dir__() -> list[str]:
    return __all__


PAGE_MM = (210.0, 297.0)
MARGINS_MM = {"top": 37.0, "bottom": 35.0, "left": 28.0, "right": 26.0}
TEXT_WIDTH_MM = PAGE_MM[0] - MARGINS_MM["left"] - MARGINS_MM["right"]
#: 二号, 三号, 五号, 小五 in points
TITLE_PT, BODY_PT, TABLE_PT, TABLE3_PT = 22.0, 16.0, 10.5, 9.0
#: a cell's padding left and right, in mm
CELL_PAD_MM = 1.0


#: the smallest type a table is set in when its numbers are wide
SMALLEST_PT = 6.5
#: the fewest ems a label column keeps (outer, inner) before the type gets smaller
_LABEL_FLOOR_EMS = (4.0, 14.0)


def table_font_pt(table: TableLayout, width_mm: float = TEXT_WIDTH_MM) -> float:
    """五号 for table 二; 小五 for the wide tables 三 and 四 (smaller type in tables is usual);
    smaller by half points, down to :data:`SMALLEST_PT`, while the numbers are too wide for
    the label columns to keep four characters (outer) and fourteen (inner) in ``width_mm``: a
    number is never wrapped, and labels squeezed to a few characters would make the table
    too tall for a page."""
    size = TABLE_PT if table.name == "二" else TABLE3_PT
    while size > SMALLEST_PT:
        natural, floors = _natural(table, size)
        if sum(natural[table.label_cols:]) + sum(floors) <= width_mm:
            break
        size -= 0.5
    return size


def _natural(table: TableLayout, pt: float) -> tuple[list[float], list[float]]:
    """Each column's natural width in mm at ``pt``, and each label column's floor."""
    char = pt * 25.4 / 72
    pad = 2 * CELL_PAD_MM + 0.6
    natural = [0.0] * table.n_cols
    for cell in table.cells:
        if cell.role is Role.VALUE and cell.colspan == 1:
            natural[cell.col] = max(natural[cell.col], ems(cell.text) * char)
    for col in range(table.label_cols, table.n_cols):
        natural[col] = max(natural[col], 2 * char) + pad
    floors: list[float] = []
    for col in range(table.label_cols):
        outer = col < table.label_cols - 1
        cells = [c for c in table.cells if c.col == col and c.colspan == 1
                 and c.role in (Role.ROW, Role.COLUMN)]
        longest = max((min(ems(c.text), OUTER_LABEL_EMS if outer and c.rowspan > 1 else 60)
                       for c in cells), default=4)
        natural[col] = longest * char + pad
        floors.append(min(natural[col], _LABEL_FLOOR_EMS[not outer] * char + pad))
    return natural, floors


def column_widths(table: TableLayout, width_mm: float = TEXT_WIDTH_MM,
                  font_pt: float | None = None) -> list[float]:
    """Column widths in mm, summing to ``width_mm``.

    Value columns get what two characters (or their longest number) need. Label columns
    get their longest one-column label, except that a label merged over rows in an outer
    label column is set four characters a line, where its words break
    (``三、`` / ``本年度`` / ``办理结果``, ``（三）`` / ``不予公开``: see :func:`label_lines`);
    what is left goes to the innermost label column (table 三) or, when the labels are
    short, to the value columns (tables 二 and 四). When the labels are too long, the
    innermost label column gives way first, down to fourteen characters, then all of them.
    """
    pt = table_font_pt(table, width_mm) if font_pt is None else font_pt
    natural, floors = _natural(table, pt)
    n_values = table.n_cols - table.label_cols
    fixed = sum(natural[table.label_cols:])
    labels = natural[: table.label_cols]
    rest = width_mm - fixed - sum(labels)
    if rest < 0 and labels:
        # long labels wrap: the innermost label column gives way first (its labels break
        # after 、 and ，), down to its floor; then every label column, to its floor
        give = min(-rest, max(labels[-1] - floors[-1], 0.0))
        labels[-1] -= give
        rest += give
    if rest < 0 and labels:
        stretch = [w - f for w, f in zip(labels, floors, strict=True)]
        total = sum(stretch) or 1.0
        labels = [w + max(rest, -total) * s / total for w, s in zip(labels, stretch, strict=True)]
    elif rest > 0 and table.label_cols > 1:
        labels[-1] += rest
    elif rest > 0 and n_values:
        natural = labels + [w + rest / n_values for w in natural[table.label_cols:]]
        labels = natural[: table.label_cols]
    natural[: table.label_cols] = labels
    scale = width_mm / sum(natural)
    return [w * scale for w in natural]


def ems(text: str) -> float:
    """Width in ems, as set in a CJK font: a CJK character one, a Latin letter or digit
    about half, a full stop or comma about a quarter."""
    return sum(1.0 if ord(ch) >= 0x2E80 else 0.3 if ch in ".,:;'" else 0.55 for ch in text)


#: The line length, in ems, of a label merged over rows in an outer label column.
OUTER_LABEL_EMS = 4.0
#: characters after which (or, for an opening bracket, before which) a label may break
_BREAK_AFTER = frozenset("、，,：:；;）)”/")
_BREAK_BEFORE = frozenset("（(“")


def _pieces(text: str) -> list[str]:
    """``text`` cut at its break opportunities."""
    out: list[str] = []
    current = ""
    for ch in text:
        if ch in _BREAK_BEFORE and current:
            out.append(current)
            current = ""
        current += ch
        if ch in _BREAK_AFTER:
            out.append(current)
            current = ""
    if current:
        out.append(current)
    return out


def _cut(piece: str, fits: Callable[[str], bool]) -> list[str]:
    """A piece wider than a line, on the lines it needs. In a narrow column (a line of
    fewer than six characters) the lines are as even as they come, the shorter first
    (``本年度`` / ``办理结果``, not ``本年度办`` / ``理结果``: a phrase of the template most often
    ends in a word of two characters); in a wider one each line is filled, and the last
    keeps two characters (``1.本机关不掌握相关政府`` / ``信息``, not ``1.本机关不掌`` /
    ``握相关政府信息``)."""
    if not fits(piece[:6]):
        for n in range(2, len(piece) + 1):
            size, extra = divmod(len(piece), n)
            sizes = [size] * (n - extra) + [size + 1] * extra
            lines, at = [], 0
            for k in sizes:
                lines.append(piece[at:at + k])
                at += k
            if all(fits(x) for x in lines):
                return lines
        return list(piece)
    # no character left alone on the last line
    return _fill(piece, fits, lambda rest, cut: cut - 1 if len(rest) - cut == 1 and cut > 2
                 else cut)


def _fill(piece: str, fits: Callable[[str], bool],
          adjust: Callable[[str, int], int]) -> list[str]:
    """``piece`` on lines each filled as far as it ``fits``, each cut moved by ``adjust``
    (given the rest of the piece and the cut)."""
    lines = []
    rest = piece
    while len(rest) > 1 and not fits(rest):
        cut = len(rest) - 1
        while cut > 1 and not fits(rest[:cut]):
            cut -= 1
        cut = adjust(rest, cut)
        lines.append(rest[:cut])
        rest = rest[cut:]
    return [*lines, rest]


def _pairs(piece: str, fits: Callable[[str], bool]) -> list[str]:
    """A header word wider than its column, two characters at a time as far as they fit
    (``自然`` / ``人``, ``科研`` / ``机构``, ``社会`` / ``公益`` / ``组织``): the template's
    column labels are words of two characters."""
    return _fill(piece, fits, lambda rest, cut: cut - 1 if cut > 1 and cut % 2 else cut)


def label_lines(text: str, fits: Callable[[str], bool], *, pairs: bool = False) -> list[str]:
    """The lines of a label where its words break (GB/T 9704 §7.3.3 asks as much of a title:
    回行时要做到词意完整): pieces between break opportunities (after ``、`` ``，`` ``：``,
    before ``（``) kept whole on a line while they ``fits``; a piece wider than a line is cut
    as a phrase (see :func:`_cut`), or, for a column header (``pairs``), two characters at a
    time (see :func:`_pairs`)."""
    lines: list[str] = []
    line = ""
    for piece in _pieces(text):
        if fits(line + piece):
            line += piece
            continue
        if line:
            lines.append(line)
            line = ""
        if fits(piece):
            line = piece
            continue
        *whole, line = _pairs(piece, fits) if pairs else _cut(piece, fits)
        lines.extend(whole)
    if line:
        lines.append(line)
    return lines


def title_lines(title: str, size_pt: float = TITLE_PT,
                width_mm: float = TEXT_WIDTH_MM) -> list[str]:
    """The title on lines that break where the words do (GB/T 9704 §7.3.3: 回行时要做到词意
    完整): one line when it fits, else broken after ``政府信息公开`` (``…政府信息公开`` /
    ``工作年度报告``, as published reports do) or before the year, else left to the writer."""
    per_line = width_mm / (size_pt * 25.4 / 72)
    if ems(title) <= per_line:
        return [title]
    cut = title.find("政府信息公开")
    year = next((i for i, ch in enumerate(title) if ch.isdigit()), -1)
    # after 政府信息公开, else before the year (机关 / 2020年政府信息公开工作年度报告)
    for i in (cut + 6 if cut > 0 else -1, year):
        lines = [title[:i], title[i:]]
        if i > 0 and all(0 < ems(x) <= per_line for x in lines):
            return lines
    return [title]
