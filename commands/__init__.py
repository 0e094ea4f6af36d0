"""The click commands behind `rto`; `cli.py` is the entry point that loads them lazily."""
