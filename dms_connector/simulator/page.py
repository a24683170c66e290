"""The simulator's one HTML page: a banner saying it is NOT a real enaio, the
stored objects grouped by folder, and the current fault settings. Plain
server-rendered HTML; every value goes through ``html.escape``."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from html import escape
from typing import Any

from dms_connector.simulator.faults import Faults, faults_to_json
from dms_connector.simulator.store import StoredObject

_STYLE = """
body { font-family: system-ui, sans-serif; margin: 0; color: #222; }
.banner { background: #b00020; color: #fff; padding: 1.2em; font-size: 1.6em;
          font-weight: bold; text-align: center; }
main { padding: 1em 2em; }
table { border-collapse: collapse; margin-bottom: 1.5em; width: 100%; }
th, td { border: 1px solid #ccc; padding: 0.3em 0.5em; text-align: left; vertical-align: top; }
th { background: #f0f0f0; }
.folder { background: #eef4ff; }
code { font-size: 0.95em; }
"""


def _fields(fields: Mapping[str, str]) -> str:
    return "<br>".join(f"<code>{escape(k)}</code> = {escape(v)}" for k, v in fields.items())


def _row(obj: StoredObject, depth: int) -> str:
    indent = "&nbsp;&nbsp;&nbsp;&nbsp;" * depth
    css = ' class="folder"' if obj.parent_id is None else ""
    cells = [
        f"{indent}{obj.id}",
        escape(obj.type),
        _fields(obj.fields),
        escape(obj.file_name or ""),
        escape(obj.created_at),
        escape(obj.api),
    ]
    return f"<tr{css}>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>"


def _tree(objects: Iterable[StoredObject]) -> list[tuple[StoredObject, list[str]]]:
    """(top-level object, its rows) in id order; orphans count as top level."""
    all_objs = list(objects)
    ids = {o.id for o in all_objs}
    children: dict[int, list[StoredObject]] = {}
    for o in all_objs:
        if o.parent_id is not None and o.parent_id in ids:
            children.setdefault(o.parent_id, []).append(o)

    def rows(obj: StoredObject, depth: int) -> list[str]:
        out = [_row(obj, depth)]
        for child in children.get(obj.id, []):
            out.extend(rows(child, depth + 1))
        return out

    tops = [o for o in all_objs if o.parent_id is None or o.parent_id not in ids]
    return [(top, rows(top, 0)) for top in tops]


def render_page(objects: list[StoredObject], faults: Faults, dms_prefix: str) -> str:
    header = "<tr><th>ID</th><th>Typ</th><th>Felder</th><th>Datei</th><th>Angelegt</th>"
    header += "<th>API</th></tr>"
    sections: list[str] = []
    for top, rows in _tree(objects):
        title = f"{escape(top.type)} {top.id}"
        if top.fields:
            title += " — " + escape(", ".join(top.fields.values()))
        sections.append(f"<h3>{title}</h3><table>{header}{''.join(rows)}</table>")
    if not sections:
        sections.append("<p>Noch keine Objekte gespeichert.</p>")
    fault_rows = "".join(
        f"<tr><th>{escape(k)}</th><td>{escape(_show(v))}</td></tr>"
        for k, v in faults_to_json(faults).items()
    )
    return f"""<!DOCTYPE html>
<html lang="de"><head><meta charset="utf-8">
<title>enaio-SIMULATOR — kein echtes enaio</title><style>{_STYLE}</style></head>
<body>
<div class="banner">enaio-SIMULATOR — kein echtes enaio / not a real enaio</div>
<main>
<p>Dieser Dienst ahmt die REST-Schnittstellen von enaio nach (DMS-Service unter
<code>{escape(dms_prefix)}</code>, appconnector unter <code>/osrest/api</code>) — nur für Tests
und Demos. Gespeicherte Objekte: {len(objects)}.</p>
<h2>Objekte nach Ordner</h2>
{"".join(sections)}
<h2>Fehlersimulation</h2>
<table>{fault_rows}</table>
<p>Ändern: <code>PUT /_sim/faults</code> (JSON); Objekte als JSON: <code>GET /_sim/objects</code>;
alles außer vorbelegten Ordnern löschen: <code>POST /_sim/reset</code>.</p>
</main></body></html>
"""


def _show(value: Any) -> str:
    if isinstance(value, list):
        return "–".join(str(v) for v in value)
    return "—" if value is None else str(value)
