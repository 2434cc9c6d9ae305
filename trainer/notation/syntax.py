"""Reading the notation: text → expression tree, through an allow-list over Python's `ast`.

Nothing typed is ever evaluated by Python. The text is parsed with `ast.parse` only to get a
tree; every node type is then converted through one table (`_CONVERTERS`), and anything not in
it is refused with the construct's name and column. Calls are only to names of the function
table and attributes only the grammar's `.T` and four methods, so no live Python object is ever
reachable from an answer (simpleeval's lessons).
"""

from __future__ import annotations

import ast
import math
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from trainer.errors import NotationError
from trainer.messages import closest_hint, listed, msg, spoken_list
from trainer.notation.lexer import check_depth, check_tokens, rewrite, syntax_error
from trainer.notation.limits import (
    MAX_CHAIN,
    MAX_LENGTH,
    NumberTooLarge,
    TooComplex,
    TooLong,
)
from trainer.notation.nodes import (
    Binary,
    Call,
    Compare,
    ListLit,
    Name,
    Node,
    Num,
    Transpose,
    Unary,
    render,
)
from trainer.notation.signatures import (
    CORRECTION_FUNCTIONS,
    CORRECTIONS,
    DIM_FUNCTIONS,
    FUNCTION_NAMES,
    KEEPDIM_FUNCTIONS,
    METHODS,
    SIGNATURES,
    Signature,
)

_BINARY_OPS = {
    ast.Add: "+",
    ast.Sub: "-",
    ast.Mult: "*",
    ast.Div: "/",
    ast.MatMult: "@",
    ast.Pow: "**",
}
_COMPARE_OPS = {ast.Gt: ">", ast.Lt: "<", ast.GtE: ">=", ast.LtE: "<="}
_REFUSED_NAMES = {
    ast.FloorDiv: "//",
    ast.Mod: "%",
    ast.BitXor: "^ between two values",
    ast.BitAnd: "&",
    ast.LShift: "<<",
    ast.RShift: ">>",
    ast.Eq: "==",
    ast.NotEq: "!=",
    ast.Is: "is",
    ast.IsNot: "is not",
    ast.In: "in",
    ast.NotIn: "not in",
    ast.Not: "not",
    ast.Invert: "~",
    ast.Lambda: "lambda",
    ast.ListComp: "A comprehension",
    ast.SetComp: "A comprehension",
    ast.DictComp: "A comprehension",
    ast.GeneratorExp: "A comprehension",
    ast.Subscript: "Indexing",
    ast.Slice: "Slicing",
    ast.Dict: "A dictionary",
    ast.Set: "A set",
    ast.BoolOp: "and / or",
    ast.IfExp: "if ... else",
    ast.JoinedStr: "A string",
    ast.NamedExpr: ":=",
    ast.Starred: "*unpacking",
    ast.Await: "await",
    ast.Yield: "yield",
    ast.YieldFrom: "yield",
}


@dataclass(frozen=True)
class Expression:
    """A parsed expression: the tree and the one normalised spelling of it."""

    tree: Node
    text: str  # normalised


@lru_cache(maxsize=4096)
def parse(text: str) -> Expression:
    """Parse answer text (cached: batches repeat the same answers)."""
    source = text.strip()
    if not source:
        raise NotationError(msg("empty"))
    if len(source) > MAX_LENGTH:
        raise TooLong(len(source))
    check_depth(source)
    lead = len(text) - len(text.lstrip())
    rewritten, columns = rewrite(source)
    columns = [column + lead for column in columns]  # columns count the text as typed
    check_tokens(rewritten, columns)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # Python's own SyntaxWarnings are not the learner's
            tree = ast.parse(rewritten, mode="eval")
    except SyntaxError as error:
        raise syntax_error(error, rewritten, columns) from None
    except (ValueError, MemoryError, RecursionError):
        raise TooComplex() from None
    node = _Converter(rewritten, columns).convert(tree.body, 0)
    return Expression(node, render(node))


@lru_cache(maxsize=256)
def parse_rule(text: str, macros: frozenset[str]) -> Node:
    """A derivative rule of the notation's own tables: the notation, plus a few macro
    functions that the derivation expands (see `derive.py`). Never used for typed input."""
    rewritten, columns = rewrite(text.strip())
    signatures = {**SIGNATURES, **{name: Signature(1, 2) for name in macros}}
    tree = ast.parse(rewritten, mode="eval")
    return _Converter(rewritten, columns, signatures).convert(tree.body, 0)


class _Converter:
    """Python ast → notation tree; refuses every construct not in its table."""

    def __init__(
        self, text: str, columns: list[int], signatures: Mapping[str, Signature] = SIGNATURES
    ) -> None:
        self._byte_to_column = self._byte_map(text, columns)
        self._text_bytes = text.encode()
        self.signatures = signatures

    @staticmethod
    def _byte_map(text: str, columns: list[int]) -> dict[int, int]:
        if text.isascii():  # one byte a character
            return dict(enumerate(columns))
        mapping, offset = {}, 0
        for index, char in enumerate(text):
            mapping[offset] = columns[index]
            offset += len(char.encode())
        mapping[offset] = columns[-1]
        return mapping

    def column(self, node: ast.AST) -> int:
        return self._byte_to_column.get(getattr(node, "col_offset", 0), 1)

    def operator_column(self, left: ast.AST, node: ast.AST) -> int:
        """The column of a binary operator: the first non-space after the left operand."""
        offset = getattr(left, "end_col_offset", None)
        if offset is None or getattr(left, "end_lineno", None) != getattr(left, "lineno", None):
            return self.column(node)
        while offset in self._byte_to_column and self._text_bytes[offset : offset + 1] in b" )":
            offset += 1
        return self._byte_to_column.get(offset, self.column(node))

    def refuse(self, node: ast.AST, construct: str | None = None) -> NotationError:
        name = construct or _REFUSED_NAMES.get(type(node)) or type(node).__name__
        return NotationError(msg("not_allowed", construct=name), self.column(node))

    def convert(self, node: ast.AST, depth: int) -> Node:
        if depth > MAX_CHAIN:
            raise TooComplex(self.column(node))
        converter = _CONVERTERS.get(type(node))
        if converter is None:
            raise self.refuse(node)
        return converter(self, node, depth + 1)

    def constant(self, node: ast.Constant, depth: int) -> Node:
        value = node.value
        if isinstance(value, bool):
            raise NotationError(msg("bool_outside_keepdim", value=repr(value)), self.column(node))
        if value is None or value is Ellipsis:
            raise self.refuse(node, "..." if value is Ellipsis else repr(value))
        if isinstance(value, str | bytes):
            raise self.refuse(node, "A string")
        if isinstance(value, complex):
            raise self.refuse(node, "An imaginary number")
        if not isinstance(value, int | float):
            raise self.refuse(node)
        try:
            number = float(value)
        except OverflowError:
            raise NumberTooLarge(self.column(node)) from None
        if math.isinf(number):
            text = "1e999"  # a literal too large for a float is inf; this spelling reads back
        else:
            text = str(value) if isinstance(value, int) else repr(value)
        return Num(self.column(node), number, text)

    def name(self, node: ast.Name, depth: int) -> Node:
        return Name(self.column(node), node.id)

    def list_literal(self, node: ast.List, depth: int) -> Node:
        items = tuple(self.convert(item, depth) for item in node.elts)
        return ListLit(self.column(node), items)

    def tuple_literal(self, node: ast.Tuple, depth: int) -> Node:
        raise NotationError(msg("tuple"), self.column(node))

    def unary(self, node: ast.UnaryOp, depth: int) -> Node:
        op = {ast.USub: "-", ast.UAdd: "+"}.get(type(node.op))
        if op is None:
            raise self.refuse(node, _REFUSED_NAMES.get(type(node.op)))
        return Unary(self.column(node), op, self.convert(node.operand, depth))

    def binary(self, node: ast.BinOp, depth: int) -> Node:
        op = _BINARY_OPS.get(type(node.op))
        if op is None:
            raise self.refuse(node, _REFUSED_NAMES.get(type(node.op)))
        left = self.convert(node.left, depth)
        right = self.convert(node.right, depth)
        return Binary(self.operator_column(node.left, node), op, left, right)

    def compare(self, node: ast.Compare, depth: int) -> Node:
        if len(node.ops) != 1:
            raise NotationError(msg("chained_compare"), self.column(node))
        op = _COMPARE_OPS.get(type(node.ops[0]))
        if op is None:
            raise self.refuse(node, _REFUSED_NAMES.get(type(node.ops[0])))
        left = self.convert(node.left, depth)
        right = self.convert(node.comparators[0], depth)
        return Compare(self.column(node), op, left, right)

    def attribute(self, node: ast.Attribute, depth: int) -> Node:
        if node.attr == "T":
            return Transpose(self.column(node), self.convert(node.value, depth))
        raise NotationError(msg("attribute", name=node.attr), self.column(node))

    def call(self, node: ast.Call, depth: int) -> Node:
        column = self.column(node)
        func, receiver = self._callee(node.func)
        if func is None:
            raise self.refuse(node, "A call of anything but a notation function")
        args = [self.convert(receiver, depth)] if receiver is not None else []
        args += [self.convert(arg, depth) for arg in node.args]
        options: dict[str, Any] = {}
        for keyword in node.keywords:
            self._keyword(func, keyword, args, depth, column, options)
        if func == "t":
            if len(args) != 1:
                raise NotationError(msg("arity", name=".t", expected=0, given=len(args) - 1))
            return Transpose(column, args[0])
        signature = self.signatures[func]
        if not signature.min_args <= len(args) <= signature.max_args:
            raise NotationError(
                msg("arity", name=func, expected=signature.arity, given=len(args)), column
            )
        return Call(column, func, tuple(args), **options)

    def _keyword(
        self,
        func: str,
        keyword: ast.keyword,
        args: list[Node],
        depth: int,
        column: int,
        options: dict[str, Any],
    ) -> None:
        """dim= appends the dimension to `args`; keepdim= and correction= go to `options` (the
        default correction, 1, as None: one spelling for one call)."""
        signature = self.signatures.get(func)
        if keyword.arg == "dim" and signature is not None and signature.dim:
            if len(args) != 1:
                raise NotationError(
                    msg("arity", name=func, expected=signature.arity, given=len(args) + 1), column
                )
            args.append(self.convert(keyword.value, depth))
            return
        value = keyword.value
        if keyword.arg == "keepdim" and signature is not None and signature.keepdim:
            if not isinstance(value, ast.Constant) or not isinstance(value.value, bool):
                raise NotationError(msg("keepdim_value"), self.column(value))
            options["keepdim"] = value.value
            return
        if keyword.arg == "correction" and signature is not None and signature.correction:
            number = value.value if isinstance(value, ast.Constant) else None
            if not isinstance(number, int) or isinstance(number, bool) or number not in CORRECTIONS:
                raise NotationError(msg("correction_value"), self.column(value))
            options["correction"] = None if number == 1 else 0
            return
        raise NotationError(msg("keyword", name=keyword.arg or "**", **_KEYWORDS), column)

    def _callee(self, func: ast.AST) -> tuple[str | None, ast.AST | None]:
        """(function name, receiver) of a call: f(...), torch.f(...) or x.method(...)."""
        if isinstance(func, ast.Name):
            if func.id not in self.signatures:
                raise NotationError(
                    msg(
                        "unknown_function",
                        name=func.id,
                        closest=closest_hint(func.id, FUNCTION_NAMES),
                        known=listed(sorted(FUNCTION_NAMES)),
                    ),
                    self.column(func),
                )
            return func.id, None
        if isinstance(func, ast.Attribute):
            if isinstance(func.value, ast.Name) and func.value.id == "torch":
                if func.attr in FUNCTION_NAMES:
                    return func.attr, None
                raise NotationError(
                    msg(
                        "unknown_function",
                        name="torch." + func.attr,
                        closest=closest_hint(func.attr, FUNCTION_NAMES),
                        known=listed(sorted(FUNCTION_NAMES)),
                    ),
                    self.column(func),
                )
            if func.attr in METHODS:
                return METHODS[func.attr], func.value
            raise NotationError(
                msg("not_a_method", name=func.attr, methods=_METHODS), self.column(func)
            )
        return None, None


# What the messages of a refused keyword or method name: the signatures' own lists.
_KEYWORDS = {
    "dim_functions": spoken_list(DIM_FUNCTIONS),
    "keepdim_functions": spoken_list(KEEPDIM_FUNCTIONS),
    "correction_functions": spoken_list(CORRECTION_FUNCTIONS),
}
_METHODS = spoken_list(f".{method}()" for method in METHODS)

_CONVERTERS: dict[type[ast.AST], Callable[[_Converter, Any, int], Node]] = {
    ast.Constant: _Converter.constant,
    ast.Name: _Converter.name,
    ast.List: _Converter.list_literal,
    ast.Tuple: _Converter.tuple_literal,
    ast.UnaryOp: _Converter.unary,
    ast.BinOp: _Converter.binary,
    ast.Compare: _Converter.compare,
    ast.Attribute: _Converter.attribute,
    ast.Call: _Converter.call,
}
