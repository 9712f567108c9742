"""Variable substitution for templates (spec section 3).

Stash substituted variables with the Go library gomodules.xyz/envsubst, which follows the shell's
``${...}`` syntax. This module implements the forms people actually write in templates:

    ${VAR}                      the value; an error if VAR is not supplied
    ${VAR:-d} ${VAR:=d} ${VAR=d}  the value if VAR is supplied (even empty), else d
    ${VAR:?x} ${VAR:+x}         an error if VAR is not supplied, else the value
    ${VAR^} ${VAR^^} ${VAR,} ${VAR,,}   upper/lower case of the first/all characters
    ${#VAR}                     the length in bytes
    $$                          a literal "$" (so "$${VAR}" gives "${VAR}")
    $VAR                        left as is: only "${" starts a substitution

Left out on purpose (they raise SubstitutionError "... not supported by this example"):

    ${VAR:pos} ${VAR:pos:len}             substrings
    ${VAR#p} ${VAR##p} ${VAR%p} ${VAR%%p}  removing a glob-matched prefix or suffix
    ${VAR/a/b} ${VAR//a/b} ${VAR/#a/b} ${VAR/%a/b}   replacement

Like the library, the whole text is parsed before anything is evaluated, so one malformed
``${...}`` anywhere fails the whole text with "bad substitution".
"""

import json
import re
from dataclasses import dataclass, field
from typing import Dict, List, Union

_NAME = re.compile(r"[A-Za-z0-9_]+")

# Operators that may follow a variable name, longest first so that "^^" wins over "^".
_DEFAULT_OPS = (":-", ":=", "=")
_CHECK_OPS = (":?", ":+")
_CASE_OPS = ("^^", ",,", "^", ",")
_UNSUPPORTED_OPS = ("##", "%%", "//", "/#", "/%", "#", "%", "/", ":")


class SubstitutionError(ValueError):
    """The template cannot be resolved for this target."""


@dataclass
class Substitution:
    """One ``${...}``: a variable, an operator ("" for plain ${VAR}) and its argument."""

    name: str
    op: str = ""
    arg: List["Node"] = field(default_factory=list)


Node = Union[str, Substitution]


class _Parser:
    def __init__(self, text: str):
        self.text = text
        self.pos = 0

    def parse(self, inside_braces: bool = False) -> List[Node]:
        """Parses text up to the end (or up to the "}" that closes the enclosing ${...})."""
        nodes: List[Node] = []
        literal = []
        while self.pos < len(self.text):
            if inside_braces and self.text[self.pos] == "}":
                break
            if self.text.startswith("$$", self.pos):
                literal.append("$")
                self.pos += 2
            elif self.text.startswith("${", self.pos):
                if literal:
                    nodes.append("".join(literal))
                    literal = []
                self.pos += 2
                nodes.append(self._substitution())
            else:
                literal.append(self.text[self.pos])
                self.pos += 1
        if literal:
            nodes.append("".join(literal))
        return nodes

    def _substitution(self) -> Substitution:
        length = self._take("#")  # ${#VAR}
        match = _NAME.match(self.text, self.pos)
        if not match:
            raise SubstitutionError("bad substitution")
        self.pos = match.end()
        node = Substitution(match.group())
        if length:
            node.op = "#len"
        else:
            for op in _DEFAULT_OPS + _CHECK_OPS:
                if self._take(op):
                    node.op = op
                    node.arg = self.parse(inside_braces=True)
                    break
            else:
                node.op = next((op for op in _CASE_OPS if self._take(op)), "")
                if not node.op:
                    unsupported = next((op for op in _UNSUPPORTED_OPS if self._take(op)), None)
                    if unsupported:
                        raise SubstitutionError(
                            f"${{{node.name}{unsupported}...}} is not supported by this example")
        if not self._take("}"):
            raise SubstitutionError("bad substitution")  # "${VAR", "${VAR-x}", "${ VAR}", ...
        return node

    def _take(self, token: str) -> bool:
        if self.text.startswith(token, self.pos):
            self.pos += len(token)
            return True
        return False


def _evaluate(nodes: List[Node], variables: Dict[str, str], json_safe: bool) -> str:
    out = []
    for node in nodes:
        if isinstance(node, str):
            out.append(node)
            continue
        # The argument is evaluated first, even when it is not used: ${SET:-${MISSING}} fails.
        arg = _evaluate(node.arg, variables, json_safe=False)
        if node.name not in variables:
            if node.op not in _DEFAULT_OPS:
                raise SubstitutionError(f"input/default value not found for key {node.name}")
            value = arg
        else:
            value = _apply(node.op, variables[node.name])
        if json_safe and any(c in '"\\' or ord(c) < 0x20 for c in value):
            # The text is JSON: a quote or a backslash in a value would corrupt the document.
            raise SubstitutionError(
                f"the value of ${{{node.name}}} contains a quote, backslash or control character,"
                " which would corrupt the substituted JSON document")
        out.append(value)
    return "".join(out)


def _apply(op: str, value: str) -> str:
    if op == "#len":
        return str(len(value.encode("utf-8")))  # Go's len(): bytes, not characters
    if op == "^":
        return value[:1].upper() + value[1:]
    if op == "^^":
        return value.upper()
    if op == ",":
        return value[:1].lower() + value[1:]
    if op == ",,":
        return value.lower()
    return value  # plain, default and check operators all give the value when it is supplied


def substitute(text: str, variables: Dict[str, str], json_safe: bool = False) -> str:
    """Substitutes every ${...} of `text`; raises SubstitutionError."""
    if "$" not in text:
        return text
    return _evaluate(_Parser(text).parse(), variables, json_safe)


def substitute_object(obj: dict, variables: Dict[str, str]) -> dict:
    """Substitutes the way Stash did: serialise the whole object to JSON text, substitute every
    ${...} in that text, parse it back. So a ${...} in any field, even one never copied (an
    annotation, say), must resolve."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    substituted = substitute(text, variables, json_safe=True)
    try:
        return json.loads(substituted)
    except ValueError as error:
        raise SubstitutionError(f"the substituted template is not valid JSON: {error}") from None
