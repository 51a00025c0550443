"""Checks of OCA's pre-commit-hooks that need no download, on the files git tracks:
``xml``: every XML file parses; ``whitespace``: no trailing whitespace, one final newline
(``.po``/``.pot`` files and images excluded, as OCA's configuration does)."""
import subprocess
import sys
from xml.dom import minidom

SKIPPED = (".po", ".pot", ".png", ".jpg", ".svg", ".ico")


def tracked(suffixes=None):
    files = subprocess.run(["git", "ls-files"], capture_output=True, text=True,
                           check=True).stdout.split()
    return [f for f in files if suffixes is None or f.endswith(suffixes)]


def xml_errors():
    for path in tracked((".xml",)):
        try:
            minidom.parse(path)
        except Exception as error:  # any parse failure is the finding
            yield f"{path}: {error}"


def whitespace_errors():
    for path in tracked():
        if path.endswith(SKIPPED):
            continue
        with open(path, "rb") as file:
            data = file.read()
        if not data:
            continue
        for number, line in enumerate(data.split(b"\n"), start=1):
            if line.rstrip(b" \t\r") != line:
                yield f"{path}:{number}: trailing whitespace"
        if not data.endswith(b"\n") or data.endswith(b"\n\n"):
            yield f"{path}: must end with exactly one newline"


if __name__ == "__main__":
    errors = list({"xml": xml_errors, "whitespace": whitespace_errors}[sys.argv[1]]())
    print("\n".join(errors))
    sys.exit(1 if errors else 0)
