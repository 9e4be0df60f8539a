"""What the installed Elasticsearch client raises when the server is down, slow or refuses a
request: client 7 has one family of errors; 8 and 9 split the transport's from the API's."""

import elasticsearch

if elasticsearch.VERSION[0] >= 8:
    from elastic_transport import TransportError
    from elasticsearch import ApiError

    ENGINE_ERRORS = (TransportError, ApiError)
else:
    ENGINE_ERRORS = (elasticsearch.ElasticsearchException,)
