import { QUERIES, IMPORTS, type Fields, useDemandImportApp } from '../helpers/demand-import';

/**
 * Issue 14, importing search demand: each file format through the admin route, the 400s that
 * name a line and a column, and overrides that survive a re-import (re-imports and the permission:
 * demand-import-replace). The expected totals are summed by hand from the fixture files
 * (tests/fixtures/demand), not by the code under test.
 */

const { app, http, knex, send, storedRows, count, stageDocumentId } = useDemandImportApp();

describe('preview', () => {
  test('reads a Search Console export and classifies it, storing nothing', async () => {
    const res = await send('preview', 'gsc-en-queries.csv', { period: '2026-10-01..2026-10-31' });
    expect(res.status).toBe(200);
    const data = res.body.data;
    expect(data).toMatchObject({
      format: 'search-console',
      delimiter: ',',
      bom: false,
      columns: ['Top queries', 'Clicks', 'Impressions', 'CTR', 'Position'],
      mappingRecognised: true,
      rowsRead: 20,
      rowsValid: 17,
      skippedCount: 3,
    });
    expect(data.skipped).toEqual([
      { line: 17, reason: 'duplicate of line 2 ("running shoes for beginners"): merged into it' },
      { line: 20, reason: 'empty query' },
      { line: 21, reason: 'no demand (no clicks, impressions or volume)' },
    ]);
    // Every valid row is counted once per intent and once per stage.
    const sum = (
      groups: Record<string, { queries: number; clicks: number }>,
      key: 'queries' | 'clicks'
    ) => Object.values(groups).reduce((s, g) => s + g[key], 0);
    expect(sum(data.byIntent, 'queries')).toBe(17);
    expect(sum(data.byStage, 'queries')).toBe(17);
    expect(sum(data.byIntent, 'clicks')).toBe(2656);
    expect(data.byIntent.local).toMatchObject({ queries: 1, clicks: 12, impressions: 890 });
    // Navigational has no stage in the default mapping and goes to decision, as the demand view
    // counts it; queries the classifier places nowhere have no stage.
    expect(data.byStage.none.queries).toBe(data.byIntent.none.queries);
    expect(data.byStage.decision.queries).toBe(
      data.byIntent.navigational.queries +
        data.byIntent.transactional.queries +
        data.byIntent.local.queries
    );
    // The sample lists the biggest queries first, with what the classifier made of them.
    expect(data.sample).toHaveLength(17);
    expect(data.sample[0]).toMatchObject({
      line: 3,
      query: 'how to start running',
      impressions: 15230,
      intent: 'informational',
      stage: 'awareness',
      language: 'en',
    });
    expect(
      data.sample.find((r: { query: string }) => r.query === 'buy hoka clifton 9')
    ).toMatchObject({ intent: 'transactional', stage: 'decision', ctr: 0.0742, position: 3.9 });
    expect(data.rawSample[0]).toEqual([
      'running shoes for beginners',
      '412',
      '9870',
      '4.17%',
      '6.2',
    ]);
    expect(Number((await knex()(QUERIES).count({ n: '*' }))[0].n)).toBe(0);
  });

  test('asks for a mapping when the headers are not recognised, then previews with it', async () => {
    const unmapped = await send('preview', 'unrecognised-headers.csv', {
      locale: 'sv',
      period: 'monthly',
    });
    expect(unmapped.status).toBe(200);
    expect(unmapped.body.data).toMatchObject({
      format: null,
      mapping: null,
      mappingRecognised: false,
      columns: ['Fras', 'Antal sökningar i kampanjen', 'Kommentar'],
      rowsRead: 3,
      rowsValid: 0,
      byIntent: {},
      sample: [],
    });
    expect(unmapped.body.data.rawSample).toHaveLength(3);

    const mapped = await send('preview', 'unrecognised-headers.csv', {
      locale: 'sv',
      period: 'monthly',
      mapping: JSON.stringify({ query: 'Fras', volume: 'Antal sökningar i kampanjen' }),
    });
    expect(mapped.status).toBe(200);
    expect(mapped.body.data).toMatchObject({ format: 'custom', rowsValid: 3 });
    expect(mapped.body.data.byIntent.transactional).toMatchObject({ queries: 1, volume: 210 });
  });

  test("a missing query column (Search Console's Pages table) is not taken for one", async () => {
    const res = await send('preview', 'missing-query-column.csv', { period: 'monthly' });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ mappingRecognised: false, mapping: null });
  });
});

describe('import of each format', () => {
  const importOk = async (file: string, fields: Fields) => {
    const res = await send('imports', file, fields);
    expect(res.status).toBe(201);
    return res.body.data as { import: { id: number } & Record<string, unknown>; replaced: boolean };
  };

  test('Search Console, English: totals, intents and stages stored per query', async () => {
    const { import: stored, replaced } = await importOk('gsc-en-queries.csv', {
      period: '2026-10-01..2026-10-31',
    });
    expect(replaced).toBe(false);
    expect(stored).toMatchObject({
      journey: 'customer',
      locale: 'en',
      source: 'Search Console',
      format: 'search-console',
      periodKey: '2026-10-01..2026-10-31',
      periodStart: '2026-10-01',
      periodEnd: '2026-10-31',
      fileName: 'gsc-en-queries.csv',
      rowsRead: 20,
      rowsStored: 17,
      rowsSkipped: 3,
      totalClicks: 2656,
      totalImpressions: 66466,
      totalVolume: null,
      importedByName: 'Test Admin',
    });
    const rows = await storedRows(stored.id);
    expect(rows.size).toBe(17);
    expect(rows.get('running shoes for beginners')).toMatchObject({
      clicks: 417,
      impressions: 10000,
      intent: 'informational',
      overridden: expect.anything(),
    });
    expect(rows.get('hoka vs asics')).toMatchObject({ intent: 'commercial', language: 'en' });
    expect(rows.get('free gait analysis near me')).toMatchObject({ intent: 'local' });
    expect(rows.get('nordstig')).toMatchObject({ intent: 'navigational' });
    // The classifier places no intent: stored as 'none', so the cell query still finds it.
    expect(rows.get('sore shins after running')).toMatchObject({
      intent: 'none',
      classified_intent: 'none',
      stage_document_id: null,
    });
    expect(Number(rows.get('how to start running')?.ctr)).toBeCloseTo(0.0123, 6);
    expect(Number(rows.get('how to start running')?.position)).toBeCloseTo(9.8, 6);
  });

  test('Search Console, Swedish (BOM, semicolons, decimal commas) into locale sv', async () => {
    const { import: stored } = await importOk('gsc-sv-queries.csv', {
      locale: 'sv',
      period: '2026-10-01..2026-10-31',
    });
    expect(stored).toMatchObject({
      locale: 'sv',
      rowsRead: 15,
      rowsStored: 14,
      totalClicks: 2349,
      totalImpressions: 57850,
    });
    const rows = await storedRows(stored.id);
    expect(rows.get('löparskor dam')).toMatchObject({
      query_norm: 'loparskor dam',
      clicks: 546,
      impressions: 12790,
      locale: 'sv',
    });
    expect(rows.get('köpa hoka clifton')).toMatchObject({
      intent: 'transactional',
      language: 'sv',
    });
    expect(rows.get('löparbutik göteborg')).toMatchObject({ intent: 'local' });
    expect(rows.get('hur börjar man springa')).toMatchObject({ intent: 'informational' });
  });

  test('Search Console, Norwegian (tab separated) into locale nb', async () => {
    const { import: stored } = await importOk('gsc-nb-queries.tsv', {
      locale: 'nb',
      period: '2026-10-01..2026-10-31',
    });
    expect(stored).toMatchObject({ rowsStored: 12, totalClicks: 1461, totalImpressions: 41990 });
    const rows = await storedRows(stored.id);
    expect(rows.get('kjøpe hoka clifton')).toMatchObject({
      intent: 'transactional',
      language: 'nb',
    });
    expect(rows.get('hvordan begynne å løpe')).toMatchObject({ intent: 'informational' });
    expect(Number(rows.get('løpesko herre')?.ctr)).toBeCloseTo(0.0393, 6);
  });

  test('Search Analytics API JSON, BigQuery export and query,clicks,impressions CSV', async () => {
    const api = await importOk('gsc-api.json', {
      source: 'Search Analytics API',
      period: '2026-09-01..2026-09-30',
    });
    expect(api.import).toMatchObject({
      format: 'search-console',
      rowsStored: 6,
      totalClicks: 471,
      totalImpressions: 22002,
    });
    expect((await storedRows(api.import.id)).get('buy running headlamp')).toMatchObject({
      intent: 'transactional',
    });

    const bigQuery = await importOk('bigquery-export.ndjson', {
      locale: 'sv',
      source: 'BigQuery',
      period: '2026-10-01..2026-10-02',
    });
    expect(bigQuery.import).toMatchObject({
      rowsRead: 5,
      rowsStored: 3,
      rowsSkipped: 2,
      totalClicks: 43,
      totalImpressions: 1260,
    });
    const bqRows = await storedRows(bigQuery.import.id);
    expect(bqRows.get('löparskor')).toMatchObject({ clicks: 30, impressions: 800 });
    expect(Number(bqRows.get('löparskor')?.position)).toBeCloseTo(6.6, 6);

    const csv = await importOk('api-query.csv', {
      source: 'API script',
      period: '2026-09-01..2026-09-30',
    });
    expect(csv.import).toMatchObject({ rowsStored: 4, totalClicks: 411, totalImpressions: 17632 });
  });

  test('keyword tools (monthly volume), English and Swedish', async () => {
    const en = await importOk('keyword-tool-en.csv', { source: 'Semrush', period: 'monthly' });
    expect(en.import).toMatchObject({
      format: 'keyword-volume',
      periodKey: 'monthly',
      periodStart: null,
      periodEnd: null,
      rowsStored: 7,
      totalVolume: 157380,
      totalClicks: null,
      totalImpressions: null,
      mapping: { query: 'Keyword', volume: 'Volume' },
    });
    const enRows = await storedRows(en.import.id);
    expect(enRows.get('running shoe store near me')).toMatchObject({
      volume: 18100,
      intent: 'local',
    });
    expect(enRows.get('buy trail running shoes')).toMatchObject({ intent: 'transactional' });

    const sv = await importOk('keyword-planner-sv.csv', {
      locale: 'sv',
      source: 'Keyword Planner',
      period: 'monthly',
    });
    expect(sv.import).toMatchObject({ rowsStored: 7, totalVolume: 35470 });
    expect((await storedRows(sv.import.id)).get('köpa löparskor online')).toMatchObject({
      volume: 1000,
      intent: 'transactional',
    });
  });

  test('a file with unknown headers, through a mapping', async () => {
    const { import: stored } = await importOk('unrecognised-headers.csv', {
      locale: 'sv',
      source: 'Kampanj',
      period: 'monthly',
      mapping: JSON.stringify({ query: 'Fras', volume: 'Antal sökningar i kampanjen' }),
    });
    expect(stored).toMatchObject({
      format: 'custom',
      rowsStored: 3,
      totalVolume: 1270,
      mapping: { query: 'Fras', volume: 'Antal sökningar i kampanjen' },
    });
  });

  test('the imports list, per journey', async () => {
    const res = await http()
      .get('/journey/demand/imports?journey=customer')
      .set('Authorization', `Bearer ${app.token}`);
    expect(res.status).toBe(200);
    expect(res.body.data.length).toBeGreaterThanOrEqual(9);
    expect(res.body.data[0]).toMatchObject({ journey: 'customer', source: 'Kampanj' });
  });
});

describe('bad input answers 400 naming what is wrong', () => {
  const expect400 = async (
    file: Parameters<typeof send>[1],
    fields: Fields,
    details: Record<string, unknown>,
    message?: RegExp
  ) => {
    const res = await send('imports', file, { period: 'monthly', ...fields });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toMatchObject(details);
    if (message) expect(res.body.error.message).toMatch(message);
    return res.body.error;
  };

  test('malformed files: the line and the column', async () => {
    await expect400(
      'bad-encoding-latin1.csv',
      {},
      { parameter: 'file', line: 3 },
      /^Line 3: the file is not UTF-8/
    );
    await expect400('bad-encoding-utf16.csv', {}, { parameter: 'file', line: 1 }, /UTF-16/);
    await expect400(
      'non-numeric.csv',
      {},
      { parameter: 'file', line: 4, column: 'Clicks' },
      /^Line 4, column "Clicks": twelve is not a whole number of clicks\.$/
    );
    await expect400('unclosed-quote.csv', {}, { parameter: 'file', line: 3, column: '1' });
    await expect400('shifted-columns.csv', {}, { parameter: 'file', line: 3, column: '6' });
    await expect400('bad-json.txt', {}, { parameter: 'file', line: 4 });
    // Nothing was stored by any of them.
    expect(
      Number((await knex()(IMPORTS).count({ n: '*' }).where('source', 'Bad files'))[0].n)
    ).toBe(0);
  });

  test('a missing query column on import: the header line and the columns', async () => {
    const error = await expect400(
      'missing-query-column.csv',
      {},
      { parameter: 'file', line: 1 },
      /no query column.*Top pages, Clicks, Impressions, CTR, Position/
    );
    expect(error.message).toMatch(/mapping/);
  });

  test('50,001 rows are refused with the limit; 50,000 would pass the parser', async () => {
    const lines = ['Top queries,Clicks,Impressions,CTR,Position'];
    for (let i = 0; i < 50001; i += 1) lines.push(`running query ${i},1,10,10%,5.0`);
    const error = await expect400(
      { data: lines.join('\n'), name: 'too-many.csv' },
      { source: 'Too many' },
      { parameter: 'file', limit: 50000 },
      /more than 50,000 data rows/
    );
    expect(error.message).toMatch(/at most 50,000/);
    expect(Number((await knex()(IMPORTS).count({ n: '*' }).where('source', 'Too many'))[0].n)).toBe(
      0
    );
  });

  test('parameters: journey, locale, period, source, mapping, delimiter, file', async () => {
    await expect400(
      'api-query.csv',
      { journey: 'nope' },
      { parameter: 'journey', valid: ['customer'] }
    );
    const locale = await expect400('api-query.csv', { locale: 'de' }, { parameter: 'locale' });
    expect(locale.details.valid).toEqual(expect.arrayContaining(['en', 'sv', 'nb']));
    for (const period of [
      '2026-10',
      '2026-10-31..2026-10-01',
      '2026-02-30..2026-03-01',
      'weekly',
    ]) {
      const error = await expect400(
        'api-query.csv',
        { period },
        { parameter: 'period', value: period }
      );
      expect(error.message).toMatch(/'monthly'.*'YYYY-MM-DD\.\.YYYY-MM-DD'/);
    }
    await expect400('api-query.csv', { source: ' ' }, { parameter: 'source' });
    await expect400(
      'api-query.csv',
      { mapping: JSON.stringify({ query: 'query', clicks: 'Klick' }) },
      {
        parameter: 'mapping.clicks',
        valid: ['query', 'clicks', 'impressions', 'ctr', 'position'],
      },
      /^Invalid mapping\.clicks "Klick": the file has no such column/
    );
    await expect400('api-query.csv', { mapping: '{query:' }, { parameter: 'mapping' });
    await expect400('api-query.csv', { delimiter: '|' }, { parameter: 'delimiter' });
    await expect400(null, {}, { parameter: 'file' }, /multipart\/form-data field "file"/);
  });
});

describe('overrides', () => {
  const put = (body: Record<string, unknown>, as = app.token) =>
    http().put('/journey/demand/overrides').set('Authorization', `Bearer ${as}`).send(body);
  const svFields = { locale: 'sv', source: 'Override test', period: '2026-10-01..2026-10-31' };

  test('change the stored rows, survive a re-import, show as overridden, and can be removed', async () => {
    const first = await send('imports', 'gsc-sv-queries.csv', svFields);
    expect(first.status).toBe(201);

    // "hoka eller asics" is commercial to the classifier; the marketer says transactional. Every
    // stored row of the query in the journey and locale follows, whichever import it came from.
    const sameQuery = await count(
      knex()(QUERIES).count({ n: '*' }).where({ query_norm: 'hoka eller asics', locale: 'sv' })
    );
    expect(sameQuery).toBeGreaterThanOrEqual(2);
    const intentRes = await put({
      journey: 'customer',
      locale: 'sv',
      query: 'Hoka eller Asics',
      intent: 'transactional',
    });
    expect(intentRes.status).toBe(200);
    expect(intentRes.body.data).toMatchObject({
      queryNorm: 'hoka eller asics',
      intent: 'transactional',
      stage: null,
      queriesUpdated: sameQuery,
    });
    // A stage alone: the query keeps the classifier's intent but is counted in loyalty.
    const stageRes = await put({
      journey: 'customer',
      locale: 'sv',
      query: 'nordstig rabattkod',
      stage: 'loyalty',
    });
    expect(stageRes.status).toBe(200);
    const loyalty = await stageDocumentId('loyalty');

    let rows = await storedRows(first.body.data.import.id);
    expect(rows.get('hoka eller asics')).toMatchObject({
      intent: 'transactional',
      classified_intent: 'commercial',
      stage_document_id: null,
    });
    expect(Boolean(rows.get('hoka eller asics')?.overridden)).toBe(true);
    expect(rows.get('nordstig rabattkod')).toMatchObject({
      intent: 'transactional',
      stage_document_id: loyalty,
    });

    // Re-import: new rows, the overrides applied again.
    const again = await send('imports', 'gsc-sv-queries.csv', svFields);
    expect(again.body.data.replaced).toBe(true);
    rows = await storedRows(again.body.data.import.id);
    expect(rows.get('hoka eller asics')).toMatchObject({
      intent: 'transactional',
      classified_intent: 'commercial',
    });
    expect(Boolean(rows.get('hoka eller asics')?.overridden)).toBe(true);
    expect(rows.get('nordstig rabattkod')).toMatchObject({ stage_document_id: loyalty });
    expect(Boolean(rows.get('köpa hoka clifton')?.overridden)).toBe(false);

    // The preview of the next file shows them too.
    const preview = await send('preview', 'gsc-sv-queries.csv', svFields);
    const sample = preview.body.data.sample.find(
      (r: { query: string }) => r.query === 'hoka eller asics'
    );
    expect(sample).toMatchObject({
      intent: 'transactional',
      classifiedIntent: 'commercial',
      overridden: true,
      stage: 'decision',
    });

    const list = await http()
      .get('/journey/demand/overrides?journey=customer&locale=sv')
      .set('Authorization', `Bearer ${app.token}`);
    expect(list.status).toBe(200);
    expect(list.body.data).toEqual([
      expect.objectContaining({
        query: 'hoka eller asics',
        intent: 'transactional',
        stage: null,
        updatedByName: 'Test Admin',
      }),
      expect.objectContaining({ query: 'nordstig rabattkod', intent: null, stage: 'loyalty' }),
    ]);

    const removed = await http()
      .delete('/journey/demand/overrides?journey=customer&locale=sv&query=hoka%20eller%20asics')
      .set('Authorization', `Bearer ${app.token}`);
    expect(removed.status).toBe(200);
    rows = await storedRows(again.body.data.import.id);
    expect(rows.get('hoka eller asics')).toMatchObject({
      intent: 'commercial',
      stage_document_id: null,
    });
    expect(Boolean(rows.get('hoka eller asics')?.overridden)).toBe(false);
    const gone = await http()
      .delete('/journey/demand/overrides?journey=customer&locale=sv&query=hoka%20eller%20asics')
      .set('Authorization', `Bearer ${app.token}`);
    expect(gone.status).toBe(404);
  });

  test('bad overrides answer 400 with the valid values', async () => {
    const intent = await put({ journey: 'customer', locale: 'sv', query: 'x', intent: 'buying' });
    expect(intent.status).toBe(400);
    expect(intent.body.error.details).toMatchObject({ parameter: 'intent', value: 'buying' });
    expect(intent.body.error.details.valid).toEqual(
      expect.arrayContaining(['commercial', 'local'])
    );
    const stage = await put({ journey: 'customer', locale: 'sv', query: 'x', stage: 'checkout' });
    expect(stage.status).toBe(400);
    expect(stage.body.error.details).toMatchObject({ parameter: 'stage', value: 'checkout' });
    expect(stage.body.error.details.valid).toEqual(
      expect.arrayContaining(['awareness', 'loyalty'])
    );
    const neither = await put({ journey: 'customer', locale: 'sv', query: 'x' });
    expect(neither.status).toBe(400);
    const noQuery = await put({ journey: 'customer', locale: 'sv', intent: 'local' });
    expect(noQuery.body.error.details).toMatchObject({ parameter: 'query' });
  });
});
