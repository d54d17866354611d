"""The JSON Schema of the document: built from the formats, and the dumped documents fit it."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any, ClassVar

import pytest

from govdisclosure import categories as c
from govdisclosure import schema
from govdisclosure.errors import UnknownFormat
from govdisclosure.formats import (
    SECTION_HEADINGS,
    Format2019,
    Format2021,
    ReportFormat,
    formats,
    get_format,
)
from govdisclosure.jsonio import to_dict
from govdisclosure.layout import Kind
from govdisclosure.model import AnnualReport, Metadata, Section, Table2, Table3, Table4
from govdisclosure.schema import DRAFT, json_schema, schema_text


class FormatTestSchema(Format2021):
    """A local variant used only here: one more result row."""

    code: ClassVar[str] = "2021-test-schema"


class SchemaTestWithdrawn(c.OtherHandling):
    code = "test_schema_withdrawn"
    label = "4.申请人撤回申请（测试）"
    formats = frozenset({"2021-test-schema"})


def objects(node: object) -> Iterator[dict[str, Any]]:
    """Every JSON object in a schema, depth first."""
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from objects(value)
    elif isinstance(node, list):
        for value in node:
            yield from objects(value)


def report(fmt: str, *, blank: bool = False) -> AnnualReport:
    if blank:
        f = get_format(fmt)
        return AnnualReport(
            format=f, metadata=Metadata(body="某县人民政府", year=2020),
            table2=Table2.empty(f), table3=Table3.empty(f), table4=Table4.empty(f),
        )
    money = "amount" if fmt == "2019" else "fee_amount"
    block, row = ("item_9", "procurement") if fmt == "2019" else ("item_8", "fees")
    return AnnualReport.build(
        fmt, body="某县人民政府", year=2021, fill=0,
        table2={block: {row: {money: Decimal("12.50")}}},
        table3={"new": {"natural_person": 2}, "carried_forward": {"natural_person": 2}},
        table4={},
        published=dt.date(2022, 1, 20),
        overview=Section.of("一、总体情况", "一段。", Section.of("（一）", "二段。")),
    )


# --- built from the formats ----------------------------------------------------------------


def test_one_alternative_per_registered_format() -> None:
    whole = json_schema()
    assert whole["$schema"] == DRAFT == "https://json-schema.org/draft/2020-12/schema"
    consts = [alt["properties"]["format"]["const"] for alt in whole["oneOf"]]
    assert consts == [f.code for f in formats()]
    assert {"2019", "2021", "2021-test-schema"} <= set(consts)


@pytest.mark.parametrize("fmt", [Format2019, Format2021, FormatTestSchema])
def test_every_cell_of_table3_and_table4_is_described(fmt: type[ReportFormat]) -> None:
    s = json_schema(fmt.code)
    assert s["properties"]["format"] == {"description": "the format version", "const": fmt.code}
    for name, cls in (("table3", Table3), ("table4", Table4)):
        table = s["properties"][name]
        rows, cols = cls.row_axis(fmt), cls.column_axis(fmt)
        assert list(table["properties"]) == [r.code for r in rows.cells]
        assert table["required"] == [r.code for r in rows.cells if r.kind is Kind.LEAF]
        for row in rows.cells:
            line = table["properties"][row.code]
            assert line["title"] == "/".join(cls.row_path(fmt, row))
            assert list(line["properties"]) == [col.code for col in cols.cells]
            for col in cols.cells:
                assert line["properties"][col.code]["title"] == col.path_text
                assert line["properties"][col.code]["$ref"] == "#/$defs/count"
            leaves = [col.code for col in cols.cells if col.kind is Kind.LEAF]
            assert line.get("required", []) == (leaves if row.kind is Kind.LEAF else [])


def test_labels_are_the_official_ones() -> None:
    s = json_schema("2021")
    t3 = s["properties"]["table3"]
    assert t3["title"] == SECTION_HEADINGS["三"]
    secret = "三、本年度办理结果/（三）不予公开/1.属于国家秘密"
    assert t3["properties"]["state_secret"]["title"] == secret
    assert t3["properties"]["new"]["properties"]["commercial"]["title"] == "法人或其他组织/商业企业"
    assert "derived" in t3["properties"]["result_total"]["description"]
    assert "group" in t3["properties"]["withheld"]["description"]
    t4 = s["properties"]["table4"]
    assert t4["properties"]["litigation_after_review"]["title"] == "行政诉讼/复议后起诉"
    fees = s["properties"]["table2"]["properties"]["item_8"]
    assert fees["title"] == "第二十条第（八）项"
    assert fees["properties"]["fees"]["properties"]["fee_amount"] == {
        "$ref": "#/$defs/money", "title": "本年收费金额（单位：万元）",
    }
    variant = json_schema("2021-test-schema")["properties"]["table3"]["properties"]
    assert variant["test_schema_withdrawn"]["title"].endswith("/4.申请人撤回申请（测试）")


@pytest.mark.parametrize("fmt", [Format2019, Format2021])
def test_table2_cells_follow_the_format(fmt: type[ReportFormat]) -> None:
    t2 = json_schema(fmt.code)["properties"]["table2"]
    assert list(t2["properties"]) == [b.code for b in fmt.table2_blocks]
    assert t2["required"] == [b.code for b in fmt.table2_blocks]
    for cell in fmt.table2_cells():
        row = t2["properties"][cell.block.code]["properties"][cell.row_code]
        assert row["title"] == cell.row_label
        assert row["properties"][cell.column.code]["title"] == cell.column.label
        assert cell.column.code in row["required"]
        assert row["properties"][cell.column.code]["$ref"] == f"#/$defs/{cell.column.kind.value}"


def test_every_object_refuses_unknown_keys() -> None:
    whole = json_schema()
    described = [o for o in objects(whole) if "properties" in o]
    assert len(described) > 100
    for node in described:
        if "properties" in node and node.get("type") == "object":
            assert node["additionalProperties"] is False, node.get("title")


def test_required_top_level_keys_and_defs() -> None:
    s = json_schema("2019")
    assert s["required"] == ["govdisclosure", "format", "metadata", "table2", "table3", "table4"]
    assert s["properties"]["overview"]["title"] == SECTION_HEADINGS["一"]
    assert set(s["$defs"]) == {"count", "signed", "money", "section", "metadata"}
    assert s["$defs"]["count"]["minimum"] == 0
    assert s["$defs"]["metadata"]["required"] == ["body", "year"]


def test_results_are_fresh_copies() -> None:
    first = json_schema("2021")
    first["$defs"]["count"]["minimum"] = 5
    first["properties"]["table2"]["properties"].clear()
    again = json_schema("2021")
    assert again["$defs"]["count"]["minimum"] == 0
    assert again["properties"]["table2"]["properties"]


def test_unknown_format() -> None:
    with pytest.raises(UnknownFormat):
        json_schema("1999")


def test_schema_text_is_json_with_chinese_kept() -> None:
    text = schema_text()
    assert json.loads(text) == json_schema()
    assert "政府信息公开工作年度报告" in text
    assert json.loads(schema_text("2019"))["properties"]["format"]["const"] == "2019"


def test_public_names() -> None:
    assert set(dir(schema)) == set(schema.__all__)


# --- documents fit the schema (needs the optional `jsonschema` package) ----------------------


@pytest.fixture(scope="module")
def validator() -> Any:
    """A validator of the whole schema (built once: building one is slow)."""
    jsonschema = pytest.importorskip("jsonschema")
    cls = jsonschema.Draft202012Validator
    cls.check_schema(json_schema())
    return cls(json_schema())


@pytest.mark.parametrize("fmt", ["2019", "2021", "2021-test-schema"])
@pytest.mark.parametrize("blank", [False, True])
def test_dumped_documents_validate(validator: Any, fmt: str, blank: bool) -> None:
    data = json.loads(json.dumps(to_dict(report(fmt, blank=blank))))
    validator.validate(data)
    type(validator)(json_schema(fmt)).validate(data)


@pytest.mark.parametrize(
    "spoil",
    [
        lambda d: d["table3"]["new"].update(natural_person=-1),
        lambda d: d["table3"]["new"].update(natural_person=True),
        lambda d: d["table3"]["new"].pop("commercial"),
        lambda d: d["table3"].update(results={}),
        lambda d: d["table2"]["item_8"]["fees"].update(fee_amount=1.5),
        lambda d: d["table2"]["item_8"]["fees"].update(fee_amount="1e3"),
        lambda d: d["metadata"].update(published="2022/01/20"),
        lambda d: d.update(govdisclosure="2.0"),
        lambda d: d.update(format="2019"),
        lambda d: d["overview"]["content"].append(3),
        lambda d: d.update(extra=None),
    ],
)
def test_spoiled_documents_do_not_validate(validator: Any, spoil: Any) -> None:
    data = json.loads(json.dumps(to_dict(report("2021"))))
    validator.validate(data)
    spoil(data)
    assert not validator.is_valid(data)


def test_a_published_report_with_a_group_row_validates(validator: Any) -> None:
    """淮安市洪泽区 2023 states （六）其他处理 as one row (tests/data/json_SOURCES.md)."""
    path = Path(__file__).parent / "data" / "json_huaian-hongze-2023.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    assert "other_handling" in data["table3"]
    validator.validate(data)
