"""Metadata (title, 文号, issuing body, date, year) and the narrative sections 一、五、六."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

import attrs

from govdisclosure.findings import Place
from govdisclosure.formats import SECTION_HEADINGS
from govdisclosure.model import Paragraph, Section

from ._labels import nfkc, norm
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
#: the numbers of the sections, each heading's first character
_NUMERALS = frozenset("一二三四五六")
_SUBHEADING = re.compile(r"[（(]([一二三四五六七八九十]{1,3})[)）]")
_BODY_ENDINGS = ("政府", "局", "委员会", "办公室", "办公厅", "委", "院", "中心", "办事处", "厅",
                 "署", "所", "处", "站", "队", "会", "部",
                 # a place named for its government (三明市2022年政府信息公开工作年度报告)
                 "市", "县", "区", "镇", "乡", "街道", "综合实验区", "新区", "开发区", "旗",
                 "自治州", "自治县", "盟", "省")
_DATE_LABELS = ("发布日期", "发布时间", "公开日期", "成文日期", "发文日期")
_FIELD = re.compile(
    r"(发布机构|发文机关|发布单位|发布日期|发布时间|公开日期|成文日期)\s*[:：]\s*(\S.{0,60})"
)
#: a report-shaped title anywhere in the text: what stands before the year names the body
_REPORT_TITLE = re.compile(
    r"(20[0-9]{2})\s*年\s*度?\s*(?:的\s*)?政\s*府\s*信\s*息\s*公\s*开\s*(?:工\s*作\s*)?"
    r"年\s*度\s*报\s*告"
)
#: the characters a body's name is made of (CJK and the brackets some names hold)
_NAME_CHARS = re.compile(r"[\u4e00-\u9fff（）()]{2,40}$")
#: words that introduce a title in a sentence (现公布三明市人民政府2022年…)
_LEAD_WORDS = ("现予公布", "现公布", "特公布", "现将", "现发布", "公布", "发布", "编制", "本报告为",
               "本报告是", "根据", "是")
#: the signature block at the very end of a long line: ``… 永春县石鼓镇人民政府 2021年1月6日``
_SIGNATURE_END = re.compile(
    r"(?:^|[\s。！？；，,.;:：）)])([\u4e00-\u9fff（）()]{2,40})\s*"
    r"(20[0-9]{2})\s*年\s*([0-9]{1,2})\s*月\s*([0-9]{1,2})\s*日\s*$"
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


def _date(match: re.Match[str]) -> dt.date | None:
    try:
        return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def _heading_number(text: str) -> str | None:
    first = text[:1]
    if first not in _NUMERALS and first != "#" and not first.isspace():
        return None  # most lines start otherwise: nothing more to look at
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
    lines = _split_blocks(blocks)
    texts = [b.text for b in lines]  # (stripped)
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
    body, signed, signature = _signature(texts)
    year = _year(title, lines, texts, note)
    field_body, field_date = _fields(fields)
    labelled = _labelled_date(texts) if field_date is None else None
    published = _published(year, note, (signed, "署名", "the signature"),
                           (field_date, "页面字段", "the page's date field"), labelled)
    if body is None and field_body is not None:
        body = field_body[1]
        fuller = _body_from_titles(title, texts, year, None) if year is not None else None
        if fuller is not None and _shortened(body, fuller):
            # 发布机构: 市城市管理局 (or 市应急局), title 莆田市城市管理局 (莆田市应急管理局)
            # 2019年度…: the site shortened it
            note(NoteKind.NORMALISED, "机关", f"{field_body[0]}“{body}”按标题补全为“{fuller}” / "
                 f"issuing body {body!r} of {field_body[0]} completed from the title")
            body = fuller
        else:
            note(NoteKind.NORMALISED, "机关", f"机关取自{field_body[0]} / issuing body read "
                 f"from {field_body[0]}")
    if body is None and year is not None:
        body = _body_from_titles(title, texts, year, note)
    return Narrative(title=title, doc_number=doc_number, body=body, published=published,
                     year=year, sections=_sections(lines, texts, signature))


def _shortened(short: str, full: str) -> bool:
    """Whether ``short`` is ``full`` shortened: its characters in ``full``'s order, ending as
    it ends (市城市管理局 and 市应急局 of 莆田市城市管理局 and 莆田市应急管理局)."""
    if short == full or len(short) < 2 or short[-1] != full[-1]:
        return False
    rest = iter(full)
    return all(ch in rest for ch in short)  # a subsequence: each found after the last


def _published(year: int | None, note: _Notes,
               *candidates: tuple[dt.date | None, str, str] | None) -> dt.date | None:
    """The first date found (signature, page field, labelled line) that can be a report's
    publication date: a report on a year is published after that year ends, so an earlier
    date (a crawler's ``发布时间：2024-01-01`` on a 2024 report) is noted and not used."""
    for candidate in candidates:
        if candidate is None:
            continue
        date, where_zh, where_en = candidate
        if date is None:
            continue
        if year is not None and date.year <= year:
            note(NoteKind.UNREADABLE, "发布日期",
                 f"{where_zh}日期{date.isoformat()}不晚于报告年度{year}年，不予采用 / the date "
                 f"{date.isoformat()} of {where_en} is not after the report year {year}: "
                 "not used")
            continue
        if where_zh == "标注":
            note(NoteKind.NORMALISED, "发布日期", f"日期取自{where_en} / date read from "
                 f"{where_en}")
        return date
    return None


def _title(lines: Sequence[Block], texts: Sequence[str], note: _Notes) -> str | None:
    """An early line naming the report (joined with the line before when that names the
    body and the title starts with the year)."""
    for index, (block, text) in enumerate(zip(lines[:40], texts[:40], strict=False)):
        compact = "".join(text.lstrip("#").split())
        following = "".join(texts[index + 1].split()) if index + 1 < len(texts) else ""
        if (
            "政府信息公开" in compact and "报告" not in compact and len(following) <= 12
            and following.endswith(("年度报告", "年报")) and _YEAR.search(nfkc(compact))
        ):
            # 2025 年上海市人民政府办公厅政府信息公开 / 工作年度报告: wrapped over two lines
            note(NoteKind.NORMALISED, "标题", "标题跨两行 / title joined from two lines", block)
            return compact + following
        if not (
            "政府信息公开" in compact and ("年度报告" in compact or "年报" in compact)
            and len(compact) <= 80 and "。" not in compact and _heading_number(compact) is None
            and _YEAR.search(nfkc(compact))  # not a menu link such as 政府信息公开年报
        ):
            continue
        previous = "".join(texts[index - 1].split()) if index > 0 else ""
        if _YEAR.match(nfkc(compact)) and _is_body(previous):
            # 洪泽区人民政府 / 2023 年政府信息公开工作年度报告: a title over two lines
            note(NoteKind.NORMALISED, "标题", "标题跨两行 / title joined from two lines", block)
            return previous + compact
        if compact != text.lstrip("#").strip():
            note(NoteKind.NORMALISED, "标题", "去除标题中的空格 / spaces removed from the title",
                 block)
        own = _page_title(compact)
        if own != compact:
            note(NoteKind.NORMALISED, "标题", "去除网页标题中的栏目与网站名 / the column and site "
                 "names of the page's <title> removed", block)
        return own
    return None


#: what separates a page <title>'s parts (``报告_政府信息公开年报_平潭综合实验区党工委管委会``)
_TITLE_PARTS = re.compile(r"[_|｜]+")


def _page_title(compact: str) -> str:
    """The report's own title out of a page <title> that appends its column and site."""
    parts = [p for p in _TITLE_PARTS.split(compact) if p]
    if len(parts) < 2:
        return compact
    named = [p for p in parts if "政府信息公开" in p and ("年度报告" in p or "年报" in p)
             and _YEAR.search(nfkc(p))]
    return named[0] if len(named) == 1 else compact


def _signature(texts: Sequence[str]) -> tuple[str | None, dt.date | None, set[int]]:
    """The issuing body and date of the signature block among the last lines."""
    body: str | None = None
    published: dt.date | None = None
    signature: set[int] = set()
    tail = list(range(max(0, len(texts) - 6), len(texts)))
    for i in reversed(tail):
        match = _DATE_CN.fullmatch("".join(nfkc(texts[i]).split()))
        if match is not None:
            published = _date(match)
            signature.add(i)
            if i > 0 and _is_body(texts[i - 1]):
                body = "".join(texts[i - 1].split())
                signature.add(i - 1)
            elif i > 0 and _is_signer(texts[i - 1]):
                signature.add(i - 1)  # 三明市政务公开工作领导小组: signs, is not the body
            break
    if not signature:
        # a closing note after the signature (（此件主动公开）) is part of its block
        end = len(texts) - 1 if texts and _TRAILER.fullmatch(
            "".join(nfkc(texts[-1]).split())) else len(texts)
        first = _broken_date(texts[:end])
        if first is not None:
            # 莆田市城市管理局 / 20 / 年 / 1 / 月 / 14 / 日: the date in runs, its century lost
            joined = "".join("".join(nfkc(t).split()) for t in texts[first:end])
            match = _DATE_CN.fullmatch(joined)
            published = _date(match) if match is not None else None
            signature.update(range(first, len(texts)))
            if first > 0 and _is_body(texts[first - 1]):
                body = "".join(texts[first - 1].split())
                signature.add(first - 1)
            elif first > 0 and _is_signer(texts[first - 1]):
                signature.add(first - 1)
    if signature and _TRAILER.fullmatch("".join(nfkc(texts[-1]).split())):
        signature.add(len(texts) - 1)
    if body is None and not signature:
        # no date: the body alone, on one of the last lines (a page's footer may follow)
        for i in reversed(tail[-3:]):
            if _is_body(texts[i]):
                body = "".join(texts[i].split())
                signature.add(i)
                break
    return body, published, signature


#: a run of a date broken over lines: digits, one of 年 月 日, or digits with one (``1月``)
_DATE_RUN = re.compile(r"[0-9]{1,4}[年月日]?|[年月日]")
#: a note closing a document after its signature (``（此件主动公开）``)
_TRAILER = re.compile(r"[(（]此件[^()（）]{1,12}[)）]")


def _broken_date(texts: Sequence[str]) -> int | None:
    """Where a date printed one run per line (``2020`` / ``年`` / ``1`` / ``月`` / ``6`` /
    ``日``) starts among the last lines, when the text ends with one."""
    first = len(texts)
    while first > 0 and first > len(texts) - 8 and _DATE_RUN.fullmatch(
            "".join(nfkc(texts[first - 1]).split())):
        first -= 1
    runs = "".join("".join(nfkc(t).split()) for t in texts[first:])
    if re.fullmatch(r"[0-9]{1,4}年[0-9]{1,2}月[0-9]{1,2}日", runs):
        return first
    return None


def _is_signer(text: str) -> bool:
    """A line that can only be a signature's name: a few CJK characters, no sentence."""
    compact = "".join(text.split())
    return bool(_NAME_CHARS.fullmatch(compact)) and len(compact) <= 30 and \
        _HEADING.match(compact) is None


def _fields(fields: Sequence[tuple[str, str]]
            ) -> tuple[tuple[str, str] | None, dt.date | None]:
    """Body (with its label) and date from a page's label cells (发布机构 | …, 公开日期 | …)."""
    body: tuple[str, str] | None = None
    published: dt.date | None = None
    for label, value in fields:
        key = "".join(label.split()).rstrip(":：")
        if body is None and key in _BODY_LABELS and _is_body(value):
            body = (key, "".join(value.split()))
        if published is None and key in _DATE_LABELS:
            match = _DATE_ISO.search(nfkc(value))
            if match is not None:
                published = _date(match)
    return body, published


def _labelled_date(texts: Sequence[str]) -> tuple[dt.date | None, str, str] | None:
    for text in texts[:40]:
        compact = "".join(nfkc(text).split())
        label = next((x for x in _DATE_LABELS if compact.startswith(x)), None)
        if label is not None:
            match = _DATE_ISO.search(compact, len(label))
            if match is not None:
                return _date(match), "标注", label
    return None


def _year(title: str | None, lines: Sequence[Block], texts: Sequence[str], note: _Notes
          ) -> int | None:
    """The report year: from the title, else from the statistics period."""
    if title is not None:
        match = _YEAR.search(nfkc(title))
        if match is not None:
            return int(match.group(1))
    for block, text in zip(lines, texts, strict=False):
        match = _PERIOD.search(nfkc(text))
        if match is not None:
            note(NoteKind.NORMALISED, "年度",
                 "年度取自统计期限 / year read from the statistics period", block)
            return int(match.group(1))
    return None


def _body_from_titles(title: str | None, texts: Sequence[str], year: int,
                      note: _Notes | None) -> str | None:
    """The body named before the year in a report-shaped title: the title's own
    (``2019年上海市人民政府办公厅政府信息公开工作年度报告`` → ``上海市人民政府办公厅``), made
    longer by the same title in a sentence (title ``三明市2022年…``, text ``现公布三明市人民政府
    2022年…`` → ``三明市人民政府``)."""
    own = None
    if title is not None:
        before, _, after = nfkc(title).partition(f"{year}年")
        candidate = (before or after.removeprefix("度")).split("政府信息公开", 1)[0]
        own = candidate if _is_body(candidate) else None
    found: list[str] = []
    # one NFKC of all lines: a line break composes with nothing, so this is each line's
    joined = "".join(nfkc("\n".join(texts)).split())
    for match in _REPORT_TITLE.finditer(joined):
        if int(match.group(1)) != year:
            continue
        name = _NAME_CHARS.search(joined, max(0, match.start() - 40), match.start())
        if name is None:
            continue
        text = name.group()
        if own is not None:
            at = text.rfind(own)
            if at >= 0 and _is_body(text[at:]):
                found.append(text[at:])
            continue
        for word in _LEAD_WORDS:
            at = text.rfind(word)
            if at >= 0:
                text = text[at + len(word):]
                break
        if _is_body(text):
            found.append(text)
    best = max(found, key=len, default=own)
    if best is not None and note is not None:
        where = "标题" if best == own else "正文中的报告标题"
        note(NoteKind.NORMALISED, "机关", f"机关取自{where} / issuing body read from the "
             f"{'title' if best == own else 'report title named in the text'}")
    return best


def _split_blocks(blocks: Sequence[Block]) -> list[Block]:
    """The blocks holding text, stripped and split at the official section headings printed
    inside a line (``… 一、总体情况 2022年，…``), and the signature block at the end of the
    last line split from it."""
    out: list[Block] = []
    for block in blocks:
        if _HEADINGS_ANYWHERE.search(block.text) is None:
            # most lines hold no heading: keep the block itself (one object less a line)
            stripped = block.text.strip()
            if not stripped:
                continue
            if stripped == block.text:
                out.append(block)
            else:
                out.append(Block(text=stripped, location=block.location))
            continue
        pieces = []
        at = 0
        for match in _HEADINGS_ANYWHERE.finditer(block.text):
            pieces.append(block.text[at:match.start()])
            pieces.append(match.group())
            at = match.end()
        pieces.append(block.text[at:])
        out.extend(Block(text=p.strip(), location=block.location) for p in pieces if p.strip())
    out = _join_bare_numbers(out)
    while out:
        # a saved page's controls after the text (``… 附件下载``, ``【打印本页】``)
        ending = out[-1].text
        trimmed = _FURNITURE_END.sub("", ending).rstrip()
        if trimmed == ending:
            break
        out[-1:] = [Block(text=trimmed, location=out[-1].location)] if trimmed else []
    if out:
        last = out[-1]
        end = _SIGNATURE_END.search(last.text[-120:])
        if end is not None and _is_body(end.group(1)):
            start = len(last.text) - len(last.text[-120:]) + end.start(1)
            date_at = start + len(end.group(1))
            out[-1:] = [Block(text=t.strip(), location=last.location) for t in (
                last.text[:start], last.text[start:date_at], last.text[date_at:]) if t.strip()]
    return out


#: a page's controls printed after the report's last words, once the page is text
_FURNITURE_END = re.compile(
    r"(?:^|\s)[【\[]?(?:附件下载|打印本页|关闭窗口|打印|关闭|返回顶部|扫一扫在手机打开当前页)[】\]]?$"
)
#: a section number printed alone on its line, its words on the next (``一、`` / ``总体情况``)
_BARE_NUMBER = re.compile(r"[一二三四五六]\s*[、.．]")


def _join_bare_numbers(blocks: list[Block]) -> list[Block]:
    """A section number alone on a line joined to the line after it, when the two make the
    section's heading (one-run-per-line page text breaks headings there). The blocks'
    texts are stripped."""
    out: list[Block] = []
    skip = False
    for i, block in enumerate(blocks):
        if skip:
            skip = False
            continue
        text = block.text
        if text[:1] in _NUMERALS and _BARE_NUMBER.fullmatch(text) and i + 1 < len(blocks):
            joined = text + blocks[i + 1].text
            if _heading_number(joined) is not None:
                out.append(Block(text=joined, location=block.location))
                skip = True
                continue
        out.append(block)
    return out


def _heading_pattern(heading: str) -> str:
    number, _, words = heading.partition("、")
    return number + r"\s*[、.．]\s*" + r"\s*".join(re.escape(ch) for ch in words)


#: the official headings of sections 一 to 六, found anywhere in a line
_HEADINGS_ANYWHERE = re.compile(
    "|".join(_heading_pattern(h) for h in SECTION_HEADINGS.values())
)


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
        text = raw.strip()
        if text.startswith("#"):
            text = raw.lstrip("#").strip()
        if text.startswith(("（", "(")) and _SUBHEADING.match(text) and len(text) <= 40:
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
