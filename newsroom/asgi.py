"""ASGI entry point, for servers such as uvicorn or daphne."""

import os

from django.core.asgi import get_asgi_application

from webcore.charsets import guard_asgi

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

application = get_asgi_application()
# A request in a charset no browser sends is refused before Django builds the
# request object (see webcore/charsets.py).
application = guard_asgi(application)
