vcl 4.1;
# docker-compose's Varnish: the web service as backend, the cache rules from newsdesk.vcl.
# The tests and the benchmark write the same lines with a loopback backend and purger.

backend default {
    .host = "web";
    .port = "8000";
    .connect_timeout = 2s;
    .first_byte_timeout = 30s;
    .probe = {
        .url = "/healthz/live/";  # alive; /healthz/ also names a cache or broker outage
        .interval = 10s;
        .timeout = 5s;
        .window = 5;
        .threshold = 2;
    }
}

# Only these addresses may purge: loopback and the containers that publish (the web container,
# and the worker for scheduled publishing; each name is resolved when the VCL is loaded, so
# docker-compose starts them first). Add no network ranges.
acl purgers {
    "127.0.0.1";
    "::1";
    "web";
    "worker";
}

include "./newsdesk.vcl";
