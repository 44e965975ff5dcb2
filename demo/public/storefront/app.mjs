/* global document, window, location, URLSearchParams, fetch */
/**
 * The Nordstig storefront: what a frontend sees of the journey plugin with the public role only
 * (no token in the browser). Plain DOM and the plugin's client, served by the demo from the
 * plugin's build; every view is a URL (the hash), so the back button and links work. Journey
 * analytics go through the client's tracker: a view per article page, clicks on next-step cards,
 * "Was this helpful?" and the newsletter sign-up goal; nothing under Do Not Track or GPC.
 */
import {
  createJourneyClient,
  createJourneyTracker,
  JourneyApiError,
} from './vendor/journey-client.js';

const LOCALES = [
  { code: 'en', label: 'English' },
  { code: 'sv', label: 'Svenska' },
  { code: 'nb', label: 'Norsk' },
];

const TEXT = {
  en: {
    search: 'Search',
    placeholder: 'e.g. best running shoes, buy trail shoes oslo',
    intent: 'Intent',
    stage: 'Stage',
    decidedBy: 'Decided by',
    noSignal: 'No clear intent in this search: showing every stage.',
    confidence: 'confidence',
    allStages: 'All stages',
    latest: 'Latest from every stage',
    forSearch: (intent, stage) => `${intent} content for ${stage}`,
    fallback: (intent, stage) => `Nothing ${intent} in ${stage} yet: showing all of ${stage}.`,
    inStage: (stage) => `Content for ${stage}`,
    empty: 'Nothing here yet.',
    results: (n) => `${n} ${n === 1 ? 'piece' : 'pieces'} of content`,
    back: '← Back',
    nextStep: 'Your next step',
    reason: {
      declared: (from, to) => `${to}: where customers often go after ${from}.`,
      next: (from, to) => `${to}: the stage after ${from}.`,
      later: (from, to) => `The stage after ${from} has nothing yet, so this is from ${to}.`,
      same: (from) => `No later stage has content: more from ${from}.`,
      none: () => 'Nothing to suggest yet.',
    },
    notTranslated: 'This page is not available in English.',
    article: 'Article',
    guide: 'Guide',
    minutes: (n) => `${n} min`,
    loading: 'Loading…',
    footNote: 'Public role only: this page sends no token. Content comes from /api/journey.',
    calls: 'API calls',
    error: 'Something went wrong',
    helpful: 'Was this helpful?',
    yes: 'Yes',
    no: 'No',
    thanks: 'Thank you for your answer.',
    newsletter: 'Running tips and new shoes, once a month.',
    signup: 'Sign up for the newsletter',
    signedUp: 'Thanks: you are signed up (the demo sends no e-mail).',
  },
  sv: {
    search: 'Sök',
    placeholder: 't.ex. bästa löparskor, köpa trailskor stockholm',
    intent: 'Avsikt',
    stage: 'Steg',
    decidedBy: 'Avgjort av',
    noSignal: 'Ingen tydlig avsikt i sökningen: visar alla steg.',
    confidence: 'säkerhet',
    allStages: 'Alla steg',
    latest: 'Senaste från alla steg',
    forSearch: (intent, stage) => `Innehåll för ${stage} (${intent.toLowerCase()})`,
    fallback: (intent, stage) => `Inget ${intent} i ${stage} ännu: visar allt i ${stage}.`,
    inStage: (stage) => `Innehåll för ${stage}`,
    empty: 'Inget här ännu.',
    results: (n) => `${n} ${n === 1 ? 'träff' : 'träffar'}`,
    back: '← Tillbaka',
    nextStep: 'Ditt nästa steg',
    reason: {
      declared: (from, to) => `${to}: dit kunder ofta går efter ${from}.`,
      next: (from, to) => `${to}: steget efter ${from}.`,
      later: (from, to) => `Steget efter ${from} har inget ännu, så detta är från ${to}.`,
      same: (from) => `Inget senare steg har innehåll: mer från ${from}.`,
      none: () => 'Inget att föreslå ännu.',
    },
    notTranslated: 'Sidan finns inte på svenska.',
    article: 'Artikel',
    guide: 'Guide',
    minutes: (n) => `${n} min`,
    loading: 'Laddar…',
    footNote: 'Endast publik roll: sidan skickar ingen token. Innehållet kommer från /api/journey.',
    calls: 'API-anrop',
    error: 'Något gick fel',
    helpful: 'Var detta till hjälp?',
    yes: 'Ja',
    no: 'Nej',
    thanks: 'Tack för ditt svar.',
    newsletter: 'Löpartips och nya skor, en gång i månaden.',
    signup: 'Prenumerera på nyhetsbrevet',
    signedUp: 'Tack: du prenumererar nu (demon skickar inga mejl).',
  },
  nb: {
    search: 'Søk',
    placeholder: 'f.eks. beste løpesko, kjøpe joggesko oslo',
    intent: 'Hensikt',
    stage: 'Steg',
    decidedBy: 'Avgjort av',
    noSignal: 'Ingen tydelig hensikt i søket: viser alle steg.',
    confidence: 'sikkerhet',
    allStages: 'Alle steg',
    latest: 'Siste fra alle steg',
    forSearch: (intent, stage) => `Innhold for ${stage} (${intent.toLowerCase()})`,
    fallback: (intent, stage) => `Ikke noe ${intent} i ${stage} ennå: viser alt i ${stage}.`,
    inStage: (stage) => `Innhold for ${stage}`,
    empty: 'Ingenting her ennå.',
    results: (n) => `${n} ${n === 1 ? 'treff' : 'treff'}`,
    back: '← Tilbake',
    nextStep: 'Ditt neste steg',
    reason: {
      declared: (from, to) => `${to}: dit kunder ofte går etter ${from}.`,
      next: (from, to) => `${to}: steget etter ${from}.`,
      later: (from, to) => `Steget etter ${from} har ingenting ennå, så dette er fra ${to}.`,
      same: (from) => `Ingen senere steg har innhold: mer fra ${from}.`,
      none: () => 'Ingenting å foreslå ennå.',
    },
    notTranslated: 'Siden finnes ikke på norsk.',
    article: 'Artikkel',
    guide: 'Guide',
    minutes: (n) => `${n} min`,
    loading: 'Laster…',
    footNote: 'Kun offentlig rolle: siden sender ingen token. Innholdet kommer fra /api/journey.',
    calls: 'API-kall',
    error: 'Noe gikk galt',
    helpful: 'Var dette nyttig?',
    yes: 'Ja',
    no: 'Nei',
    thanks: 'Takk for svaret.',
    newsletter: 'Løpetips og nye sko, én gang i måneden.',
    signup: 'Meld deg på nyhetsbrevet',
    signedUp: 'Takk: du er påmeldt (demoen sender ingen e-post).',
  },
};

/** The demo's two types; the REST path of a single entry needs the plural. */
const TYPES = {
  'api::article.article': { plural: 'articles', kind: 'article', text: 'summary' },
  'api::guide.guide': { plural: 'guides', kind: 'guide', text: 'intro' },
};

// --- the client, with a log of what it asked --------------------------------------------------

const calls = [];
const loggingFetch = async (url, init) => {
  const entry = {
    method: init?.method ?? 'GET',
    url: url.replace(location.origin, ''),
    status: '…',
  };
  calls.unshift(entry);
  calls.length = Math.min(calls.length, 12);
  try {
    const response = await fetch(url, init);
    entry.status = response.status;
    return response;
  } finally {
    renderCalls();
  }
};

const client = createJourneyClient({ baseUrl: location.origin, fetch: loggingFetch });
// Beacons (on page hide) bypass fetch and so the log; views and timed batches show up in it.
const track = createJourneyTracker({ baseUrl: location.origin, fetch: loggingFetch });

// --- small DOM helpers -------------------------------------------------------------------------

const $ = (id) => document.getElementById(id);

/** Builds an element; children are nodes or text, never HTML, so content cannot inject any. */
const h = (tag, attrs = {}, ...children) => {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key === 'style') Object.assign(el.style, value);
    else if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(typeof child === 'string' || typeof child === 'number' ? String(child) : child);
  }
  return el;
};

/** Paragraphs from the seed's Markdown: blank lines split paragraphs, `- ` lines make a list. */
const prose = (markdown) =>
  String(markdown ?? '')
    .split(/\n\s*\n/)
    .filter((block) => block.trim())
    .map((block) => {
      const lines = block.split('\n');
      if (lines.every((l) => /^\s*(?:[-*]|\d+\.)\s/.test(l))) {
        return h('ul', {}, ...lines.map((l) => h('li', {}, l.replace(/^\s*(?:[-*]|\d+\.)\s/, ''))));
      }
      return h('p', {}, block);
    });

// --- state in the URL ---------------------------------------------------------------------------

const readState = () => {
  const params = new URLSearchParams(location.hash.slice(1));
  const locale = LOCALES.some((l) => l.code === params.get('locale')) ? params.get('locale') : 'en';
  return {
    locale,
    q: params.get('q') ?? '',
    stage: params.get('stage') ?? '',
    article: params.get('article') ?? '',
  };
};

const hrefFor = (changes) => {
  const next = { ...readState(), ...changes };
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(next)) if (value) params.set(key, value);
  return `#${params.toString()}`;
};

const go = (changes) => {
  location.hash = hrefFor(changes);
};

// --- journeys (stage names in the current language) --------------------------------------------

const STOREFRONT_JOURNEY = 'customer';
const journeyCache = new Map();
const journeyFor = async (locale) => {
  if (!journeyCache.has(locale)) {
    journeyCache.set(
      locale,
      // A site may have several journeys (B2B, candidates…): the shop's visitors follow the
      // customer journey, and every call names it, as the API requires once there are several.
      client.journeys({ locale }).then((r) => ({
        journey: r.data.find((j) => j.key === STOREFRONT_JOURNEY) ?? r.data[0],
        intents: r.meta.intents,
      }))
    );
  }
  return journeyCache.get(locale);
};

// --- rendering ----------------------------------------------------------------------------------

let renderToken = 0;

const renderCalls = () => {
  $('calls').replaceChildren(
    ...calls.map((c) => h('li', {}, h('code', {}, `${c.method} ${c.url}`), ` → ${c.status}`))
  );
};

const renderChrome = (state, t, journey) => {
  document.documentElement.lang = state.locale;
  $('q-label').textContent = t.search;
  $('search-button').textContent = t.search;
  $('q').placeholder = t.placeholder;
  if (document.activeElement !== $('q')) $('q').value = state.q;
  $('foot-note').textContent = t.footNote;
  $('calls-title').textContent = t.calls;
  $('locales').replaceChildren(
    ...LOCALES.map((l) =>
      h(
        'a',
        {
          href: hrefFor({ locale: l.code }),
          lang: l.code,
          'aria-current': l.code === state.locale ? 'true' : null,
        },
        l.label
      )
    )
  );
  const stages = journey?.stages ?? [];
  $('stages').replaceChildren(
    h(
      'a',
      {
        href: hrefFor({ stage: '', q: '', article: '' }),
        'aria-current': !state.stage && !state.article && !state.q ? 'true' : null,
      },
      t.allStages
    ),
    ...stages.map((s) =>
      h(
        'a',
        {
          href: hrefFor({ stage: s.key, q: '', article: '' }),
          'data-stage': s.key,
          'aria-current': state.stage === s.key ? 'true' : null,
        },
        h('span', { class: 'dot', style: { background: s.colour ?? '#888' } }),
        s.name
      )
    )
  );
};

const stageName = (journey, key) => journey?.stages.find((s) => s.key === key)?.name ?? key;
const intentName = (intents, key) => intents.find((i) => i.key === key)?.name ?? key;

const card = (item, state, t, journey, intents, contextStage) => {
  const type = TYPES[item.contentType];
  const id = `${item.contentType}/${item.documentId}`;
  return h(
    'article',
    {
      class: 'card',
      'data-type': type?.kind,
      'data-document': item.documentId,
      'data-content-type': item.contentType,
    },
    h(
      'p',
      { class: 'kind' },
      type ? t[type.kind] : item.contentType,
      item.minutes ? ` · ${t.minutes(item.minutes)}` : ''
    ),
    h(
      'h3',
      {},
      h('a', { href: hrefFor({ article: id, stage: contextStage ?? state.stage }) }, item.title)
    ),
    h('p', {}, item[type?.text ?? 'summary'] ?? ''),
    h(
      'p',
      { class: 'tags' },
      item.searchIntent
        ? h(
            'span',
            { class: 'intent', 'data-intent': item.searchIntent },
            intentName(intents, item.searchIntent)
          )
        : null,
      ...(item.journeyStages ?? []).map((s) =>
        h('span', { class: 'stage' }, stageName(journey, s.key))
      )
    )
  );
};

/** replaceChildren would print a null as the text "null". */
const showView = (...children) =>
  $('view').replaceChildren(...children.filter((c) => c !== null && c !== undefined));

const grid = (items, ...args) =>
  items.length ? h('div', { class: 'grid' }, ...items.map((i) => card(i, ...args))) : null;

const renderList = async (state, t, journey, intents, token) => {
  const classification = $('classification');
  let params = { journey: journey?.key, locale: state.locale, pageSize: 12 };
  let heading = t.latest;
  let note = null;
  classification.hidden = true;
  if (state.q) {
    const { data: cls } = await client.intent({
      q: state.q,
      locale: state.locale,
      journey: journey?.key,
    });
    if (token !== renderToken) return;
    classification.hidden = false;
    classification.replaceChildren(
      cls.intent
        ? h(
            'dl',
            {},
            h(
              'div',
              {},
              h('dt', {}, t.intent),
              h(
                'dd',
                { 'data-intent': cls.intent },
                intentName(intents, cls.intent),
                h('small', {}, ` (${t.confidence} ${Math.round(cls.confidence * 100)}%)`)
              )
            ),
            h(
              'div',
              {},
              h('dt', {}, t.stage),
              h('dd', { 'data-stage': cls.stage }, stageName(journey, cls.stage))
            ),
            h(
              'div',
              {},
              h('dt', {}, t.decidedBy),
              h(
                'dd',
                { class: 'matches' },
                ...cls.matches.map((m) =>
                  h(
                    'span',
                    { class: 'match', title: m.rule, 'data-intent': m.intent },
                    h('q', {}, m.term),
                    ` ${m.rule}`
                  )
                )
              )
            )
          )
        : h('p', {}, t.noSignal)
    );
    if (cls.intent) {
      params = { ...params, stage: cls.stage ?? undefined, intent: cls.intent };
      heading = t.forSearch(intentName(intents, cls.intent), stageName(journey, cls.stage));
    }
    // Highlight the stage the search points to in the switcher.
    for (const link of $('stages').querySelectorAll('a[data-stage]')) {
      if (link.dataset.stage === cls.stage) link.setAttribute('aria-current', 'true');
    }
  } else if (state.stage) {
    params = { ...params, stage: state.stage };
    heading = t.inStage(stageName(journey, state.stage));
  }
  let res = await client.content(params);
  if (token !== renderToken) return;
  if (!res.data.length && params.intent) {
    note = t.fallback(
      intentName(intents, params.intent).toLowerCase(),
      stageName(journey, params.stage)
    );
    res = await client.content({ ...params, intent: undefined });
    if (token !== renderToken) return;
  }
  const total = res.meta.pagination.total;
  $('status').textContent = '';
  showView(
    h('h2', {}, heading),
    note ? h('p', { class: 'note' }, note) : null,
    h('p', { class: 'count' }, t.results(total)),
    grid(res.data, state, t, journey, intents, params.stage) ?? h('p', {}, t.empty)
  );
};

/** "Was this helpful?" with Yes and No; one answer per page view, then a thank-you. */
const helpfulBox = (about, t) => {
  const box = h('section', { class: 'helpful', 'aria-labelledby': 'helpful-title' });
  const answer = (yes) => () => {
    track.helpful(about, yes);
    box.replaceChildren(h('p', { role: 'status' }, t.thanks));
  };
  box.append(
    h('h2', { id: 'helpful-title' }, t.helpful),
    h('button', { type: 'button', 'data-helpful': 'yes', onclick: answer(true) }, t.yes),
    h('button', { type: 'button', 'data-helpful': 'no', onclick: answer(false) }, t.no)
  );
  return box;
};

/** The newsletter sign-up: the demo journey's `signup` goal (nothing is sent anywhere else). */
const newsletterBox = (t) => {
  const box = h('section', { class: 'newsletter' });
  box.append(
    h('p', {}, t.newsletter),
    h(
      'button',
      {
        type: 'button',
        'data-goal': 'signup',
        onclick: () => {
          track.goal('signup');
          box.replaceChildren(h('p', { role: 'status' }, t.signedUp));
        },
      },
      t.signup
    )
  );
  return box;
};

const renderArticle = async (state, t, journey, intents, token) => {
  $('classification').hidden = true;
  const [uid, documentId] = state.article.split('/');
  const type = TYPES[uid];
  if (!type || !documentId) return go({ article: '' });
  let entry = null;
  try {
    const res = await client.get(`/api/${type.plural}/${encodeURIComponent(documentId)}`, {
      locale: state.locale,
      populate: { journeyStages: { fields: ['key'] } },
    });
    entry = res.data;
  } catch (error) {
    if (!(error instanceof JourneyApiError && error.status === 404)) throw error;
  }
  if (token !== renderToken) return;
  const order = (journey?.stages ?? []).map((s) => s.key);
  const entryStages = (entry?.journeyStages ?? []).map((s) => s.key);
  // The stage the visitor came from, if this entry serves it; else the entry's first stage.
  const stage =
    (state.stage && (!entry || entryStages.includes(state.stage)) && state.stage) ||
    order.find((key) => entryStages.includes(key)) ||
    order[0];
  const next = await client.next({ journey: journey?.key, stage, locale: state.locale, limit: 3 });
  if (token !== renderToken) return;
  const served = next.meta.servedStage;
  const reason = t.reason[served.reason](stageName(journey, stage), stageName(journey, served.key));
  const about = { documentId, contentType: uid, locale: state.locale };
  // A page that shows the entry is a view; "not available in this language" is not.
  if (entry) void track.view(about);
  $('status').textContent = '';
  showView(
    h('p', {}, h('a', { href: hrefFor({ article: '' }), class: 'back' }, t.back)),
    entry
      ? h(
          'article',
          { class: 'entry', 'data-type': type.kind },
          h(
            'p',
            { class: 'kind' },
            t[type.kind],
            entry.minutes ? ` · ${t.minutes(entry.minutes)}` : ''
          ),
          h('h1', {}, entry.title),
          h('p', { class: 'lead' }, entry[type.text] ?? ''),
          // The seed repeats the summary as the body where an article has no body of its own.
          ...prose(
            type.kind === 'guide' ? entry.steps : entry.body === entry.summary ? '' : entry.body
          ),
          h(
            'p',
            { class: 'tags' },
            entry.searchIntent
              ? h(
                  'span',
                  { class: 'intent', 'data-intent': entry.searchIntent },
                  intentName(intents, entry.searchIntent)
                )
              : null,
            ...entryStages.map((key) => h('span', { class: 'stage' }, stageName(journey, key)))
          )
        )
      : h('p', { class: 'note' }, t.notTranslated),
    entry ? helpfulBox(about, t) : null,
    h(
      'section',
      {
        class: 'next',
        'aria-labelledby': 'next-title',
        'data-served-stage': served.key,
        'data-reason': served.reason,
        // A click on a recommendation: counted for this page, the one it was recommended on.
        onclick: (event) => {
          const card = event.target.closest?.('.card');
          if (!card || !event.target.closest('a')) return;
          track.click({
            documentId: card.dataset.document,
            contentType: card.dataset.contentType,
            locale: state.locale,
          });
        },
      },
      h('h2', { id: 'next-title' }, t.nextStep, ': ', stageName(journey, served.key)),
      h(
        'p',
        { class: 'reason' },
        reason,
        ' ',
        h('code', {}, `servedStage.reason = "${served.reason}"`)
      ),
      grid(next.data, state, t, journey, intents, served.key)
    ),
    newsletterBox(t)
  );
  window.scrollTo(0, 0);
};

const render = async () => {
  const token = ++renderToken;
  const state = readState();
  const t = TEXT[state.locale];
  $('status').textContent = t.loading;
  try {
    const { journey, intents } = await journeyFor(state.locale);
    if (token !== renderToken) return;
    renderChrome(state, t, journey);
    if (state.article) await renderArticle(state, t, journey, intents, token);
    else await renderList(state, t, journey, intents, token);
  } catch (error) {
    if (token !== renderToken) return;
    renderChrome(state, t, null);
    $('status').textContent =
      `${t.error}: ${error instanceof JourneyApiError ? `${error.status} ${error.message}` : error.message}`;
  }
};

$('search').addEventListener('submit', (event) => {
  event.preventDefault();
  const q = $('q').value.trim();
  go({ q, stage: '', article: '' });
});
document.querySelector('[data-nav="home"]').addEventListener('click', (event) => {
  event.preventDefault();
  go({ q: '', stage: '', article: '' });
});
window.addEventListener('hashchange', render);
render();
