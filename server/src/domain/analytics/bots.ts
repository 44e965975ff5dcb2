/**
 * Requests that are not a person reading: not counted (drop reason 'bot'). The rule, as
 * documented: no User-Agent at all; a User-Agent containing one of BOT_MARKERS (crawlers,
 * headless browsers, link-preview fetchers, monitoring and HTTP libraries), matched without
 * regard to case; or a prefetch (`Purpose: prefetch` or `Sec-Purpose: prefetch…`), which no one
 * may ever look at.
 */
export const BOT_MARKERS = [
  'bot',
  'crawl',
  'spider',
  'slurp',
  'headless',
  'phantomjs',
  'puppeteer',
  'playwright',
  'selenium',
  'lighthouse',
  'pagespeed',
  'preview',
  'facebookexternalhit',
  'embedly',
  'whatsapp',
  'vkshare',
  'pinterest',
  'bitlybot',
  'monitor',
  'uptime',
  'pingdom',
  'curl/',
  'wget/',
  'python-requests',
  'python-urllib',
  'go-http-client',
  'java/',
  'okhttp',
  'axios/',
  'node-fetch',
  'undici',
  'httpclient',
  'libwww',
  'scrapy',
] as const;

const MARKERS = new RegExp(
  BOT_MARKERS.map((m) => m.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|'),
  'i'
);

export interface BotHeaders {
  'user-agent'?: string;
  purpose?: string;
  'sec-purpose'?: string;
}

export const isBot = (headers: BotHeaders): boolean => {
  const ua = headers['user-agent']?.trim();
  if (!ua) return true;
  if (MARKERS.test(ua)) return true;
  return [headers.purpose, headers['sec-purpose']].some(
    (v) => !!v && /(^|[\s;,])prefetch\b/i.test(v)
  );
};

/** `DNT: 1` or `Sec-GPC: 1`: the reader asked not to be tracked; nothing of theirs is counted. */
export const doNotTrack = (headers: { dnt?: string; 'sec-gpc'?: string }): boolean =>
  headers.dnt?.trim() === '1' || headers['sec-gpc']?.trim() === '1';
