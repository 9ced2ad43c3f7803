"""Fixtures for the browser tests (helpers are in browserkit.py)."""

from __future__ import annotations

import pytest
from browserkit import CHROMIUM, LAUNCH_ARGS, chromium_or_skip, clear_other_runs, start_server


@pytest.fixture(scope="session")
def browser():
    chromium_or_skip()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="session")
def serve():
    """serve(directory) -> base URL of a loopback HTTP server for that directory."""
    servers = []

    def start(directory) -> str:
        server = start_server(directory)
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def pytest_configure(config):
    clear_other_runs()
