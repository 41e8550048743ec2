"""Generated data files shipped with doclint (``cli_catalog.json``: see tools/gen_catalog.py;
``bashlex_tables.json``: see tools/gen_bashlex_tables.py)."""

import functools
import json
from pathlib import Path
from typing import Any

DATA_FOLDER = Path(__file__).parent
"""Where they are: read as plain files (``importlib.resources`` costs more to import
than the read, and doclint is always installed as files)."""


@functools.cache
def read_json(name: str) -> Any:
    """A JSON data file, read once per process: the docker stage reads the CLI catalog
    for its grammar, extraction for the names of docker's commands."""
    return json.loads((DATA_FOLDER / name).read_text(encoding="utf-8"))
