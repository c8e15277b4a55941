"""The bundled client is extractable: no module under client/ imports Home Assistant."""

from __future__ import annotations

import ast
from pathlib import Path

import custom_components.ipcam_cgi.client as client_package

CLIENT_DIR = Path(client_package.__file__).parent


def _imported_modules(source: str) -> set[str]:
    """Every absolute module name a source file imports (relative imports excluded)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


def _imports_home_assistant(source: str) -> bool:
    return any(
        name == "homeassistant" or name.startswith("homeassistant.")
        for name in _imported_modules(source)
    )


def test_the_import_check_recognises_home_assistant_imports() -> None:
    assert _imports_home_assistant("import homeassistant")
    assert _imports_home_assistant("from homeassistant.core import HomeAssistant")
    assert _imports_home_assistant("def f():\n    import homeassistant.helpers.aiohttp_client")
    assert not _imports_home_assistant("from .models import DeviceInfo\nimport aiohttp")
    assert not _imports_home_assistant("import homeassistant_like")


def test_no_client_module_imports_home_assistant() -> None:
    files = sorted(CLIENT_DIR.rglob("*.py"))
    assert len(files) >= 8  # the walk really found the client's modules
    offenders = [
        str(path.relative_to(CLIENT_DIR))
        for path in files
        if _imports_home_assistant(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_the_client_ships_py_typed() -> None:
    assert (CLIENT_DIR / "py.typed").is_file()
