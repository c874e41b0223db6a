"""Date and number formats where Django's own do not read naturally (FORMAT_MODULE_PATH).

``<language>/formats.py`` here is found before Django's module for the same
language; ``months`` carries the month names into our catalogs.
"""
