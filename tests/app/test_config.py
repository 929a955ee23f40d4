"""Every setting is checked: type, range, finite numbers; misspelt variables and unreadable files are
one line naming the setting, never a traceback."""
from __future__ import annotations

from pathlib import Path

import pytest

from riskgraph.app.config import SETTINGS, load_config
from riskgraph.ontology.errors import ConfigError


@pytest.mark.parametrize(("variable", "value", "message"), [
    ("RISKGRAPH_INGEST_MEMORY_MB", "99999999999999",
     "[ingest] memory_mb must be at least 64 and at most 1,048,576, got 99,999,999,999,999"),
    ("RISKGRAPH_QUERY_TIMEOUT_S", "nan", "[query] timeout_s must be a finite number, got 'nan'"),
    ("RISKGRAPH_QUERY_TIMEOUT_S", "inf", "[query] timeout_s must be a finite number, got 'inf'"),
    ("RISKGRAPH_INGEST_TIMEOUT_S", "0", "[ingest] timeout_s must be over 0 and at most 86,400, got 0"),
    ("RISKGRAPH_INGEST_TIMEOUT_S", "-1", "[ingest] timeout_s must be over 0 and at most 86,400, got -1"),
    ("RISKGRAPH_INGEST_MAX_MB_PDF", "-5", "[ingest] max_mb_pdf must be at least 1 and at most 10,240, got -5"),
    ("RISKGRAPH_SERVE_PORT", "70000", "[serve] port must be at least 1 and at most 65,535, got 70,000"),
    ("RISKGRAPH_QUERY_MAX_ROWS", "ten", "[query] max_rows must be a whole number, got 'ten'"),
])
def test_out_of_range_and_malformed_values_name_the_setting(variable: str, value: str, message: str) -> None:
    with pytest.raises(ConfigError) as raised:
        load_config(None, environ={variable: value})
    assert str(raised.value) == f"{variable}: {message}"


def test_a_misspelt_variable_is_reported_with_the_likely_name() -> None:
    with pytest.raises(ConfigError) as raised:
        load_config(None, environ={"RISKGRAPH_QUERY_TIMEOUTS": "3"})
    assert str(raised.value) == ("RISKGRAPH_QUERY_TIMEOUTS: not a riskgraph setting; did you mean "
                                 "RISKGRAPH_QUERY_TIMEOUT_S?")


def test_toml_types_are_not_coerced(tmp_path: Path) -> None:
    config = tmp_path / "riskgraph.toml"
    config.write_text("[serve]\nport = true\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"\[serve\] port must be a number, got True"):
        load_config(config, environ={})
    config.write_text('[serve]\nhost = 12\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"\[serve\] host must be text, got 12"):
        load_config(config, environ={})


def test_a_file_that_is_not_utf8_is_one_line(tmp_path: Path) -> None:
    config = tmp_path / "riskgraph.toml"
    config.write_bytes(b'[serve]\nhost = "\xff"\n')
    with pytest.raises(ConfigError) as raised:
        load_config(config, environ={})
    assert str(raised.value) == f"{config}: not UTF-8 text (byte 16); save it as UTF-8"


def test_every_default_passes_its_own_checks() -> None:
    config = load_config(None, environ={})
    for setting in SETTINGS:
        assert config.get(setting.section, setting.name) == setting.default


def test_bad_settings_reach_the_user_as_one_line_without_traceback(rg_process, small_store: Path) -> None:
    for env in ({"RISKGRAPH_QUERY_TIMEOUT_S": "nan"}, {"RISKGRAPH_INGEST_MEMORY_MB": "99999999999999"},
                {"RISKGRAPH_QUERYTIMEOUT": "1"}):
        result = rg_process("stats", "--store", small_store, env=env, timeout=60)
        assert result.returncode == 1
        assert len(result.stderr.strip().splitlines()) == 1 and result.stderr.startswith("error: "), result.stderr
