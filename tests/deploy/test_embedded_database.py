"""The embedded default's SQLite database, shared by the web server, the Celery worker and beat:
a writer waits its turn instead of failing with "database is locked" (as an admin autosave
meeting a document upload did)."""

import re
import sqlite3
import subprocess
import sys

import pytest

from tests.deploy.processes import ROOT, embedded_env, free_port

# Reads, then writes, in one transaction (as Wagtail's saves do), while another process does the
# same: a transaction that started reading cannot take the write lock once the other committed.
EDITOR = """
import os, pathlib, time
from django.db import transaction
from cms.models import Topic
ready = pathlib.Path(os.environ["READY_DIR"])
(ready / os.environ["TOPIC"]).touch()  # loaded: wait for the other one
while len(list(ready.iterdir())) < 2:
    time.sleep(0.01)
print("began", time.time())
with transaction.atomic():
    Topic.objects.count()
    time.sleep(1)
    Topic.objects.create(name=os.environ["TOPIC"], slug=os.environ["TOPIC"].lower())
"""


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_processes_writing_at_once_both_succeed(sqlite_copy):
    ready = sqlite_copy.parent / "ready"
    ready.mkdir()
    editors = [
        subprocess.Popen(
            [sys.executable, "manage.py", "shell", "-c", EDITOR],
            cwd=ROOT,
            env={
                **embedded_env(sqlite_copy, free_port()),
                "READY_DIR": str(ready),
                "TOPIC": topic,
            },
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for topic in ("Detention", "Asylum")
    ]
    outputs = [editor.communicate(timeout=120)[0] for editor in editors]
    for editor, output in zip(editors, outputs, strict=True):
        assert editor.returncode == 0, output
        assert "database is locked" not in output
    began = [float(re.search(r"began ([\d.]+)", output).group(1)) for output in outputs]
    assert abs(began[0] - began[1]) < 0.5, "the machine was too busy for them to overlap"
    with sqlite3.connect(sqlite_copy) as database:
        names = {row[0] for row in database.execute("SELECT name FROM cms_topic")}
        mode = database.execute("PRAGMA journal_mode").fetchone()[0]
    assert names == {"Detention", "Asylum"}
    assert mode == "wal"
