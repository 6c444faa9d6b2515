"""gunicorn's settings for the site (gunicorn reads ./gunicorn.conf.py; the Dockerfile names
it too). Serve with `gunicorn config.wsgi`.

The web process gives up on connecting to the database after 5 s and on a statement after
10 s (config/settings.py, config/wsgi.py), so a stuck database is a 503 well within `timeout`:
a worker silent for 30 s is killed and replaced, rather than waited on for minutes.
"""

import os

# This machine only, unless told (the Docker image listens on all of the container's
# interfaces, and docker-compose.yml publishes the port on the host's 127.0.0.1).
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))  # about 2 per core
timeout = 30
graceful_timeout = 20  # on SIGTERM (a deploy), requests under way get this long to finish
keepalive = 5  # a reverse proxy in front keeps its connections open
max_requests = 2000  # each worker is replaced now and then, so no leak grows for ever
max_requests_jitter = 200  # (and not all of them at once)
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # heartbeats off the disk
accesslog = "-"
