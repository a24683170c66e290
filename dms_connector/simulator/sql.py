"""The strict SQL subset the simulated DMS search understands.

    SELECT <col>[, <col>...] | * FROM <type internal name>
    [WHERE <cond> [AND <cond>]...] [ORDER BY <col> [ASC|DESC] [, ...]]

    <cond> := <col> = <value> | <col> IN (<value>, ...) | <col> IS [NOT] NULL
    <value> := @param | '<literal>' | <number>

Keywords are case-insensitive; names are matched exactly. [U] Real enaio
understands much more (OR, aliases, functions, UNION, CONTAINS...); anything
beyond this subset is answered as a syntax error, so a client passing here
only uses what certainly works."""

from __future__ import annotations

import re
from dataclasses import dataclass

_TOKEN = re.compile(
    r"""\s*(?:
        (?P<string>'(?:[^']|'')*')
      | (?P<param>@[A-Za-z_][A-Za-z0-9_]*)
      | (?P<number>[+-]?\d+(?:\.\d+)?)
      | (?P<name>[A-Za-z_][A-Za-z0-9_]*(?::[A-Za-z_][A-Za-z0-9_]*)?)
      | (?P<punct>[,()=*])
    )""",
    re.VERBOSE,
)
KEYWORDS = frozenset(
    {"SELECT", "FROM", "WHERE", "AND", "ORDER", "BY", "ASC", "DESC", "IN", "IS", "NOT", "NULL"}
)


class SqlError(ValueError):
    """The statement is outside the supported subset."""


@dataclass(frozen=True, slots=True)
class Param:
    name: str


@dataclass(frozen=True, slots=True)
class Literal:
    value: str


Value = Param | Literal


@dataclass(frozen=True, slots=True)
class Condition:
    column: str
    op: str  # "=", "IN", "IS NULL", "IS NOT NULL"
    values: tuple[Value, ...] = ()


@dataclass(frozen=True, slots=True)
class Query:
    columns: tuple[str, ...] | None  # None = *
    type_name: str
    where: tuple[Condition, ...]
    order_by: tuple[tuple[str, bool], ...]  # (column, descending)


@dataclass(frozen=True, slots=True)
class _Tok:
    kind: str
    text: str
    pos: int


def tokenize(statement: str) -> list[_Tok]:
    tokens: list[_Tok] = []
    pos = 0
    end = len(statement.rstrip())
    while pos < end:
        m = _TOKEN.match(statement, pos)
        if m is None or m.end() == pos:
            raise SqlError(f"unexpected character at position {pos}: {statement[pos : pos + 10]!r}")
        kind = m.lastgroup or ""
        text, start = m.group(kind), m.start(kind)
        if kind == "name" and text.upper() in KEYWORDS:
            kind, text = "keyword", text.upper()
        tokens.append(_Tok(kind, text, start))
        pos = m.end()
    return tokens


class _Parser:
    def __init__(self, statement: str) -> None:
        self.tokens = tokenize(statement)
        self.i = 0

    def peek(self) -> _Tok | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def at(self, kind: str, text: str | None = None) -> bool:
        tok = self.peek()
        return tok is not None and tok.kind == kind and (text is None or tok.text == text)

    def take(self, kind: str, text: str | None = None) -> _Tok:
        tok = self.peek()
        if tok is None or tok.kind != kind or (text is not None and tok.text != text):
            wanted = text or kind
            found = "end of statement" if tok is None else repr(tok.text)
            where = "" if tok is None else f" at position {tok.pos}"
            raise SqlError(f"expected {wanted}, found {found}{where}")
        self.i += 1
        return tok

    def column(self) -> str:
        return self.take("name").text

    def value(self) -> Value:
        if self.at("param"):
            return Param(self.take("param").text[1:])
        if self.at("string"):
            return Literal(self.take("string").text[1:-1].replace("''", "'"))
        return Literal(self.take("number").text)

    def condition(self) -> Condition:
        col = self.column()
        if self.at("punct", "="):
            self.take("punct", "=")
            return Condition(col, "=", (self.value(),))
        if self.at("keyword", "IN"):
            self.take("keyword", "IN")
            self.take("punct", "(")
            values = [self.value()]
            while self.at("punct", ","):
                self.take("punct", ",")
                values.append(self.value())
            self.take("punct", ")")
            return Condition(col, "IN", tuple(values))
        self.take("keyword", "IS")
        negated = self.at("keyword", "NOT")
        if negated:
            self.take("keyword", "NOT")
        self.take("keyword", "NULL")
        return Condition(col, "IS NOT NULL" if negated else "IS NULL")

    def query(self) -> Query:
        self.take("keyword", "SELECT")
        columns: tuple[str, ...] | None
        if self.at("punct", "*"):
            self.take("punct", "*")
            columns = None
        else:
            cols = [self.column()]
            while self.at("punct", ","):
                self.take("punct", ",")
                cols.append(self.column())
            columns = tuple(cols)
        self.take("keyword", "FROM")
        type_name = self.take("name").text
        where: list[Condition] = []
        if self.at("keyword", "WHERE"):
            self.take("keyword", "WHERE")
            where.append(self.condition())
            while self.at("keyword", "AND"):
                self.take("keyword", "AND")
                where.append(self.condition())
        order: list[tuple[str, bool]] = []
        if self.at("keyword", "ORDER"):
            self.take("keyword", "ORDER")
            self.take("keyword", "BY")
            order.append(self.order_item())
            while self.at("punct", ","):
                self.take("punct", ",")
                order.append(self.order_item())
        tok = self.peek()
        if tok is not None:
            raise SqlError(f"unexpected {tok.text!r} at position {tok.pos}")
        return Query(columns, type_name, tuple(where), tuple(order))

    def order_item(self) -> tuple[str, bool]:
        col = self.column()
        if self.at("keyword", "DESC"):
            self.take("keyword", "DESC")
            return col, True
        if self.at("keyword", "ASC"):
            self.take("keyword", "ASC")
        return col, False


def parse(statement: str) -> Query:
    """Parse one statement or raise ``SqlError`` naming the problem."""
    if not statement.strip():
        raise SqlError("empty statement")
    return _Parser(statement).query()
