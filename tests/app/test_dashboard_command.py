"""`riskgraph dashboard`: the Streamlit command line it runs and the environment it passes."""
from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from riskgraph.app.commands.dashboard import MAIN_SCRIPT, dashboard_env, streamlit_command
from riskgraph.app.config import load_config


def test_streamlit_runs_headless_on_loopback_without_error_details_or_downloads() -> None:
    command = streamlit_command("127.0.0.1", 8601, parent=4242)
    assert command[:8] == [sys.executable, "-m", "riskgraph.app.dashboard.launch", "4242", "127.0.0.1", "--",
                           "run", str(MAIN_SCRIPT)]
    options = dict(item.removeprefix("--").split("=", 1) for item in command[8:])
    assert options == {
        "server.address": "127.0.0.1",
        "server.port": "8601",
        "server.headless": "true",
        "server.fileWatcherType": "none",
        "server.runOnSave": "false",
        "server.enableStaticServing": "true",
        "client.showErrorDetails": "none",
        "client.toolbarMode": "viewer",
        "browser.gatherUsageStats": "false",
        "runner.magicEnabled": "false",
        "global.developmentMode": "false",
    }
    assert MAIN_SCRIPT.is_file()
    assert (MAIN_SCRIPT.parent / "static" / "topojson" / "world_110m.json").is_file()
    assert not (MAIN_SCRIPT.parent / "pages").exists()  # would make Streamlit run pages without main.py


def test_the_store_and_config_file_go_to_the_dashboard_process(tmp_path: Path) -> None:
    config_file = tmp_path / "riskgraph.toml"
    config_file.write_text('[query]\ntimeout_s = 5.0\n', encoding="utf-8")
    config = load_config(config_file, environ={}).with_store("relative/store")
    env = dashboard_env(config, {"PATH": "/usr/bin"})
    assert env["RISKGRAPH_STORE"] == str(Path("relative/store").resolve())
    assert env["RISKGRAPH_CONFIG"] == str(config_file.resolve())
    assert env["PATH"] == "/usr/bin"
    assert "RISKGRAPH_CONFIG" not in dashboard_env(load_config(None, environ={}), {})


def test_a_missing_store_fails_before_streamlit_starts(cli: Callable[..., object], tmp_path: Path) -> None:
    result = cli("dashboard", "--store", tmp_path / "nothing", "--port", "8602")
    assert result.exit_code == 1
    assert result.stderr.strip() == (f"error: no riskgraph store at {tmp_path / 'nothing'}: run `riskgraph ingest "
                                     f"PATH --store {tmp_path / 'nothing'}` first")


def test_a_server_url_is_refused(cli: Callable[..., object]) -> None:
    result = cli("dashboard", "--store", "http://127.0.0.1:9/sparql")
    assert result.exit_code == 1
    assert "the dashboard reads a store folder" in result.stderr
