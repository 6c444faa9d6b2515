"""The page mix that benchmarks/load.py sends (locust): what readers and researchers open.

The paths to open (incident, article and vehicle pages) come from the file LOAD_PATHS names,
one kind per line group, written by load.py from the scratch database.
"""

import json
import os
import random

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


class Reader(FastHttpUser):
    wait_time = between(0, 0.05)

    @task(1)
    def home(self):
        self.client.get("/")

    @task(2)
    def incident_list(self):
        self.client.get("/incidents/", name="/incidents/")

    @task(2)
    def filtered_list(self):
        family = random.choice(PATHS["families"])
        self.client.get(f"/incidents/?family={family}&sort=-date", name="/incidents/?family=…")

    @task(3)
    def search(self):
        self.client.get("/search/", params={"q": random.choice(QUERIES)}, name="/search/?q=…")

    @task(3)
    def incident(self):
        self.client.get(random.choice(PATHS["incidents"]), name="/incidents/<slug>/")

    @task(1)
    def article(self):
        self.client.get(random.choice(PATHS["articles"]), name="/articles/<id>/")

    @task(1)
    def vehicle(self):
        self.client.get(random.choice(PATHS["vehicles"]), name="/vehicles/<slug>/")
