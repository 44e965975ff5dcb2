# The proxy bench's own minimal Varnish configuration (bench/proxy.ts), used when the repository
# has no docs/varnish.vcl. Same purge convention as the plugin's documented one: BAN (or PURGE)
# from the Strapi server with the keys, space-separated, in X-Purge-Keys; every cached object
# whose Surrogate-Key names one of them is dropped. The bench writes in the backend's port.
vcl 4.1;

import std;

backend default {
  .host = "127.0.0.1";
  .port = "1337";
}

acl purgers {
  "127.0.0.1";
  "::1";
}

sub vcl_recv {
  if (req.method == "BAN" || req.method == "PURGE") {
    if (client.ip !~ purgers) {
      return (synth(403, "Forbidden"));
    }
    # Only key characters, so the header cannot widen the regular expression.
    set req.http.X-Purge-Keys = regsuball(req.http.X-Purge-Keys, "[^A-Za-z0-9_ -]", "");
    set req.http.X-Purge-Keys = regsuball(req.http.X-Purge-Keys, "^ +| +$", "");
    if (req.http.X-Purge-Keys == "") {
      return (synth(400, "X-Purge-Keys is missing"));
    }
    if (!std.ban("obj.http.Surrogate-Key ~ (^|[[:space:]])(" + regsuball(req.http.X-Purge-Keys, " +", "|") + ")([[:space:]]|$)")) {
      return (synth(400, std.ban_error()));
    }
    return (synth(200, "Banned"));
  }
  # Otherwise Varnish's built-in rules: requests with Authorization or a cookie pass.
}

sub vcl_backend_response {
  # Errors are never stored; anything else follows the origin's Cache-Control (or default_ttl).
  if (beresp.status >= 400) {
    set beresp.uncacheable = true;
    set beresp.ttl = 0s;
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
