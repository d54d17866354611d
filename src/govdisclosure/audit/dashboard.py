"""The findings of an audit as one self-contained HTML page for a supervising office.

:func:`summarize` reduces a report to the few figures the page needs
(:class:`ReportSummary`); :func:`dashboard` is a pure function of those summaries and the
audit's rows that returns the page: a status table per unit and year (published on time,
late or missing; consistent or with errors; warnings), the findings by rule and by unit
with their places and messages, and charts — applications per year, the 予以公开 and
复议纠错 rates across units, carry-over breaks — drawn with matplotlib (the ``plot``
extra) as inline SVG, text as paths, so the page needs no network and no font to be read.
"""

from __future__ import annotations

import collections
import datetime as dt
import html
import io
import re
import warnings
from collections.abc import Iterable, Sequence
from typing import Any

import attrs

from govdisclosure import categories as c
from govdisclosure.errors import GovDisclosureError, MissingExtra
from govdisclosure.findings import Severity, Verdict
from govdisclosure.model import AnnualReport

from ._base import cell
from .bulk import AuditRow
from .crossyear import pair_rules
from .publication import deadline
from .rules import report_rules

__all__ = ["ReportSummary", "dashboard", "summarize", "write_dashboard"]


def __dir__() -> list[str]:
    return __all__


@attrs.frozen(kw_only=True)
class ReportSummary:
    """What the dashboard shows of one report (``None``: blank, never 0)."""

    path: str
    body: str
    year: int
    format: str
    published: dt.date | None
    deadline: dt.date | None
    #: 一、本年新收政府信息公开申请数量 / 总计
    applications: int | None
    #: 二、上年结转 / 总计
    carried_over: int | None
    #: （七）总计 / 总计
    results: int | None
    #: （一）予以公开 / 总计
    disclosed: int | None
    #: 四、结转下年度继续办理 / 总计
    carried_forward: int | None
    #: 行政复议 / 总计 and 结果纠正
    reviews: int | None
    reviews_corrected: int | None


def summarize(path: str, report: AnnualReport) -> ReportSummary:
    """The figures of ``report`` the dashboard shows (a blank 总计 derived from its row)."""
    t3, t4 = report.table3, report.table4
    total = t3.columns[c.ApplicantTotal]

    def three(row: type[c.Category]) -> int | None:
        return cell(t3, t3.rows[row], total)

    review = t4.rows["review"]
    return ReportSummary(
        path=path, body=report.body, year=report.year, format=report.format.code,
        published=report.metadata.published, deadline=deadline(report),
        applications=three(c.NewlyReceived), carried_over=three(c.CarriedOver),
        results=three(c.ResultTotal), disclosed=three(c.Disclosed),
        carried_forward=three(c.CarriedForward),
        reviews=cell(t4, review, t4.columns["total"]),
        reviews_corrected=t4[review, "corrected"],
    )


def _unit(body: str | None) -> str:
    return re.sub(r"\s+", "", body or "")


_E = html.escape

_CSS = """
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",
sans-serif;margin:24px;color:#222;max-width:1200px}
h1{font-size:22px}h2{font-size:18px;border-bottom:2px solid #c00;padding-bottom:4px;margin-top:32px}
table{border-collapse:collapse;margin:8px 0;font-size:13px}
th,td{border:1px solid #bbb;padding:3px 6px;vertical-align:top}
th{background:#f0f0f0}
td.ok{background:#e6f4e6}td.late{background:#fde8c8}td.missing{background:#eee;color:#777}
td.err{background:#f9d6d6}
.n{text-align:right}.small{color:#666;font-size:12px}
.charts{display:flex;flex-wrap:wrap;gap:16px}.chart{border:1px solid #ddd;padding:4px}
details{margin:4px 0}summary{cursor:pointer}
"""


@attrs.frozen
class _Counts:
    errors: int = 0
    warnings: int = 0
    undetermined: int = 0


def _counts(rows: Sequence[AuditRow]) -> dict[str, _Counts]:
    tally: dict[str, list[int]] = collections.defaultdict(lambda: [0, 0, 0])
    for row in rows:
        t = tally[row.path]
        if row.verdict is Verdict.UNDETERMINED:
            t[2] += 1
        elif row.severity is Severity.ERROR:
            t[0] += 1
        else:
            t[1] += 1
    return {path: _Counts(*t) for path, t in tally.items()}


def _status_table(
    summaries: Sequence[ReportSummary], counts: dict[str, _Counts], unreadable: Sequence[str]
) -> str:
    if not summaries:
        return "<p>没有可读取的报告。</p>"
    years = list(range(min(s.year for s in summaries), max(s.year for s in summaries) + 1))
    grid: dict[tuple[str, int], list[ReportSummary]] = collections.defaultdict(list)
    for s in summaries:
        grid[_unit(s.body), s.year].append(s)
    units = sorted({_unit(s.body) for s in summaries})
    out = ["<table id='status'><tr><th>单位</th>",
           *(f"<th>{y}年度</th>" for y in years), "</tr>"]
    for unit in units:
        out.append(f"<tr><th style='text-align:left'>{_E(unit)}</th>")
        for year in years:
            found = grid.get((unit, year))
            if not found:
                out.append("<td class='missing'>缺失</td>")
                continue
            s = found[0]
            k = counts.get(s.path, _Counts())
            if s.published is None:
                when, css = "发布日期未知", "ok" if not k.errors else "err"
            elif s.deadline is None:
                when, css = f"发布 {s.published.isoformat()}", "ok"
            elif s.published <= s.deadline:
                when, css = f"按时发布 {s.published.isoformat()}", "ok"
            else:
                late = (s.published - s.deadline).days
                when, css = f"逾期{late}天 {s.published.isoformat()}", "late"
            if k.errors:
                css = "err"
            parts = [when, f"错误 {k.errors}" if k.errors else "勾稽一致"]
            if k.warnings:
                parts.append(f"警告 {k.warnings}")
            if k.undetermined:
                parts.append(f"无法判断 {k.undetermined}")
            if len(found) > 1:
                parts.append(f"重复 {len(found)} 份")
            title = _E(s.path, quote=True)
            out.append(f"<td class='{css}' title='{title}'>{'<br>'.join(map(_E, parts))}</td>")
        out.append("</tr>")
    out.append("</table>")
    out.append("<p class='small'>按时：不晚于该类机关的发布时限（部门、乡镇1月31日，县2月20日，"
               "市3月10日，省3月31日）；缺失：在所涉年度范围内没有该单位该年度的报告。</p>")
    if unreadable:
        out.append(f"<p>无法读取的文件 {len(unreadable)} 个：</p><ul>")
        out.extend(f"<li>{_E(p)}</li>" for p in unreadable)
        out.append("</ul>")
    return "".join(out)


def _descriptions() -> dict[str, str]:
    from govdisclosure.checks import rules as official

    found = {r.id: r.description for r in (*official(), *report_rules(), *pair_rules())}
    found.update({"READ": "文件无法读取", "PARSE": "表格单元格未能读取",
                  "DUPLICATE": "同一机关同一年度有多份报告", "INTERNAL": "检查程序出错"})
    return found


def _by_rule(rows: Sequence[AuditRow]) -> str:
    described = _descriptions()
    tally: dict[str, list[Any]] = {}
    for row in rows:
        t = tally.setdefault(row.rule, [row.severity, 0, 0, set()])
        if row.verdict is Verdict.UNDETERMINED:
            t[2] += 1
        else:
            t[1] += 1
            t[3].add(row.path)
    if not tally:
        return "<p>没有发现问题。</p>"
    out = ["<table id='by-rule'><tr><th>规则</th><th>等级</th><th>内容</th><th>违反</th>"
           "<th>无法判断</th><th>涉及报告</th></tr>"]
    for rule in sorted(tally, key=lambda r: (-tally[r][1], r)):
        severity, violated, undetermined, paths = tally[rule]
        grade = "错误" if severity is Severity.ERROR else "警告"
        out.append(
            f"<tr><td>{_E(rule)}</td><td>{grade}</td><td>{_E(described.get(rule, ''))}</td>"
            f"<td class='n'>{violated}</td><td class='n'>{undetermined}</td>"
            f"<td class='n'>{len(paths)}</td></tr>"
        )
    out.append("</table>")
    return "".join(out)


def _by_unit(rows: Sequence[AuditRow], limit: int) -> str:
    units: dict[str, list[AuditRow]] = collections.defaultdict(list)
    for row in rows:
        units[_unit(row.body) or row.path].append(row)
    if not units:
        return "<p>没有发现问题。</p>"
    out = ["<div id='by-unit'>"]
    for unit in sorted(units):
        found = units[unit]
        errors = sum(r.severity is Severity.ERROR and r.verdict is Verdict.VIOLATED
                     for r in found)
        out.append(f"<details><summary>{_E(unit)}：{len(found)} 条（错误 {errors}）</summary>"
                   "<table><tr><th>年度</th><th>规则</th><th>判定</th><th>位置</th>"
                   "<th>说明</th><th>文件</th></tr>")
        ordered = sorted(found, key=lambda r: (r.year or 0, r.rule))
        for row in ordered[:limit]:
            verdict = ("无法判断" if row.verdict is Verdict.UNDETERMINED
                       else "错误" if row.severity is Severity.ERROR else "警告")
            out.append(
                f"<tr><td>{row.year or ''}</td><td>{_E(row.rule)}</td><td>{verdict}</td>"
                f"<td>{_E(row.place)}</td><td>{_E(row.message)}</td>"
                f"<td class='small'>{_E(row.path)}</td></tr>"
            )
        out.append("</table>")
        if len(ordered) > limit:
            out.append(f"<p class='small'>另有 {len(ordered) - limit} 条，见审计CSV。</p>")
        out.append("</details>")
    out.append("</div>")
    return "".join(out)


# --- charts -------------------------------------------------------------------------------

_FONTS = ["Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Zen Hei", "PingFang SC",
          "Microsoft YaHei", "SimHei", "DejaVu Sans"]


def _figure(width: float, height: float) -> Any:
    try:
        import matplotlib as mpl
        from matplotlib.figure import Figure
    except ImportError as exc:
        raise MissingExtra("the dashboard's charts need matplotlib: "
                           "pip install 'govdisclosure[plot]'") from exc
    mpl.rcParams["font.sans-serif"] = _FONTS
    mpl.rcParams["font.family"] = "sans-serif"
    mpl.rcParams["svg.fonttype"] = "path"  # text as paths: no font needed to view
    mpl.rcParams["svg.hashsalt"] = "govdisclosure"  # the same page for the same data
    mpl.rcParams["axes.unicode_minus"] = False
    return Figure(figsize=(width, height), layout="constrained")


def _svg(figure: Any, name: str, caption: str) -> str:
    buffer = io.StringIO()
    with warnings.catch_warnings():
        # a machine without a CJK font draws boxes; the page is still made
        warnings.filterwarnings("ignore", message="Glyph .* missing", category=UserWarning)
        warnings.filterwarnings("ignore", message="findfont", category=UserWarning)
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg"):]  # drop the XML prolog and DOCTYPE, not valid inside HTML
    return (f"<figure class='chart' id='chart-{name}'>{svg}"
            f"<figcaption>{_E(caption)}</figcaption></figure>")


def _latest(summaries: Sequence[ReportSummary]) -> list[ReportSummary]:
    latest: dict[str, ReportSummary] = {}
    for s in summaries:
        unit = _unit(s.body)
        if unit not in latest or s.year > latest[unit].year:
            latest[unit] = s
    return list(latest.values())


def _applications_chart(summaries: Sequence[ReportSummary]) -> str:
    per_year: dict[int, int] = collections.Counter()
    blank: dict[int, int] = collections.Counter()
    for s in summaries:
        if s.applications is None:
            blank[s.year] += 1
        else:
            per_year[s.year] += s.applications
    years = sorted(per_year.keys() | blank.keys())
    fig = _figure(6, 3.4)
    ax = fig.add_subplot()
    bars = ax.bar([str(y) for y in years], [per_year.get(y, 0) for y in years], color="#c0392b")
    ax.bar_label(bars, labels=[str(per_year.get(y, 0)) for y in years])
    ax.set_title("各年度新收政府信息公开申请数量（合计）")
    ax.set_ylabel("件")
    note = "；".join(f"{y}年{n}份报告此项空白" for y, n in sorted(blank.items()))
    return _svg(fig, "applications", "一、本年新收政府信息公开申请数量（总计列）按年度合计"
                + (f"；{note}（不计入）" if note else ""))


def _rate_chart(
    summaries: Sequence[ReportSummary], name: str, title: str, caption: str,
    part: str, whole: str, minimum: int, top: int,
) -> str:
    points = []
    for s in _latest(summaries):
        num, den = getattr(s, part), getattr(s, whole)
        if num is None or den is None or den < minimum or den == 0:
            continue
        points.append((f"{_unit(s.body)}（{s.year}）", num / den, num, den))
    if not points:
        return (f"<figure class='chart' id='chart-{name}'><p>没有{_E(whole_label(whole))}"
                f"达到{minimum}件的单位，不计算比率。</p><figcaption>{_E(caption)}</figcaption>"
                "</figure>")
    points.sort(key=lambda p: p[1])
    shown = points[-top:]
    fig = _figure(6.5, 0.9 + 0.32 * len(shown))
    ax = fig.add_subplot()
    bars = ax.barh([p[0] for p in shown], [p[1] * 100 for p in shown], color="#2e86c1")
    ax.bar_label(bars, labels=[f"{p[1]:.0%}（{p[2]}/{p[3]}）" for p in shown], fontsize=8)
    ax.set_xlim(0, 115)
    ax.set_xlabel("%")
    ax.set_title(title)
    more = f"；共{len(points)}个单位，只显示比率最高的{top}个" if len(points) > top else ""
    return _svg(fig, name, f"{caption}；只计{whole_label(whole)}不少于{minimum}件的单位{more}")


def whole_label(whole: str) -> str:
    return {"results": "办理结果", "reviews": "行政复议"}.get(whole, whole)


def _carry_chart(summaries: Sequence[ReportSummary], breaks: set[tuple[str, int]]) -> str:
    by_key = {(_unit(s.body), s.year): s for s in summaries}
    points = []
    for (unit, year), s in by_key.items():
        before = by_key.get((unit, year - 1))
        if before is None or before.carried_forward is None or s.carried_over is None:
            continue
        points.append((unit, year, before.carried_forward, s.carried_over))
    fig = _figure(5.5, 4.2)
    ax = fig.add_subplot()
    if points:
        top = max(max(p[2], p[3]) for p in points) or 1
        ax.plot([0, top], [0, top], color="#999", linewidth=1, label="衔接一致")
        ok = [p for p in points if (p[0], p[1]) not in breaks and p[2] == p[3]]
        bad = [p for p in points if p not in ok]
        ax.scatter([p[2] for p in ok], [p[3] for p in ok], color="#27ae60", label="一致")
        ax.scatter([p[2] for p in bad], [p[3] for p in bad], color="#c0392b", marker="x",
                   label="不一致")
        for p in bad[:15]:
            ax.annotate(f"{p[0]} {p[1]}", (p[2], p[3]), fontsize=7)
        ax.legend(fontsize=8)
    else:
        ax.text(0.5, 0.5, "没有相邻年度的报告", ha="center", transform=ax.transAxes)
    ax.set_xlabel("上年“四、结转下年度继续办理”")
    ax.set_ylabel("本年“二、上年结转”")
    ax.set_title("上下年结转衔接（总计列）")
    return _svg(fig, "carry-over", "每点为同一单位相邻两年；偏离对角线即结转不衔接（规则 X-1）")


def dashboard(
    summaries: Iterable[ReportSummary],
    rows: Iterable[AuditRow],
    *,
    title: str = "政府信息公开工作年度报告审计",
    charts: bool = True,
    min_applications: int = 30,
    min_reviews: int = 5,
    top: int = 40,
    limit: int = 200,
    generated: dt.date | None = None,
) -> str:
    """The page (HTML text) for ``summaries`` and the audit's ``rows``.

    Rates are drawn only for units whose results (reviews) number at least
    ``min_applications`` (``min_reviews``); at most ``top`` units per chart and ``limit``
    findings per unit are shown. ``charts=False`` leaves the charts out (no matplotlib).
    """
    summaries = sorted(summaries, key=lambda s: (_unit(s.body), s.year, s.path))
    rows = list(rows)
    unreadable = sorted({r.path for r in rows if r.rule == "READ"})
    counts = _counts(rows)
    breaks = {(_unit(r.body), r.year or 0) for r in rows
              if r.rule == "X-1" and r.verdict is Verdict.VIOLATED}
    violated = sum(r.verdict is Verdict.VIOLATED for r in rows)
    parts = [
        "<!DOCTYPE html><html lang='zh-CN'><head><meta charset='utf-8'>",
        f"<title>{_E(title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{_E(title)}</h1>",
        f"<p>报告 {len(summaries)} 份，单位 {len({_unit(s.body) for s in summaries})} 个，"
        f"无法读取的文件 {len(unreadable)} 个；发现问题 {violated} 条"
        f"{'，生成于 ' + generated.isoformat() if generated else ''}。</p>",
        "<h2>各单位各年度状态</h2>", _status_table(summaries, counts, unreadable),
    ]
    if charts:
        parts += [
            "<h2>图表</h2><div class='charts'>",
            _applications_chart(summaries),
            _rate_chart(summaries, "disclosed", "予以公开率（最近年度）",
                        "（一）予以公开 ÷（七）总计", "disclosed", "results", min_applications,
                        top),
            _rate_chart(summaries, "corrected", "行政复议纠错率（最近年度）",
                        "行政复议 结果纠正 ÷ 行政复议 总计", "reviews_corrected", "reviews",
                        min_reviews, top),
            _carry_chart(summaries, breaks),
            "</div>",
        ]
    parts += [
        "<h2>按规则</h2>", _by_rule(rows),
        "<h2>按单位</h2>", _by_unit(rows, limit),
        "</body></html>",
    ]
    return "\n".join(parts)


def write_dashboard(
    path: str, summaries: Iterable[object], rows: Iterable[AuditRow], **options: Any
) -> None:
    """:func:`dashboard` written to ``path`` as UTF-8 (what ``audit --html`` calls)."""
    page = dashboard(
        (s for s in summaries if isinstance(s, ReportSummary)), rows,
        generated=dt.date.today(), **options,
    )
    try:
        with open(path, "w", encoding="utf-8") as target:
            target.write(page)
    except OSError as exc:
        raise GovDisclosureError(f"cannot write {path}: {exc.strerror or exc}") from exc
