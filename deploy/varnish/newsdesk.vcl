vcl 4.1;
# Included after the backend definition (default.vcl). Newsdesk's cache: anonymous pages and API responses are cached and purged by Wagtail on
# publish; editors, previews and anything that sets a cookie go straight to the application.

import std;

# --- Who may purge (docs/security.md) --------------------------------------------------------
# The including file (default.vcl) defines `acl purgers`: the addresses of the web and worker
# containers, never a whole private network, since behind a load balancer every visitor arrives
# from one. A PURGE from any other address is refused with 405.
# ------------------------------------------------------------------------------------------------

sub vcl_recv {
    call newsdesk_normalise_host;

    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(405, "Purging is not allowed from " + client.ip));
        }
        call newsdesk_ban;
        return (synth(200, "Purged"));
    }

    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # The admin (and its previews), the health check and Django's admin are never cached.
    if (req.url ~ "^/(admin|django-admin|healthz)(/|$|\?)") {
        return (pass);
    }
    # Logged-in editors (and visitors who passed a page password) see pages as their session allows.
    if (req.http.Cookie ~ "(^|;\s*)sessionid=" || req.http.Authorization) {
        return (pass);
    }
    # Anonymous visitors: cookies (analytics, CSRF) never change what they are shown.
    unset req.http.Cookie;
    # Title suggestions answer JSON or HTML by Accept (Vary: Accept): two variants, not one per browser.
    if (req.url ~ "^/search/suggest/") {
        if (req.http.Accept ~ "application/json" || req.url ~ "[?&]format=json(&|$)") {
            set req.http.Accept = "application/json";
        } else {
            set req.http.Accept = "text/html";
        }
    }
    set req.url = std.querysort(req.url);
    return (hash);
}

sub vcl_hash {
    # An http:// request gets a redirect to https://: never serve that to https:// visitors.
    hash_data(req.http.X-Forwarded-Proto);
}

sub vcl_backend_response {
    # Remembered on the object so that purges can find it by path.
    set beresp.http.x-path = regsub(bereq.url, "\?.*$", "");

    if (bereq.uncacheable) {
        return (deliver);
    }
    # A response that sets a cookie, or says it is private, is for one person only.
    if (beresp.http.Set-Cookie || beresp.http.Cache-Control ~ "(private|no-store|no-cache)") {
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
    if (beresp.status >= 500) {
        set beresp.ttl = 0s;
        set beresp.uncacheable = true;
        return (deliver);
    }
    # Purges keep pages fresh; the TTL only bounds what purges cannot name (related articles).
    if (beresp.http.Cache-Control !~ "(s-maxage|max-age)") {
        set beresp.ttl = 10m;
    }
    # If the application is down, serve what we have for up to a day.
    set beresp.grace = 24h;
    if (beresp.http.Content-Type ~ "^(text/|application/(json|xml|rss|atom|ld))") {
        set beresp.do_gzip = true;
    }
    return (deliver);
}

sub vcl_deliver {
    unset resp.http.x-path;
    if (obj.uncacheable) {
        set resp.http.X-Cache = "PASS";
    } elsif (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
    # Browsers revalidate pages: only Varnish is told when they change.
    if (!resp.http.Cache-Control) {
        set resp.http.Cache-Control = "no-cache";
    }
}

# ---------------------------------------------------------------------------------------------
# Host names and purges. Visitors reach the site under several names (news.example.org, the
# server's address, localhost behind a tunnel), each cached on its own, while the application
# purges under the Site's name only. So a purge bans the path under every host name: on a
# server with several Wagtail sites, a purge of /news/ on one also refreshes /news/ on the others,
# which costs one fetch from the application and never serves a withdrawn page.

sub newsdesk_normalise_host {
    # One cache entry per name, whatever port or letter case the visitor used.
    set req.http.host = std.tolower(regsub(req.http.host, ":[0-9]+$", ""));
    set req.http.host = regsub(req.http.host, "\.$", "");
}

sub newsdesk_ban {
    # "/path*" purges everything under a prefix (feeds, a moved subtree, the whole site);
    # non-ASCII slugs arrive percent-encoded.
    if (req.url ~ "^/[A-Za-z0-9/_.~%-]*\*$") {
        ban("obj.http.x-path ~ ^" + regsub(req.url, "\*$", ""));
    } else {
        # A page path: every query string under it too (filters, pagination, API parameters).
        ban("obj.http.x-path == " + regsub(req.url, "\?.*$", ""));
    }
}
