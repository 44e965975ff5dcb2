/* global window, document, navigator, sessionStorage, setTimeout, clearTimeout, Blob */
/**
 * strapi-plugin-journey's beacon, served as GET /api/journey/tracker.js, for sites that do not use
 * the typed client (strapi-plugin-journey/client). It follows the client's rules:
 * - nothing at all is stored or sent under Do Not Track or Global Privacy Control;
 * - a random session id in sessionStorage (dies with the tab; page memory where it throws), no
 *   cookie, no localStorage; the same keys as the client, so both kinds of page are one session;
 * - the view is sent at once by keepalive fetch and the answer's Journey-State header goes back
 *   with the next batch; clicks, helpful answers and goals wait a second, or leave by
 *   sendBeacon (text/plain: no CORS preflight) when the page is hidden or left.
 *
 * Markup:
 *   <script src="https://cms.example.com/api/journey/tracker.js" data-document="<documentId>"
 *     data-type="api::article.article" data-locale="en" defer></script>
 *   <a href="…" data-journey-next="<documentId>">   a click on a next-step recommendation
 *   <button data-journey-helpful="yes">              "was this helpful?" (yes|no) about the page
 *   <button data-journey-goal="signup">              a goal (on a <form>: when it is submitted)
 * and from code: window.journey.goal('signup').
 */
(function () {
  'use strict';
  var SESSION_KEY = 'journey:session';
  var STATE_KEY = 'journey:state';
  var MAX_BATCH = 50;

  var script =
    document.currentScript || document.querySelector('script[src*="/api/journey/tracker.js"]');
  var data = (script && script.dataset) || {};
  var base = script ? script.src.replace(/\/api\/journey\/tracker\.js.*$/, '') : '';
  var url = base + '/api/journey/events';
  var off = function () {};

  if (navigator.doNotTrack === '1' || navigator.globalPrivacyControl === true || !base) {
    window.journey = { enabled: false, view: off, click: off, helpful: off, goal: off };
    return;
  }

  // sessionStorage where it works, page memory where it throws (private modes, sandboxes).
  var memory = {};
  var read = function (key) {
    try {
      var value = sessionStorage.getItem(key);
      if (value !== null) return value;
    } catch {
      /* memory below */
    }
    return memory[key] || null;
  };
  var write = function (key, value) {
    memory[key] = value;
    try {
      sessionStorage.setItem(key, value);
    } catch {
      /* memory only */
    }
  };

  var session = read(SESSION_KEY);
  if (!session || !/^[A-Za-z0-9_-]{16,64}$/.test(session)) {
    var alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    var bytes = new Uint8Array(24);
    if (window.crypto && window.crypto.getRandomValues) window.crypto.getRandomValues(bytes);
    else for (var i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256);
    session = '';
    for (var j = 0; j < bytes.length; j++) session += alphabet.charAt(bytes[j] & 63);
    write(SESSION_KEY, session);
  }

  var body = function (events) {
    var batch = { session: session, events: events };
    var state = read(STATE_KEY);
    if (state) batch.state = state;
    return JSON.stringify(batch);
  };

  var collecting = true;
  var chain = Promise.resolve();
  var post = function (events) {
    if (!collecting) return Promise.resolve();
    return window
      .fetch(url, {
        method: 'POST',
        keepalive: true,
        credentials: 'omit',
        headers: { 'Content-Type': 'application/json' },
        body: body(events),
      })
      .then(function (response) {
        var state = response.headers.get('Journey-State');
        if (state) write(STATE_KEY, state);
        // Collection is off on this app: stop for this page.
        if (response.status === 404) collecting = false;
      })
      .catch(off);
  };
  // One after another, so each batch carries the state the previous answer gave.
  var send = function (events) {
    for (var k = 0; k < events.length; k += MAX_BATCH) {
      (function (batch) {
        chain = chain.then(function () {
          return post(batch);
        });
      })(events.slice(k, k + MAX_BATCH));
    }
    return chain;
  };

  var queue = [];
  var timer = null;
  var take = function () {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    var events = queue;
    queue = [];
    return events;
  };
  var enqueue = function (event) {
    queue.push(event);
    if (queue.length >= MAX_BATCH) send(take());
    else if (timer === null)
      timer = setTimeout(function () {
        send(take());
      }, 1000);
  };
  var beacon = function () {
    var events = take();
    for (var k = 0; k < events.length && collecting; k += MAX_BATCH) {
      var batch = events.slice(k, k + MAX_BATCH);
      var sent = false;
      try {
        sent = navigator.sendBeacon(
          url,
          new Blob([body(batch)], { type: 'text/plain;charset=UTF-8' })
        );
      } catch {
        sent = false;
      }
      if (!sent) post(batch);
    }
  };

  var target = function (documentId, type, locale) {
    var event = { documentId: String(documentId) };
    if (type) event.contentType = type;
    if (locale) event.locale = locale;
    return event;
  };
  var withType = function (type, fields) {
    fields.type = type;
    return fields;
  };
  var page = function () {
    return data.document ? target(data.document, data.type, data.locale) : null;
  };

  var journey = {
    enabled: true,
    view: function (documentId, type, locale) {
      var events = take();
      events.push(withType('view', target(documentId, type, locale)));
      return send(events);
    },
    click: function (documentId, type, locale) {
      enqueue(withType('click', target(documentId, type, locale)));
    },
    helpful: function (yes, documentId, type, locale) {
      var about = documentId ? target(documentId, type, locale) : page();
      if (!about) return;
      about.helpful = !!yes;
      enqueue(withType('helpful', about));
    },
    goal: function (name) {
      enqueue({ type: 'goal', goal: String(name) });
    },
  };
  window.journey = journey;

  // Elements added later work too: one listener on the document.
  var closest = function (node, selector) {
    return node && node.closest ? node.closest(selector) : null;
  };
  document.addEventListener(
    'click',
    function (event) {
      var next = closest(event.target, '[data-journey-next]');
      if (next) {
        var ds = next.dataset;
        journey.click(ds.journeyNext, ds.journeyType, ds.journeyLocale);
      }
      var helpful = closest(event.target, '[data-journey-helpful]');
      if (helpful) {
        var h = helpful.dataset;
        journey.helpful(
          h.journeyHelpful === 'yes',
          h.journeyDocument,
          h.journeyType,
          h.journeyLocale
        );
      }
      var goal = closest(event.target, '[data-journey-goal]');
      if (goal && goal.tagName !== 'FORM') journey.goal(goal.dataset.journeyGoal);
    },
    true
  );
  document.addEventListener(
    'submit',
    function (event) {
      var form = closest(event.target, 'form[data-journey-goal]');
      if (form) journey.goal(form.dataset.journeyGoal);
    },
    true
  );
  window.addEventListener('pagehide', beacon);
  document.addEventListener('visibilitychange', function () {
    if (document.visibilityState === 'hidden') beacon();
  });

  if (data.document) journey.view(data.document, data.type, data.locale);
})();
