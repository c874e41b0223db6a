"""Web infrastructure both apps use and neither owns: page cache, templates, sanitiser.

It imports no app and not the project; apps register what they add to it.
"""
