vcl 4.1;

import std;

# Varnish in front of Strapi with strapi-plugin-journey (Debian: apt-get install varnish).
#
# The plugin's public routes send ETag, Cache-Control (public for anonymous callers) and a
# Surrogate-Key header naming the journey, stages, content types and documents of the response.
# After every change the plugin sends BAN (or PURGE) to this Varnish with the keys to drop in a
# header, configured in config/plugins.ts:
#
#   journey: { config: { http: { purge: [
#     { url: 'http://127.0.0.1:6081/', method: 'BAN', header: 'X-Purge-Keys' },
#   ] } } }
#
# tests/proxy/varnish.test.ts runs this file as it is (only the backend port is replaced).

backend strapi {
  .host = "127.0.0.1";
  .port = "1337";
}

# Who may ban: the Strapi servers. Add their addresses when Varnish runs on another host.
acl purgers {
  "127.0.0.1";
  "::1";
}

sub vcl_recv {
  if (req.method == "BAN" || req.method == "PURGE") {
    if (client.ip !~ purgers) {
      return (synth(403, "Forbidden"));
    }
    # Keys are letters, digits, '-' and '_' separated by spaces; anything else is dropped so the
    # header can never widen the regular expression.
    set req.http.X-Purge-Keys = regsuball(req.http.X-Purge-Keys, "[^A-Za-z0-9_ -]", "");
    set req.http.X-Purge-Keys = regsuball(req.http.X-Purge-Keys, "^ +| +$", "");
    if (req.http.X-Purge-Keys == "") {
      return (synth(400, "X-Purge-Keys is missing"));
    }
    # The regular expression has no space and is not quoted (a quoted one is taken with its
    # quotes and never matches): a space between keys is matched as [[:space:]].
    # A ban on obj.* only: the ban lurker applies it in the background, and every cached object
    # that names one of the keys is gone before the next lookup.
    if (!std.ban("obj.http.Surrogate-Key ~ (^|[[:space:]])(" + regsuball(req.http.X-Purge-Keys, " +", "|") + ")([[:space:]]|$)")) {
      return (synth(400, std.ban_error()));
    }
    return (synth(200, "Banned"));
  }
  # Everything else follows Varnish's built-in rules: a request with an Authorization header or
  # a cookie is passed to Strapi and never stored (the plugin also marks those answers private).
}

sub vcl_backend_response {
  # Errors are answers about one request: never stored (the plugin sends no-store too).
  if (beresp.status >= 400) {
    set beresp.uncacheable = true;
    set beresp.ttl = 0s;
    return (deliver);
  }
  # Keep objects past their TTL so Varnish can revalidate them with If-None-Match: Strapi then
  # answers 304 without running the page query.
  set beresp.keep = 1h;
}

sub vcl_deliver {
  # For debugging and the proxy test; remove if you prefer not to show it.
  if (obj.hits > 0) {
    set resp.http.X-Cache = "HIT";
  } else {
    set resp.http.X-Cache = "MISS";
  }
}
