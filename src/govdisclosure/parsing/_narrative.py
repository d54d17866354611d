"""Metadata (title, 文号, issuing body, date, year) and the narrative sections 一、五、六."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Sequence

import attrs

from govdisclosure.findings import Place
from govdisclosure.model import Paragraph, Section

from ._labels import norm
from ._result import NoteKind, ParseNote
from ._source import Block

__all__ = ["Narrative", "read_narrative"]


def __dir__() -> list[str]:
    return __all__


# All patterns below are anchored or bounded: no nested quantifiers, so matching is linear.
_DOC_NUMBER = re.compile(
    r"[\u4e00-\u9fff]{1,15}[〔\[［【(（]\s*(20[0-9]{2})\s*[〕\]］】)）]\s*[0-9]{1,5}\s*号"
)
_DATE_CN = re.compile(r"(20[0-9]{2})\s*年\s*([0-9]{1,2})\s*月\s*([0-9]{1,2})\s*日")
_DATE_ISO = re.compile(r"(20[0-9]{2})[-/.年]([0-9]{1,2})[-/.月]([0-9]{1,2})")
_YEAR = re.compile(r"(20[0-9]{2})\s*年")
_PERIOD = re.compile(r"(20[0-9]{2})\s*年\s*1\s*月\s*1\s*日")
_HEADING = re.compile(r"([一二三四五六])\s*[、.．]")
_SUBHEADING = re.compile(r"[（(]([一二三四五六七八九十]{1,3})[)）]")
_BODY_ENDINGS = ("政府", "局", "委员会", "办公室", "办公厅", "委", "院", "中心", "办事处", "厅",
                 "署", "所", "处", "站", "队", "会", "部")
_DATE_LABELS = ("发布日期", "发布时间", "公开日期", "成文日期", "发文日期")
_FIELD = re.compile(
    r"(发布机构|发文机关|发布单位|发布日期|发布时间|公开日期|成文日期)\s*[:：]\s*(\S.{0,60})"
)
_FIELD_PREFIX = re.compile(r"标题\s*[:：]\s*")
_BODY_LABELS = ("发布机构", "发文机关", "发布单位", "公开主体")
#: words each numbered heading must contain (spec §3, §9.8: wording drifts)
_HEADING_WORDS = {"一": ("总体",), "二": ("主动公开",), "三": ("申请",),
                  "四": ("复议", "诉讼"), "五": ("问题",), "六": ("其他",)}


@attrs.frozen(kw_only=True)
class Narrative:
    title: str | None = None
    doc_number: str | None = None
    body: str | None = None
    published: dt.date | None = None
    year: int | None = None
    sections: dict[str, Section] = attrs.field(factory=dict)


def _nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def _date(match: re.Match[str]) -> dt.date | None:
    try:
        return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def _heading_number(text: str) -> str | None:
    stripped = text.strip().lstrip("#").strip()
    match = _HEADING.match(stripped)
    if match is None or len(norm(stripped)) > 40:
        return None
    number = match.group(1)
    words = _HEADING_WORDS[number]
    return number if any(w in stripped for w in words) else None


def _is_body(text: str) -> bool:
    compact = "".join(text.split())
    return (
        2 <= len(compact) <= 40
        and compact.endswith(_BODY_ENDINGS)
        and not any(ch in compact for ch in "，。：；、,:;")
        and _HEADING.match(compact) is None
    )


class _Notes:
    """Collects the metadata notes."""

    def __init__(self, notes: list[ParseNote]) -> None:
        self.notes = notes

    def __call__(self, kind: NoteKind, field: str, message: str, block: Block | None = None
                 ) -> None:
        self.notes.append(ParseNote(kind=kind, place=Place(table="报告", row=(field,)),
                                    message=message,
                                    location=block.location if block else None))


def read_narrative(blocks: Sequence[Block], fields: Sequence[tuple[str, str]],
                   notes: list[ParseNote]) -> Narrative:
    """Read metadata and sections 一、五、六 from the blocks outside tables."""
    lines = [b for b in blocks if b.text.strip()]
    texts = [b.text.strip() for b in lines]
    note = _Notes(notes)
    # ``发布机构: …`` lines of a saved page's header count as labelled fields
    fields = [*fields, *(
        (m.group(1), m.group(2)) for m in (_FIELD.match(t) for t in texts[:15]) if m
    )]
    texts = [_FIELD_PREFIX.sub("", t) if t.startswith("标题") else t for t in texts]
    title = _title(lines, texts, note)
    doc_number = None
    for text in texts[:30]:  # 文号: a line that is only a document number, near the top
        match = _DOC_NUMBER.fullmatch("".join(text.lstrip("#").split()))
        if match is not None:
            doc_number = match.group()
            break
    body, published, signature = _signature(texts)
    body, published = _fields(fields, body, published, note)
    if published is None:
        published = _labelled_date(lines, texts, note)
    year = _year(title, lines, texts, note)
    if body is None and title is not None and year is not None:
        body = _body_from_title(title, year, note)
    return Narrative(title=title, doc_number=doc_number, body=body, published=published,
                     year=year, sections=_sections(lines, texts, signature))


def _title(lines: Sequence[Block], texts: Sequence[str], note: _Notes) -> str | None:
    """An early line naming the report (joined with the line before when that names the
    body and the title starts with the year)."""
    for index, (block, text) in enumerate(zip(lines[:40], texts[:40], strict=False)):
        compact = "".join(text.lstrip("#").split())
        following = "".join(texts[index + 1].split()) if index + 1 < len(texts) else ""
        if (
            "政府信息公开" in compact and "报告" not in compact and len(following) <= 12
            and following.endswith(("年度报告", "年报")) and _YEAR.search(_nfkc(compact))
        ):
            # 2025 年上海市人民政府办公厅政府信息公开 / 工作年度报告: wrapped over two lines
            note(NoteKind.NORMALISED, "标题", "标题跨两行 / title joined from two lines", block)
            return compact + following
        if not (
            "政府信息公开" in compact and ("年度报告" in compact or "年报" in compact)
            and len(compact) <= 80 and "。" not in compact and _heading_number(compact) is None
            and _YEAR.search(_nfkc(compact))  # not a menu link such as 政府信息公开年报
        ):
            continue
        previous = "".join(texts[index - 1].split()) if index > 0 else ""
        if _YEAR.match(_nfkc(compact)) and _is_body(previous):
            # 洪泽区人民政府 / 2023 年政府信息公开工作年度报告: a title over two lines
            note(NoteKind.NORMALISED, "标题", "标题跨两行 / title joined from two lines", block)
            return previous + compact
        if compact != text.lstrip("#").strip():
            note(NoteKind.NORMALISED, "标题", "去除标题中的空格 / spaces removed from the title",
                 block)
        return compact
    return None


def _signature(texts: Sequence[str]) -> tuple[str | None, dt.date | None, set[int]]:
    """The issuing body and date of the signature block among the last lines."""
    body: str | None = None
    published: dt.date | None = None
    signature: set[int] = set()
    tail = list(range(max(0, len(texts) - 6), len(texts)))
    for i in reversed(tail):
        match = _DATE_CN.fullmatch("".join(_nfkc(texts[i]).split()))
        if match is not None:
            published = _date(match)
            signature.add(i)
            if i > 0 and _is_body(texts[i - 1]):
                body = "".join(texts[i - 1].split())
                signature.add(i - 1)
            break
    if body is None and tail and _is_body(texts[tail[-1]]):
        body = "".join(texts[tail[-1]].split())
        signature.add(tail[-1])
    return body, published, signature


def _fields(fields: Sequence[tuple[str, str]], body: str | None, published: dt.date | None,
            note: _Notes) -> tuple[str | None, dt.date | None]:
    """Body and date from a page's label cells (发布机构 | …, 公开日期 | …)."""
    for label, value in fields:
        key = "".join(label.split()).rstrip(":：")
        if body is None and key in _BODY_LABELS and _is_body(value):
            body = "".join(value.split())
            note(NoteKind.NORMALISED, "机关", f"机关取自{key} / issuing body read from {key}")
        if published is None and key in _DATE_LABELS:
            match = _DATE_ISO.search(_nfkc(value))
            if match is not None:
                published = _date(match)
    return body, published


def _labelled_date(lines: Sequence[Block], texts: Sequence[str], note: _Notes
                   ) -> dt.date | None:
    for block, text in zip(lines[:40], texts[:40], strict=False):
        compact = "".join(_nfkc(text).split())
        label = next((x for x in _DATE_LABELS if compact.startswith(x)), None)
        if label is not None:
            match = _DATE_ISO.search(compact, len(label))
            if match is not None:
                note(NoteKind.NORMALISED, "发布日期", f"日期取自{label} / date read from {label}",
                     block)
                return _date(match)
    return None


def _year(title: str | None, lines: Sequence[Block], texts: Sequence[str], note: _Notes
          ) -> int | None:
    """The report year: from the title, else from the statistics period."""
    if title is not None:
        match = _YEAR.search(_nfkc(title))
        if match is not None:
            return int(match.group(1))
    for block, text in zip(lines, texts, strict=False):
        match = _PERIOD.search(_nfkc(text))
        if match is not None:
            note(NoteKind.NORMALISED, "年度",
                 "年度取自统计期限 / year read from the statistics period", block)
            return int(match.group(1))
    return None


def _body_from_title(title: str, year: int, note: _Notes) -> str | None:
    """``2019年上海市人民政府办公厅政府信息公开工作年度报告`` → ``上海市人民政府办公厅``."""
    before, _, after = _nfkc(title).partition(f"{year}年")
    candidate = (before or after.removeprefix("度")).split("政府信息公开", 1)[0]
    if _is_body(candidate):
        note(NoteKind.NORMALISED, "机关", "机关取自标题 / issuing body read from the title")
        return candidate
    return None


def _sections(lines: Sequence[Block], texts: Sequence[str], signature: set[int]
              ) -> dict[str, Section]:
    starts: list[tuple[int, str]] = []
    for i, text in enumerate(texts):
        number = _heading_number(text)
        if number is not None and (not starts or starts[-1][1] != number):
            starts.append((i, number))
    out: dict[str, Section] = {}
    for k, (i, number) in enumerate(starts):
        if number not in ("一", "五", "六") or number in out:
            continue
        stop = starts[k + 1][0] if k + 1 < len(starts) else len(texts)
        body = [j for j in range(i + 1, stop) if j not in signature]
        out[number] = _section(texts[i].lstrip("#").strip(), [texts[j] for j in body])
    return out


#: characters that end a paragraph; a line ending otherwise was broken by the extraction
_PARAGRAPH_END = tuple("。！？!?；;：:”」』）)…")


class _Paragraphs:
    """Paragraphs joined from lines: a line is appended to the open paragraph until one ends
    with a paragraph end. Pieces are kept in lists and joined once, so a section of many
    lines without 。 is read in linear time."""

    def __init__(self) -> None:
        self.done: list[Paragraph] = []
        self.open: list[str] = []

    def add(self, text: str) -> None:
        self.open.append(text)
        if text.endswith(_PARAGRAPH_END):
            self.close()

    def close(self) -> None:
        if self.open:
            self.done.append(Paragraph(text="".join(self.open)))
            self.open = []

    def take(self) -> list[Paragraph]:
        self.close()
        out, self.done = self.done, []
        return out


def _section(heading: str, texts: Sequence[str]) -> Section:
    content: list[Paragraph | Section] = []
    sub_heading: str | None = None
    paragraphs = _Paragraphs()
    for raw in texts:
        text = raw.lstrip("#").strip() if raw.lstrip().startswith("#") else raw.strip()
        if _SUBHEADING.match(text) and len(text) <= 40:
            if sub_heading is not None:
                content.append(Section(heading=sub_heading, content=tuple(paragraphs.take())))
            else:
                content.extend(paragraphs.take())
            sub_heading = text
        else:
            paragraphs.add(text)
    if sub_heading is not None:
        content.append(Section(heading=sub_heading, content=tuple(paragraphs.take())))
    else:
        content.extend(paragraphs.take())
    return Section(heading=heading, content=tuple(content))
