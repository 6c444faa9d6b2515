import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# A web request gives up on a statement after 10 s (then the page is a 503), so a stuck
# database never holds a gunicorn worker until it is killed. The worker and management
# commands load the settings without this, and so without a limit.
os.environ.setdefault("DB_STATEMENT_TIMEOUT", "10")
application = get_wsgi_application()
