"""The site's configuration: `site.yaml` loaded into one frozen, typed object.

This is the only module that reads the config file. Unknown keys and values of
the wrong type are errors that name the key and its line, all reported at once.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .errors import ErrorLog, SiteError

# The C loader is ~7x faster (the package's data files, front matter); the pure Python
# one where libyaml is missing. Both read the same YAML.
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Paths:
    seeds: str = "seeds"
    content: str = "content"
    output: str = "_site"
    cache: str = ".cache"
    templates: str = "templates"
    static: str = "static"


@dataclass(frozen=True)
class TagDef:
    """A taxonomy entry added or overridden in site.yaml."""

    slug: str
    name: str
    description: str = ""
    terms: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class TaxonomyConfig:
    threshold: float | None = None  # None: the shipped default
    tags: tuple[TagDef, ...] = ()


@dataclass(frozen=True)
class RelatedConfig:
    count: int = 5
    threshold: float = 2.0
    max_document_share: float = 0.5  # terms in more articles than this share are ignored


@dataclass(frozen=True)
class SiteConfig:
    title: str = "内蒙古日报 · 开放与口岸"
    description: str = "口岸、自贸试验区与两会报道的结构化档案"
    base_url: str | None = None
    language: str = "zh-CN"
    newspaper: str = "内蒙古日报"  # source of stories with no wire attribution
    per_page: int = 20
    paths: Paths = field(default_factory=Paths)
    related: RelatedConfig = field(default_factory=RelatedConfig)
    taxonomy: TaxonomyConfig = field(default_factory=TaxonomyConfig)
    root: str = "."  # folder that relative paths are resolved against (not a YAML key)
    # the keys the config file set ("title", "paths.seeds" ...; not a YAML key): the
    # others have their defaults
    given: tuple[str, ...] = ()

    def path(self, name: str) -> Path:
        """An absolute path from `paths`, resolved against the config's folder."""
        return (Path(self.root) / getattr(self.paths, name)).resolve()

    def fingerprint(self) -> str:
        """A stable hash of every setting, for cache keys."""
        data = dataclasses.asdict(self)
        data.pop("root")
        data.pop("given")
        return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False)
                              .encode()).hexdigest()[:16]


_NOT_KEYS = {"root", "given"}


def _convert(tp, node: yaml.Node, where: str, path: str, log: ErrorLog):
    """Turn a YAML node into a value of type `tp`, recording type errors in `log`."""
    line = node.start_mark.line + 1
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        if isinstance(node, yaml.ScalarNode) and node.tag.endswith(":null"):
            if type(None) in args:
                return None
        inner = [a for a in args if a is not type(None)]
        return _convert(inner[0], node, where, path, log)
    if dataclasses.is_dataclass(tp):
        if not isinstance(node, yaml.MappingNode):
            log.error(path, f"'{where}' must be a mapping", line)
            return tp() if _has_defaults(tp) else None
        return _build(tp, node, where, path, log)
    if origin is tuple:
        if not isinstance(node, yaml.SequenceNode):
            log.error(path, f"'{where}' must be a list", line)
            return ()
        items = [_convert(args[0], n, f"{where}[{i}]", path, log) for i, n in enumerate(node.value)]
        return tuple(i for i in items if i is not None)
    if origin is dict:
        if not isinstance(node, yaml.MappingNode):
            log.error(path, f"'{where}' must be a mapping", line)
            return {}
        return {str(k.value): _convert(args[1], v, f"{where}.{k.value}", path, log)
                for k, v in node.value}
    if not isinstance(node, yaml.ScalarNode):
        log.error(path, f"'{where}' must be a {tp.__name__}", line)
        return None
    value = yaml.safe_load(yaml.serialize(node))
    if tp is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if tp is str and isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, tp) or (tp is int and isinstance(value, bool)):
        log.error(path, f"'{where}' must be a {tp.__name__}, not {type(value).__name__} "
                        f"({value!r})", line)
        return None
    return value


def _has_defaults(tp) -> bool:
    return all(f.default is not dataclasses.MISSING or f.default_factory is not dataclasses.MISSING
               for f in dataclasses.fields(tp))


def _build(tp, node: yaml.MappingNode, where: str, path: str, log: ErrorLog):
    hints = typing.get_type_hints(tp)
    known = {f.name for f in dataclasses.fields(tp)} - _NOT_KEYS
    values = {}
    for key_node, value_node in node.value:
        key = str(key_node.value)
        full = f"{where}.{key}" if where else key
        if key not in known:
            log.error(path, f"unknown key '{full}'", key_node.start_mark.line + 1,
                      hint=f"known keys here: {', '.join(sorted(known))}")
            continue
        value = _convert(hints[key], value_node, full, path, log)
        if value is not None or key_node.value in ("base_url", "threshold"):
            values[key] = value
    missing = [f.name for f in dataclasses.fields(tp)
               if f.name not in values and f.default is dataclasses.MISSING
               and f.default_factory is dataclasses.MISSING]
    for name in missing:
        log.error(path, f"'{where + '.' if where else ''}{name}' is required",
                  node.start_mark.line + 1)
    if missing:
        return None
    return tp(**values)


def _given(node: yaml.MappingNode) -> tuple[str, ...]:
    """The keys a config file sets: top-level ones, and those of `paths` as paths.x."""
    keys = []
    for key_node, value_node in node.value:
        keys.append(str(key_node.value))
        if key_node.value == "paths" and isinstance(value_node, yaml.MappingNode):
            keys += [f"paths.{k.value}" for k, _ in value_node.value]
    return tuple(keys)


def load_config(path: Path | None, **overrides) -> SiteConfig:
    """Load `path` (or the defaults when it is None) and apply CLI overrides.

    Paths in the file are relative to the file's folder; those given as overrides
    (the command line's) to the working directory. Raises `SiteError` naming the
    file when it is missing, not a file or unreadable, and listing every problem
    found in it (one line each).
    """
    root = Path.cwd() if path is None else path.resolve().parent
    config = SiteConfig(root=str(root))
    if path is not None:
        if not path.exists():
            raise SiteError(str(path), "config file not found",
                            hint="pass --config with an existing file, or run "
                                 "`site-builder init` to make a site folder with one")
        if path.is_dir():
            raise SiteError(str(path), "is a folder, not a config file",
                            hint=f"pass the file inside it: --config {path / 'site.yaml'}")
        try:
            text = path.read_text(encoding="utf-8-sig")
        except OSError as exc:
            raise SiteError(str(path), f"cannot read the config file: {exc.strerror}",
                            hint="check the file's permissions") from None
        except UnicodeDecodeError as exc:
            line = path.read_bytes()[:exc.start].count(b"\n") + 1
            raise SiteError(str(path), "not UTF-8 text", line,
                            hint="save site.yaml as UTF-8") from None
        try:
            node = yaml.compose(text)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            raise SiteError(str(path), f"not valid YAML: {getattr(exc, 'problem', exc)}",
                            mark.line + 1 if mark else None) from None
        if node is not None:
            log = ErrorLog()
            if not isinstance(node, yaml.MappingNode):
                raise SiteError(str(path), "the config must be a mapping of keys", 1)
            loaded = _build(SiteConfig, node, "", str(path), log)
            if log.errors:
                first, *others = log.errors
                raise SiteError(first.path, first.message, first.line, first.hint, others)
            config = dataclasses.replace(loaded, root=str(root), given=_given(node))
    paths = {k: v for k, v in overrides.items() if k in {f.name for f in dataclasses.fields(Paths)}
             and v is not None}
    if paths:
        # CLI paths are relative to the working directory, not to the config file
        paths = {k: str(Path(v).resolve()) for k, v in paths.items()}
        config = dataclasses.replace(config, paths=dataclasses.replace(config.paths, **paths))
    if overrides.get("base_url"):
        config = dataclasses.replace(config, base_url=overrides["base_url"])
    if config.base_url and not config.base_url.endswith("/"):
        config = dataclasses.replace(config, base_url=config.base_url + "/")
    return config
