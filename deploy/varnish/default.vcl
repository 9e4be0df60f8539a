vcl 4.1;
# docker-compose's Varnish: the web service as backend, the cache rules from newsdesk.vcl.
# The tests and the benchmark write the same two lines with a loopback backend.

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

include "./newsdesk.vcl";
