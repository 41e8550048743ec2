"""Generated data files shipped with doclint (``cli_catalog.json``: see tools/gen_catalog.py)."""
