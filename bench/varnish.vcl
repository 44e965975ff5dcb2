# The proxy bench's own minimal Varnish configuration (bench/proxy.ts), used when the repository
# has no docs/varnish.vcl. The backend's host and port are written in by the bench.
vcl 4.1;

backend default {
  .host = "127.0.0.1";
  .port = "1337";
}

# Purges come from the Strapi server on the same machine.
acl purgers {
  "127.0.0.1";
}

sub vcl_recv {
  if (req.method == "PURGE") {
    if (client.ip !~ purgers) {
      return (synth(403, "Forbidden"));
    }
    # Keys to purge, space-separated, in Surrogate-Key: every object tagged with one of them.
    if (req.http.Surrogate-Key) {
      ban("obj.http.Surrogate-Key ~ (^|\s)(" + regsuball(req.http.Surrogate-Key, "\s+", "|") + ")(\s|$)");
      return (synth(200, "Banned"));
    }
    return (purge);
  }
  if (req.method != "GET" && req.method != "HEAD") {
    return (pass);
  }
  # Only the public content API is cached, and only without credentials.
  if (req.url !~ "^/api/" || req.http.Authorization) {
    return (pass);
  }
  unset req.http.Cookie;
  return (hash);
}

sub vcl_backend_response {
  # Never cache errors; anything else follows the origin's Cache-Control (or default_ttl).
  if (beresp.status >= 500) {
    set beresp.uncacheable = true;
    return (deliver);
  }
}

sub vcl_deliver {
  if (obj.hits > 0) {
    set resp.http.X-Cache = "HIT";
  } else {
    set resp.http.X-Cache = "MISS";
  }
}
