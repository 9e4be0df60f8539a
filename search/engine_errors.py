"""What the installed Elasticsearch client raises when the server is down, slow or refuses a
request: client 7 has one family of errors; 8 and 9 split the transport's from the API's."""

import sys


def engine_errors():
    """The client's error classes, or none while the client is not loaded: a site searching its
    database never imports it (about 20 MB a process), and so can never get its errors."""
    if "elasticsearch" not in sys.modules:
        return ()
    import elasticsearch

    if elasticsearch.VERSION[0] >= 8:
        from elastic_transport import TransportError
        from elasticsearch import ApiError

        return (TransportError, ApiError)
    return (elasticsearch.ElasticsearchException,)
