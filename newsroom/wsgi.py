"""WSGI entry point, used by gunicorn (`gunicorn newsroom.wsgi`)."""

import os

from django.core.wsgi import get_wsgi_application

from webcore.charsets import guard_wsgi

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

application = get_wsgi_application()
# A request in a charset no browser sends is refused before Django builds the
# request object (see webcore/charsets.py).
application = guard_wsgi(application)
