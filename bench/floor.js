'use strict';

/**
 * The floor of the load bench: a hand-written server, plain `node:http` and the database driver,
 * no framework, answering `GET /api/journey/content` with the SQL the journey route runs for the
 * same query (the total, the page in index order, the page's published rows by id, their stage
 * links), on the same tables and indexes, and a JSON body of the same shape. What it leaves out is what a framework adds: auth,
 * permissions, sanitizing, settings read per request (the journey and its stages are read once
 * at start, as a naïve hand-written server would).
 *
 * Two floors, by FLOOR_SPEC's `totalFrom`:
 *   'cells' (the default, the real floor): the total as the route takes it, the sum of
 *     `published` over the plugin's per-cell counts table (same scope, intents, locale and
 *     types; server/src/services/cells/read.ts `total`) when the stages asked are one stage or
 *     the whole journey, and COUNT over the UNION of matching rows for another subset, as the
 *     route falls back (server/src/services/content.ts `count`);
 *   'count': the exact total always counted with COUNT over the UNION, the route's older way,
 *     kept to show what the cells save.
 *
 * Started by bench/load-run.ts as a child process: FLOOR_SPEC (JSON) names the database, the
 * tables, the journey and its stages, and the cell counts table; it answers `ready` over IPC
 * once it listens.
 */
const http = require('http');

const spec = JSON.parse(process.env.FLOOR_SPEC);
const { client, connection, port, journey, journeyId, stages, types, defaultLocale, cells } = spec;
const { sqliteMmapBytes } = spec;
const totalFrom = spec.totalFrom ?? 'cells';
if (totalFrom !== 'cells' && totalFrom !== 'count')
  throw new Error(`FLOOR_SPEC.totalFrom: 'cells' or 'count', not ${JSON.stringify(totalFrom)}`);

/** One driver call for both databases: `?` placeholders, rows back. */
const openDatabase = () => {
  if (client === 'sqlite') {
    const Database = require('better-sqlite3');
    const db = new Database(connection.filename, { readonly: true });
    // The connection settings Strapi's app uses for the same file (bench/app.ts).
    if (sqliteMmapBytes) db.pragma(`mmap_size = ${Math.floor(sqliteMmapBytes)}`);
    const statements = new Map();
    return async (sql, params) => {
      let statement = statements.get(sql);
      if (!statement) {
        statement = db.prepare(sql);
        statements.set(sql, statement);
      }
      return statement.all(...params);
    };
  }
  const { Pool } = require('pg');
  // The same pool size as the Strapi app on this database (tests/helpers/databases.ts).
  const pool = new Pool({ ...connection, max: 5 });
  return async (sql, params) => {
    let n = 0;
    const result = await pool.query(
      sql.replace(/\?/g, () => `$${++n}`),
      params
    );
    return result.rows;
  };
};

const query = openDatabase();
const stageByKey = new Map(stages.map((s) => [s.key, s]));
const stageById = new Map(stages.map((s) => [Number(s.id), s]));
const typeByName = new Map(types.map((t, i) => [t.name, { ...t, index: i }]));
const INTENTS = ['informational', 'navigational', 'commercial', 'transactional', 'local'];

const placeholders = (list) => list.map(() => '?').join(', ');

/** One type's matching published rows, as the route's `matchingRows` builds them. */
const matching = (t, s) => {
  const params = [...s.stageIds];
  // LIMIT 1 on SQLite with several stages, as the route (its matchingRows says why).
  const one = client === 'sqlite' && s.stageIds.length > 1 ? ' limit 1' : '';
  let sql = `select e.document_id as document_id, e.id as entry_id, e.published_at as sort_value, e.search_intent as intent, e.locale as locale, ${t.index} as type_index from ${t.table} as e where e.published_at is not null and exists (select 1 from ${t.joinTable} as l where l.${t.entryColumn} = e.id and l.${t.stageColumn} in (${placeholders(s.stageIds)})${one})`;
  if (s.locale) {
    sql += ' and e.locale = ?';
    params.push(s.locale);
  }
  if (s.intents) {
    sql += ` and e.search_intent in (${placeholders(s.intents)})`;
    params.push(...s.intents);
  }
  return { sql, params };
};

/**
 * The page as the route reads it (content.ts `pageRows`): one type's rows in index order with the
 * tie-breaks in the sort's direction, LIMIT/OFFSET on it; several types, each type's first
 * offset + limit rows merged.
 */
const pageQuery = (s, limit, offset) => {
  const order = 'order by e.published_at desc, e.document_id desc';
  const parts = s.types.map((t) => matching(t, s));
  if (parts.length === 1) {
    return {
      sql: `${parts[0].sql} ${order} limit ? offset ?`,
      params: [...parts[0].params, limit, offset],
    };
  }
  return {
    sql: `select document_id, entry_id, type_index, intent, locale from (${parts
      .map((p, i) => `select * from (${p.sql} ${order} limit ?) as m${i}`)
      .join(
        ' union all '
      )}) as u order by sort_value desc, type_index desc, document_id desc limit ? offset ?`,
    params: [...parts.flatMap((p) => [...p.params, offset + limit]), limit, offset],
  };
};

const union = (s) => {
  const parts = s.types.map((t) => matching(t, s));
  return {
    sql: parts.map((p) => p.sql).join(' union all '),
    params: parts.flatMap((p) => p.params),
  };
};

/**
 * The cells that answer the asked stages, as the route picks them: the whole journey when it
 * asks as many stage ids as the journey has, or all of them; one stage; else null (COUNT).
 */
const cellScope = (stageIds) => {
  if (stageIds.length === stages.length) return { scope: 'journey', ids: [journeyId] };
  const wanted = [...new Set(stageIds)];
  if (wanted.length === stages.length) return { scope: 'journey', ids: [journeyId] };
  if (wanted.length === 1) return { scope: 'stage', ids: wanted };
  return null;
};

/** The route's total from the cells: the sum of `published` over the scope's matching cells. */
const cellsTotal = (s, where) => {
  const c = cells.columns;
  const uids = s.types.map((t) => t.uid);
  const params = [where.scope, ...where.ids, ...uids];
  let sql = `select sum(${c.published}) as n from ${cells.table} where ${c.scope} = ? and ${c.scopeId} in (${placeholders(where.ids)}) and ${c.uid} in (${placeholders(uids)})`;
  if (s.intents) {
    sql += ` and ${c.intent} in (${placeholders(s.intents)})`;
    params.push(...s.intents.map((i) => (i === 'none' ? '' : i)));
  }
  if (s.locale !== null && s.locale !== undefined) {
    const localized = s.types.filter((t) => t.localized).map((t) => t.uid);
    const plain = s.types.filter((t) => !t.localized).map((t) => t.uid);
    const either = [];
    if (localized.length) {
      either.push(`(${c.uid} in (${placeholders(localized)}) and ${c.locale} = ?)`);
      params.push(...localized, s.locale);
    }
    if (plain.length) {
      either.push(`${c.uid} in (${placeholders(plain)})`);
      params.push(...plain);
    }
    sql += ` and (${either.join(' or ')})`;
  }
  return { sql, params };
};

/** The page's total: from the cells where the route reads them (floor 'cells'), else COUNT. */
const total = async (s, u) => {
  const where = totalFrom === 'cells' ? cellScope(s.stageIds) : null;
  const q = where
    ? cellsTotal(s, where)
    : { sql: `select count(*) as n from (${u.sql}) as u`, params: u.params };
  const row = (await query(q.sql, q.params))[0];
  return Number(row?.n ?? 0);
};

const bad = (res, parameter, value, valid) => {
  res.writeHead(400, { 'content-type': 'application/json; charset=utf-8' });
  res.end(
    JSON.stringify({
      error: {
        status: 400,
        message: `Invalid ${parameter} "${value}"; valid: ${valid.join(', ')}`,
      },
    })
  );
};

const list = (value) => (value ? value.split(',').map((v) => v.trim()) : null);

const content = async (url, res) => {
  const p = url.searchParams;
  if ((p.get('journey') ?? journey) !== journey)
    return bad(res, 'journey', p.get('journey'), [journey]);
  const stageKeys = list(p.get('stage')) ?? stages.map((s) => s.key);
  const unknownStage = stageKeys.find((k) => !stageByKey.has(k));
  if (unknownStage) return bad(res, 'stage', unknownStage, [...stageByKey.keys()]);
  const intents = list(p.get('intent'));
  const unknownIntent = intents?.find((i) => !INTENTS.includes(i));
  if (unknownIntent) return bad(res, 'intent', unknownIntent, INTENTS);
  const typeNames = list(p.get('type')) ?? [...typeByName.keys()];
  const unknownType = typeNames.find((n) => !typeByName.has(n));
  if (unknownType) return bad(res, 'type', unknownType, [...typeByName.keys()]);
  const page = Math.max(1, Number(p.get('page') ?? 1) || 1);
  const pageSize = Math.min(100, Math.max(1, Number(p.get('pageSize') ?? 25) || 25));
  const s = {
    stageIds: stageKeys.map((k) => stageByKey.get(k).id),
    intents,
    locale: p.get('locale') ?? defaultLocale,
    types: typeNames.map((n) => typeByName.get(n)).sort((a, b) => a.index - b.index),
  };
  const u = union(s);
  // The total (from the cells or counted, see the top) and the page: both per request.
  const [count, rows] = await Promise.all([
    total(s, u),
    (() => {
      const q = pageQuery(s, pageSize, (page - 1) * pageSize);
      return query(q.sql, q.params);
    })(),
  ]);
  const items = new Map();
  for (const t of s.types) {
    const entryIds = rows.filter((r) => Number(r.type_index) === t.index).map((r) => r.entry_id);
    if (!entryIds.length) continue;
    // By the row ids the page query found, as the route's projection read does.
    const docs = await query(
      `select id, document_id, ${t.fields.join(', ')}, created_at, updated_at, published_at, locale from ${t.table} where id in (${placeholders(entryIds)})`,
      entryIds
    );
    const links = await query(
      `select ${t.entryColumn} as entry, ${t.stageColumn} as stage from ${t.joinTable} where ${t.entryColumn} in (${placeholders(docs)})`,
      docs.map((d) => d.id)
    );
    const stagesOf = new Map();
    for (const link of links) {
      const stage = stageById.get(Number(link.stage));
      if (!stage) continue;
      const entry = Number(link.entry);
      stagesOf.set(entry, [
        ...(stagesOf.get(entry) ?? []),
        { journey, key: stage.key, name: stage.name },
      ]);
    }
    for (const doc of docs) {
      const row = rows.find((r) => Number(r.entry_id) === Number(doc.id));
      const item = {
        id: doc.id,
        documentId: doc.document_id,
        ...Object.fromEntries(t.fields.map((f) => [f, doc[f]])),
        createdAt: doc.created_at,
        updatedAt: doc.updated_at,
        publishedAt: doc.published_at,
        contentType: t.uid,
        locale: doc.locale,
        journeyStages: stagesOf.get(Number(doc.id)) ?? [],
        searchIntent: row?.intent ?? null,
      };
      items.set(`${t.index}:${doc.document_id}`, item);
    }
  }
  const body = JSON.stringify({
    data: rows.map((r) => items.get(`${Number(r.type_index)}:${r.document_id}`)).filter(Boolean),
    meta: {
      pagination: { page, pageSize, pageCount: Math.ceil(count / pageSize), total: count },
      journey,
      stage: list(p.get('stage')),
      intent: intents,
      locale: s.locale,
      contentTypes: s.types.map((t) => t.uid),
    },
  });
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
  res.end(body);
};

const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://floor');
  if (req.method !== 'GET' || url.pathname !== '/api/journey/content') {
    res.writeHead(404);
    res.end();
    return;
  }
  content(url, res).catch((error) => {
    console.error(error);
    res.writeHead(500);
    res.end();
  });
});
// As Node's and Strapi's servers do by default for keep-alive clients such as autocannon.
server.keepAliveTimeout = 5000;
server.listen(port, '127.0.0.1', () => process.send?.('ready'));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
