"""Generated data files shipped with doclint (``cli_catalog.json``: see tools/gen_catalog.py;
``bashlex_tables.json``: see tools/gen_bashlex_tables.py)."""

from pathlib import Path

DATA_FOLDER = Path(__file__).parent
"""Where they are: read as plain files (``importlib.resources`` costs more to import
than the read, and doclint is always installed as files)."""
