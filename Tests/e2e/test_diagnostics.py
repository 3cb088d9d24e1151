"""Template problems on a terminal: the position in bold, a red `error:`, the offending line and a
caret under the column; plain `FILE:LINE:COLUMN: message` with NO_COLOR or when stderr is no terminal."""
from __future__ import annotations

import os
import pty
import subprocess

import pytest

from conftest import REPO


@pytest.fixture(scope="module")
def store(civicbrief, tmp_path_factory):
    folder = tmp_path_factory.mktemp("diagnostics")
    made = civicbrief("demo", "--store", folder / "demo.sqlite", "--out", folder / "out")
    assert made.returncode == 0, made.stderr
    return folder / "demo.sqlite"


def on_terminal(binary, args, env) -> str:
    """stderr of the command as a terminal shows it."""
    controller, terminal = pty.openpty()
    process = subprocess.Popen([str(binary), *map(str, args)], stdout=subprocess.DEVNULL, stderr=terminal, env=env)
    os.close(terminal)
    output = b""
    while True:
        try:
            chunk = os.read(controller, 4096)
        except OSError:  # the terminal closed with the process
            break
        if not chunk:
            break
        output += chunk
    process.wait(timeout=60)
    os.close(controller)
    return output.decode().replace("\r\n", "\n")


def test_a_terminal_shows_the_line_and_a_caret_and_no_color_plain_text(civicbrief_bin, store, tmp_path):
    template = tmp_path / "kaputt.md"
    template.write_text("---\ntitle: Test\narea_level: district\n---\n# Test\n\nDie Quote beträgt {{ facts.arm_sgb2.current.formated }}.\n",
                        encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "TERM")} | {"TERM": "xterm"}
    shown = on_terminal(civicbrief_bin, ["check", "--store", store, template], env)
    line = "Die Quote beträgt {{ facts.arm_sgb2.current.formated }}."
    column = line.index("formated") + 1
    assert f"\x1b[1m{template}:7:" in shown and "\x1b[1;31merror:\x1b[0m" in shown, shown
    assert f" 7 | {line}\n" in shown, shown
    caret = next(l for l in shown.splitlines() if l.startswith("   | "))
    printed_column = caret.index("\x1b[1;32m^") - len("   | ") + 1
    reported = int(shown.split(f"{template}:7:")[1].split(":")[0])
    assert printed_column == reported, (caret, reported)
    assert line[reported - 1:].startswith(("formated", "facts", "{{", "arm_sgb2", "current")), reported
    # NO_COLOR, or no terminal: the plain form, one line per problem.
    plain = on_terminal(civicbrief_bin, ["check", "--store", store, template], env | {"NO_COLOR": "1"})
    assert "\x1b[" not in plain and plain.startswith(f"{template}:7:{reported}: "), plain
    piped = subprocess.run([str(civicbrief_bin), "check", "--store", str(store), str(template)], capture_output=True, text=True, env=env)
    assert piped.returncode == 2 and piped.stderr.startswith(f"{template}:7:{reported}: ") and "\x1b[" not in piped.stderr
