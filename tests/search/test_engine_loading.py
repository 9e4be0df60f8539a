"""The Elasticsearch client is loaded only where Elasticsearch is the search engine: a site that
searches its database never imports it (about 20 MB in every web worker)."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SEARCH_PATH = """
import sys
from cms.wsgi import application
from django.urls import reverse
import api.matching, api.views, search.api, search.service, search.views
from wagtail.search.backends import get_search_backend

backend = get_search_backend()
reverse("search:search")
print(type(backend).__module__, "elasticsearch" in sys.modules, len(getattr(backend, "errors", ())))
"""


def run_site(**env):
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in ("ELASTICSEARCH_URL", "DATABASE_URL", "REDIS_URL")
    }
    environment.update(DJANGO_SETTINGS_MODULE="cms.settings.dev", **env)
    result = subprocess.run(
        [sys.executable, "-c", SEARCH_PATH], cwd=ROOT, env=environment, capture_output=True,
        text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout.split()


def test_a_site_searching_its_database_never_loads_the_elasticsearch_client(tmp_path):
    module, loaded, _ = run_site(DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    assert module.startswith("modelsearch.backends.database")
    assert loaded == "False"


def test_with_elasticsearch_configured_its_errors_are_known(tmp_path):
    # Nothing listens there: the backend is only built, never asked.
    module, loaded, errors = run_site(
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        ELASTICSEARCH_URL="http://127.0.0.1:9",
    )
    assert module == "search.backends.elasticsearch"
    assert loaded == "True"
    assert int(errors) >= 1
