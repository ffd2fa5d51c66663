from pathlib import Path

import pytest

from site_builder.config import SiteConfig, load_config
from site_builder.errors import SiteError


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "site.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_without_a_file():
    config = load_config(None)
    assert config.paths.content == "content"
    assert config.related.count == 5


def test_values_are_typed_and_frozen(tmp_path: Path):
    config = load_config(write(tmp_path, "title: 测试\nper_page: 7\nrelated:\n  threshold: 3\n"))
    assert (config.title, config.per_page, config.related.threshold) == ("测试", 7, 3.0)
    with pytest.raises(AttributeError):
        config.title = "x"  # type: ignore[misc]


def test_unknown_key_and_wrong_type_name_key_and_line(tmp_path: Path):
    path = write(tmp_path, "title: 测试\nper_page: many\npaths:\n  seedz: x\n")
    with pytest.raises(SiteError) as info:
        load_config(path)
    text = str(info.value)
    assert f"{path}:2: 'per_page' must be a int" in text
    assert f"{path}:4: unknown key 'paths.seedz'" in text


def test_paths_resolve_against_the_config_folder_and_cli_overrides(tmp_path: Path):
    config = load_config(write(tmp_path, "paths:\n  seeds: pages\n"), output="elsewhere")
    assert config.path("seeds") == (tmp_path / "pages").resolve()
    assert config.path("output") == Path("elsewhere").resolve()


def test_base_url_gets_a_trailing_slash_and_changes_the_fingerprint():
    a = load_config(None)
    b = load_config(None, base_url="https://example.org/repo")
    assert b.base_url == "https://example.org/repo/"
    assert a.fingerprint() != b.fingerprint()
    assert isinstance(a, SiteConfig)


def test_taxonomy_additions(tmp_path: Path):
    path = write(tmp_path, "taxonomy:\n  tags:\n    - slug: grassland\n      name: 草原\n"
                           "      terms: {草原: 2, 牧区: 1}\n")
    (tag,) = load_config(path).taxonomy.tags
    assert (tag.slug, tag.name, tag.terms) == ("grassland", "草原", {"草原": 2.0, "牧区": 1.0})
