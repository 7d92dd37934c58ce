"""The Nu Html Checker (vnu.jar from npm's vnu-jar, run on Java), for the validity tests."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

VNU = (
    Path(__file__).resolve().parents[2] / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
)


def html_errors(pages: dict[str, str | bytes], tmp_path: Path) -> list[str]:
    """Validate each page (name → HTML); return the checker's errors as `name:line: text`."""
    assert VNU.exists() and shutil.which("java"), "bin/test installs vnu.jar (npm) and Java"
    files = []
    for name, html in pages.items():
        path = tmp_path / f"{name}.html"
        path.write_bytes(html.encode() if isinstance(html, str) else html)
        files.append(str(path))
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--format", "json", "--errors-only", *files],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    return [
        f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m['message']}"
        for m in messages
        if m.get("type") == "error"
    ]
