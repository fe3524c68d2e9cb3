"""Click commands, one module per group of related commands.

Each module is imported only when one of its commands runs (see cli.py).
"""
