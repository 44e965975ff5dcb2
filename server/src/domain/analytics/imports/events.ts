import { DemandParseError } from '../../demand-parse';
import { readCount, type Table } from './table';
import type { PageRow, SkippedPageRow } from './types';

/**
 * Event exports (one row per event): GA4's BigQuery export and Umami's data export. Only page
 * views count; they are summed per page and day, so the rollups get the export's own days.
 */

type Item = Record<string, unknown>;

interface EventRow {
  line: number;
  name: string;
  day: string | null;
  url: string;
  entrances: number | null;
}

const DAY = /^(\d{4})-?(\d{2})-?(\d{2})/;

const dayOf = (raw: unknown, line: number, column: string): string => {
  const text = raw === null || raw === undefined ? '' : String(raw).trim();
  const m = DAY.exec(text);
  const day = m ? `${m[1]}-${m[2]}-${m[3]}` : '';
  const date = new Date(`${day}T00:00:00Z`);
  if (!m || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== day) {
    throw new DemandParseError(
      `Line ${line}, column "${column}": ${JSON.stringify(text.slice(0, 40))} is not a date (YYYYMMDD or YYYY-MM-DD).`,
      line,
      column
    );
  }
  return day;
};

/** BigQuery's event_params: [{ key, value: { string_value | int_value | … } }]. */
const paramOf = (params: unknown, key: string): unknown => {
  if (!Array.isArray(params)) return undefined;
  const found = params.find(
    (p): p is { key: string; value?: Item } => !!p && typeof p === 'object' && p.key === key
  );
  if (!found) return undefined;
  const value = found.value ?? {};
  return (
    value.string_value ?? value.int_value ?? value.double_value ?? value.float_value ?? undefined
  );
};

/** Sums page views per page and day; entries from the `entrances` parameter when present. */
const sumPageViews = (events: EventRow[]) => {
  const byPage = new Map<string, PageRow>();
  const skipped: SkippedPageRow[] = [];
  let withEntrances = false;
  const pageViews = events.filter((e) => e.name === 'page_view');
  if (pageViews.some((e) => e.entrances !== null)) withEntrances = true;
  for (const event of events) {
    const isView = event.name === 'page_view';
    // Without the entrances parameter, a session_start's page is where the session entered.
    const isEntry = !withEntrances && event.name === 'session_start';
    if (!isView && !isEntry) continue;
    if (!event.url) {
      skipped.push({ line: event.line, reason: `${event.name} without page_location` });
      continue;
    }
    const key = `${event.day}\n${event.url}`;
    let row = byPage.get(key);
    if (!row) {
      row = {
        line: event.line,
        url: event.url,
        views: 0,
        entries: 0,
        exits: 0,
        conversions: null,
        day: event.day,
      };
      byPage.set(key, row);
    }
    if (isView) {
      row.views += 1;
      if ((event.entrances ?? 0) > 0) row.entries += 1;
    } else row.entries += 1;
  }
  return { rows: [...byPage.values()], skipped };
};

const firstKey = (keys: string[], test: (k: string) => boolean) => keys.findIndex(test);

/** BigQuery rows written as CSV: event_name, event_date, page_location (flattened params). */
export const bigQueryColumns = (keys: string[]) => ({
  name: firstKey(keys, (k) => k === 'event name'),
  date: firstKey(keys, (k) => k === 'event date'),
  url: firstKey(keys, (k) => /(^| )page location( |$)/.test(k)),
  entrances: firstKey(keys, (k) => /(^| )entrances( |$)/.test(k)),
});

export const isBigQueryTable = (keys: string[]) => {
  const c = bigQueryColumns(keys);
  return c.name >= 0 && c.date >= 0;
};

export const readBigQueryTable = (table: Table) => {
  const c = bigQueryColumns(table.keys);
  if (c.url < 0) {
    throw new DemandParseError(
      `Line ${table.headerLine}: the header has no page_location column (select event_params' page_location as a column); its columns: ${table.columns.join(', ')}.`,
      table.headerLine,
      null
    );
  }
  const events = table.records.map((r): EventRow => ({
    line: r.line,
    name: (r.fields[c.name] ?? '').trim(),
    day: dayOf(r.fields[c.date], r.line, table.columns[c.date]),
    url: (r.fields[c.url] ?? '').trim(),
    entrances:
      c.entrances >= 0 && (r.fields[c.entrances] ?? '').trim() !== ''
        ? readCount(
            r.fields[c.entrances],
            { line: r.line, column: table.columns[c.entrances] },
            false
          )
        : null,
  }));
  return sumPageViews(events);
};

/**
 * Line and column of a JSON.parse failure in `text`, which starts at line `line` of the file.
 * Node names either a position (counted here into line and column) or a line and column.
 */
const jsonError = (error: unknown, line: number, text: string) => {
  const message = error instanceof Error ? error.message : String(error);
  const at = /position (\d+)/.exec(message);
  const lc = /line (\d+) column (\d+)/.exec(message);
  let shownLine = line;
  let column = 1;
  if (lc) {
    shownLine = line + Number(lc[1]) - 1;
    column = Number(lc[2]);
  } else if (at) {
    const before = text.slice(0, Number(at[1]));
    shownLine = line + (before.match(/\n/g) ?? []).length;
    column = Number(at[1]) - before.lastIndexOf('\n');
  } else {
    // Newer Node names neither: in an array written one object per line (as BigQuery writes
    // it), the first line that is no object on its own is the broken one.
    const lines = text.split(/\r?\n/);
    const bad = lines.findIndex((l, i) => {
      const item = l.trim().replace(/,$/, '');
      if ((i === 0 && item === '[') || item === ']' || item === '') return false;
      try {
        JSON.parse(item);
        return false;
      } catch {
        return true;
      }
    });
    if (bad > 0) shownLine = line + bad;
  }
  return new DemandParseError(
    `Line ${shownLine}, column ${column}: the JSON cannot be read (${message.replace(/^.*?:\s*/, '').slice(0, 120)}).`,
    shownLine,
    String(column)
  );
};

/** BigQuery's JSON export: one object per line (NDJSON), or one array of objects. */
const jsonItems = (text: string, maxEvents: number): Array<{ line: number; item: Item }> => {
  const trimmed = text.trimStart();
  const lead = text.length - trimmed.length;
  const leadLines = (text.slice(0, lead).match(/\n/g) ?? []).length;
  if (trimmed.startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch (error) {
      throw jsonError(error, 1 + leadLines, trimmed);
    }
    if (!Array.isArray(parsed)) throw new DemandParseError('Line 1: a JSON array is expected.', 1);
    if (parsed.length > maxEvents) throw tooMany(maxEvents);
    return parsed.map((item, index) => {
      if (!item || typeof item !== 'object' || Array.isArray(item)) {
        throw new DemandParseError(`Item ${index + 1}: each row must be an object.`, index + 1);
      }
      return { line: index + 1, item: item as Item };
    });
  }
  const items: Array<{ line: number; item: Item }> = [];
  text.split(/\r?\n/).forEach((lineText, index) => {
    if (!lineText.trim()) return;
    let item: unknown;
    try {
      item = JSON.parse(lineText);
    } catch (error) {
      throw jsonError(error, index + 1, lineText);
    }
    if (!item || typeof item !== 'object' || Array.isArray(item)) {
      throw new DemandParseError(
        `Line ${index + 1}, column 1: each line must be one JSON object (BigQuery's newline-delimited JSON).`,
        index + 1,
        '1'
      );
    }
    items.push({ line: index + 1, item: item as Item });
    if (items.length > maxEvents) throw tooMany(maxEvents);
  });
  if (!items.length) throw new DemandParseError('The file is empty: no rows.', 1);
  return items;
};

const tooMany = (max: number) =>
  new DemandParseError(
    `The file has more than ${max.toLocaleString('en')} events; at most ${max.toLocaleString('en')} are imported at once: export fewer days per file.`
  );

export const readBigQueryJson = (text: string, maxEvents: number) => {
  const items = jsonItems(text, maxEvents);
  const columns: string[] = [];
  for (const { item } of items.slice(0, 100)) {
    for (const key of Object.keys(item)) if (!columns.includes(key)) columns.push(key);
  }
  const events = items.map(({ line, item }): EventRow => {
    if (typeof item.event_name !== 'string') {
      throw new DemandParseError(
        `Line ${line}, column "event_name": every row needs an event_name (BigQuery's events_* table).`,
        line,
        'event_name'
      );
    }
    const url = item.page_location ?? paramOf(item.event_params, 'page_location');
    const entrances = item.entrances ?? paramOf(item.event_params, 'entrances');
    return {
      line,
      name: item.event_name,
      day: dayOf(item.event_date, line, 'event_date'),
      url: typeof url === 'string' ? url.trim() : '',
      entrances:
        entrances === undefined || entrances === null
          ? null
          : readCount(String(entrances), { line, column: 'entrances' }, false),
    };
  });
  return { ...sumPageViews(events), columns };
};

/** Umami's data export (website_event.csv): url_path, event_type (1 = page view), created_at. */
export const umamiEventColumns = (keys: string[]) => ({
  url: keys.indexOf('url path'),
  type: keys.indexOf('event type'),
  created: keys.indexOf('created at'),
  visit: keys.includes('visit id') ? keys.indexOf('visit id') : keys.indexOf('session id'),
});

export const isUmamiEventTable = (keys: string[]) => {
  const c = umamiEventColumns(keys);
  return c.url >= 0 && c.type >= 0 && c.created >= 0;
};

/**
 * Page views per page and day; with a visit (or session) id, a visit's first view is its entry
 * and its last its exit, as Umami's own entry and exit reports count them.
 */
export const readUmamiEvents = (table: Table) => {
  const c = umamiEventColumns(table.keys);
  const views: Array<{ line: number; url: string; at: string; day: string; visit: string }> = [];
  const skipped: SkippedPageRow[] = [];
  for (const r of table.records) {
    const type = (r.fields[c.type] ?? '').trim();
    if (type !== '1') continue;
    const url = (r.fields[c.url] ?? '').trim();
    const at = (r.fields[c.created] ?? '').trim();
    const day = dayOf(at, r.line, table.columns[c.created]);
    if (!url) {
      skipped.push({ line: r.line, reason: 'page view without url_path' });
      continue;
    }
    views.push({
      line: r.line,
      url,
      at,
      day,
      visit: c.visit >= 0 ? (r.fields[c.visit] ?? '') : '',
    });
  }
  const byPage = new Map<string, PageRow>();
  const rowOf = (v: (typeof views)[number]) => {
    const key = `${v.day}\n${v.url}`;
    let row = byPage.get(key);
    if (!row) {
      row = {
        line: v.line,
        url: v.url,
        views: 0,
        entries: 0,
        exits: 0,
        conversions: null,
        day: v.day,
      };
      byPage.set(key, row);
    }
    return row;
  };
  for (const v of views) rowOf(v).views += 1;
  if (c.visit >= 0) {
    const visits = new Map<string, typeof views>();
    for (const v of views) {
      if (!v.visit) continue;
      const list = visits.get(v.visit) ?? [];
      list.push(v);
      visits.set(v.visit, list);
    }
    for (const list of visits.values()) {
      list.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.line - b.line));
      rowOf(list[0]).entries += 1;
      rowOf(list[list.length - 1]).exits += 1;
    }
  }
  return { rows: [...byPage.values()], skipped };
};
