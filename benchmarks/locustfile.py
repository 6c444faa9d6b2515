"""The page mix that benchmarks/load.py sends (locust): what readers and researchers open.

The paths to open (incident, article and vehicle pages) come from the file LOAD_PATHS names,
one kind per line group, written by load.py from the scratch database. A list or search that
answers without rows (a form error, a filter value that is not allowed) counts as a failure:
such a page costs no query, and would make the figures look better than the site is.
"""

import json
import os
import random
import re

from locust import FastHttpUser, between, task

PATHS = json.loads(open(os.environ["LOAD_PATHS"]).read())
QUERIES = [
    "soyuz",
    "progress ms-04",
    "challenger",
    "long march 2016",
    "falcon 9 2015",
    "third stage",
    "baikonur 2016",
    "antares",
    "roscosmos cargo",
    "h3",
]


LIST_ROWS = re.compile(r'<p class="result-count">([\d,]+) incident')
SEARCH_ROWS = re.compile(r'id="incidents-heading">Incidents <span class="muted">\(([\d,]+)')
SORTS = ["newest", "oldest", "deadliest"]  # the list's allowed values


class Reader(FastHttpUser):
    wait_time = between(0, 0.05)

    def get_rows(self, path: str, name: str, rows: re.Pattern, **params) -> None:
        with self.client.get(path, params=params, name=name, catch_response=True) as response:
            found = rows.search(response.text or "")
            if not found or found[1] == "0" or 'class="error"' in response.text:
                response.failure(f"no rows: {response.url}")

    @task(1)
    def home(self):
        self.client.get("/")

    @task(2)
    def incident_list(self):
        self.get_rows("/incidents/", "/incidents/", LIST_ROWS)

    @task(2)
    def filtered_list(self):
        family = random.choice(PATHS["families"])
        self.get_rows(
            "/incidents/",
            "/incidents/?family=…",
            LIST_ROWS,
            family=family,
            sort=random.choice(SORTS),
        )

    @task(3)
    def search(self):
        self.get_rows("/search/", "/search/?q=…", SEARCH_ROWS, q=random.choice(QUERIES))

    @task(3)
    def incident(self):
        self.client.get(random.choice(PATHS["incidents"]), name="/incidents/<slug>/")

    @task(1)
    def article(self):
        self.client.get(random.choice(PATHS["articles"]), name="/articles/<id>/")

    @task(1)
    def vehicle(self):
        self.client.get(random.choice(PATHS["vehicles"]), name="/vehicles/<slug>/")
