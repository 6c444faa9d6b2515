"""The test suite's settings: the site's own (config.settings), with the cache in each test
process's memory.

The site shares one cache between all its processes: the database's, or Redis (CACHE_URL).
Here, tests/conftest.py empties the cache around every test, those without a database too,
and tests count queries exactly, which a database cache would add to. The shared caches are
tested for what they are for, from processes of their own (tests/api/test_throttling.py).
"""

from config.settings import *  # noqa: F403

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
