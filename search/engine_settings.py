"""Elasticsearch settings for news text; imported by the Django settings, so no Django here.

Index settings: English stemming and ASCII folding for every text field (so "tortured" finds
"torture" and "Bogota" finds "Bogotá"), and at search time a synonym filter fed by the
synonyms set editors maintain (see search.synonyms). Index writes that fail are remembered
for the catch-up task instead of failing the publish.
"""

from importlib.metadata import version

SYNONYMS_SET = "newsdesk-synonyms"
# The installed client's major version, read from its package metadata: importing the client
# itself costs a web worker about 20 MB, which a site searching its database never needs.
MAJOR_VERSION = int(version("elasticsearch").split(".")[0])

# Solr-format rules: comma-separated equivalents. Editors add more as SearchSynonym snippets.
DEFAULT_SYNONYMS = [
    "ngo, non-governmental organisation, non-governmental organization",
    "un, united nations",
    "idp, internally displaced person",
    "hrd, human rights defender",
    "death penalty, capital punishment",
    "fgm, female genital mutilation",
    "lgbti, lgbt, lgbtq",
    "detainee, prisoner",
    "ill-treatment, mistreatment",
]

NEWS_TEXT_FILTERS = [
    "lowercase",
    "asciifolding",
    "english_possessive",
    "english_stop",
    "english_stemmer",
]


def synonym_filter():
    if MAJOR_VERSION >= 8:
        # A synonyms set (Elasticsearch 8.10+): editors' changes apply without re-indexing.
        return {"type": "synonym_graph", "synonyms_set": SYNONYMS_SET, "updateable": True}
    return {"type": "synonym_graph", "synonyms": DEFAULT_SYNONYMS, "lenient": True}


def index_settings():
    """Analysis settings for news text, merged into Wagtail's own index settings."""
    return {
        "settings": {
            "analysis": {
                "filter": {
                    "english_possessive": {"type": "stemmer", "language": "possessive_english"},
                    "english_stop": {"type": "stop", "stopwords": "_english_"},
                    "english_stemmer": {"type": "stemmer", "language": "english"},
                    "news_synonyms": synonym_filter(),
                },
                "analyzer": {
                    "default": {
                        "type": "custom",
                        "tokenizer": "standard",
                        "filter": NEWS_TEXT_FILTERS,
                    },
                    "default_search": {
                        "type": "custom",
                        "tokenizer": "standard",
                        "filter": [
                            "lowercase",
                            "asciifolding",
                            "news_synonyms",
                            "english_possessive",
                            "english_stop",
                            "english_stemmer",
                        ],
                    },
                },
            }
        }
    }


def backend_settings(url, index_prefix="newsdesk_", timeout=5):
    """The WAGTAILSEARCH_BACKENDS entry for an Elasticsearch server at url."""
    return {
        "BACKEND": "search.backends.elasticsearch",
        "URLS": [url],
        "INDEX_PREFIX": index_prefix,
        "TIMEOUT": timeout,
        "OPTIONS": {"max_retries": 1, "retry_on_timeout": False},
        "INDEX_SETTINGS": index_settings(),
    }
