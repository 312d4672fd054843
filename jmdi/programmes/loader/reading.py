"""Reading a programme file: YAML parsed by hand so that every value keeps its line.

An error anywhere in reading, checking or writing names the file, the line and the
field (`FILE:LINE: path.to.field: message`), so the reader can go straight to it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

PathKey = tuple[str | int, ...]


@dataclass(frozen=True)
class ProgrammeFileError:
    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.field}: {self.message}"


class InvalidProgrammeFile(Exception):
    def __init__(self, errors: list[ProgrammeFileError]) -> None:
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


class _Loader(yaml.SafeLoader):
    """Safe YAML, with dates kept as text so that an impossible date is our error to word."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def field_path(path: PathKey) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(file)"


class ProgrammeFile:
    """A parsed programme file: its data and the line of each value."""

    def __init__(self, path: Path, display_name: str | None = None) -> None:
        self.path = path
        self.name = display_name or str(path)
        self.lines: dict[PathKey, int] = {}
        self.errors: list[ProgrammeFileError] = []
        self.data: Any = None
        self._read()

    def line_of(self, path: PathKey) -> int:
        while path not in self.lines and path:
            path = path[:-1]
        return self.lines.get(path, 1)

    def error(self, path: PathKey, message: str) -> None:
        self.errors.append(
            ProgrammeFileError(self.name, self.line_of(path), field_path(path), message)
        )

    def _read(self) -> None:
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            self.errors.append(
                ProgrammeFileError(self.name, 0, "(file)", "no such file; check the path.")
            )
            return
        except UnicodeDecodeError as exc:
            self.errors.append(
                ProgrammeFileError(
                    self.name,
                    1,
                    "(file)",
                    f"not UTF-8 text ({exc.reason}); save the file as UTF-8.",
                )
            )
            return
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            if node is None:
                self.errors.append(ProgrammeFileError(self.name, 1, "(file)", "the file is empty."))
                return
            self.data = self._build(loader, node, ())
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line = mark.line + 1 if mark else 1
            self.errors.append(
                ProgrammeFileError(
                    self.name,
                    line,
                    "(file)",
                    f"not valid YAML: {exc.problem or exc}; check indentation and quotes.",
                )
            )
        finally:
            loader.dispose()

    def _build(self, loader: _Loader, node: yaml.Node, path: PathKey) -> Any:
        self.lines[path] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            result: dict[str, Any] = {}
            for key_node, value_node in node.value:
                key = str(loader.construct_object(key_node))
                if key in result:
                    self.lines[(*path, key)] = key_node.start_mark.line + 1
                    self.error((*path, key), f"`{key}` is given twice in the same block; keep one.")
                result[key] = self._build(loader, value_node, (*path, key))
                # A block value starts on the line after its key; the key's line is the
                # one to name (an unknown key, a translation missing from `name:`).
                self.lines[(*path, key)] = key_node.start_mark.line + 1
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self._build(loader, child, (*path, i)) for i, child in enumerate(node.value)]
        return loader.construct_object(node)
