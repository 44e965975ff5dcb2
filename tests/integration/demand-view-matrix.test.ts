import { ARTICLE, createTagged } from '../helpers/content';
import { FACTOR, monthly, cellOf, type QueryRow, useDemandViewApp } from '../helpers/demand-view';

const { app, stages, queryIds, get } = useDemandViewApp();

describe('demand matrix', () => {
  test('sums demand per cell in the database, monthly per import period, beside published supply', async () => {
    const res = await get('/journey/demand/matrix?journey=customer&metric=impressions');
    expect(res.status).toBe(200);
    const { data } = res.body;
    expect(data.metric).toBe('impressions');
    // The sv import has volumes only: no impressions, so not in this metric's view.
    expect(data.locales).toEqual(['en']);
    expect(cellOf(data.cells, 'consideration', 'commercial')).toMatchObject({
      demand: 1400,
      monthly: monthly(1400),
      queries: 2,
      // en and sv articles of the cell, both published
      supply: 2,
    });
    expect(cellOf(data.cells, 'decision', 'transactional')).toMatchObject({
      demand: 305,
      queries: 2,
      supply: 0,
      served: 0,
      unserved: 2,
    });
    expect(cellOf(data.cells, 'awareness', 'informational')).toMatchObject({
      demand: 470,
      queries: 3,
      // the en article and the guide; the draft does not count
      supply: 2,
    });
    expect(cellOf(data.cells, 'decision', 'navigational')).toMatchObject({
      demand: 50,
      queries: 1,
    });
    // Every stage × intent (and no intent) is listed.
    expect(data.cells).toHaveLength(5 * 6);
    expect(data.totals).toMatchObject({
      demand: 2255,
      queries: 9,
      // the one with no intent, named so that an admin can place it
      unplaced: {
        queries: 1,
        monthly: monthly(30),
        top: [{ query: 'xyzzy', locale: 'en', intent: 'none', monthly: monthly(30) }],
      },
    });
    expect(data.matching).toMatchObject({ state: 'current' });
    expect(Number.isNaN(Date.parse(data.matching.asOf))).toBe(false);
  });

  test('volume reads the keyword import, as is (monthly)', async () => {
    const res = await get('/journey/demand/matrix?journey=customer&metric=volume');
    expect(res.status).toBe(200);
    expect(res.body.data.locales).toEqual(['sv']);
    expect(cellOf(res.body.data.cells, 'consideration', 'commercial')).toMatchObject({
      demand: 500,
      monthly: 500,
      queries: 1,
    });
    expect(cellOf(res.body.data.cells, 'decision', 'transactional')).toMatchObject({
      demand: 900,
      monthly: 900,
    });
  });

  test('ranks gaps and thin cells by monthly demand, per locale', async () => {
    const res = await get('/journey/demand/matrix?journey=customer&metric=impressions');
    const ranking = res.body.data.ranking as Array<Record<string, unknown>>;
    expect(ranking.map((r) => [r.stage, r.intent, r.locale, r.kind, r.supply])).toEqual([
      // en has one published document in the cell (the sv article is another locale): thin
      ['consideration', 'commercial', 'en', 'thin', 1],
      ['decision', 'transactional', 'en', 'gap', 0],
      // the navigational query, placed in decision as the classifier places it
      ['decision', 'navigational', 'en', 'gap', 0],
    ]);
    expect(ranking[0]).toMatchObject({ monthly: monthly(1400), queries: 2 });
    expect(ranking[0].label).toBe(
      `Consideration × commercial (en): ${Math.round(1400 * FACTOR).toLocaleString('en-US')} impressions a month, 1 document`
    );
    expect(ranking[1].label).toBe(
      `Decision / purchase × transactional (en): ${Math.round(305 * FACTOR)} impressions a month, 0 documents`
    );
  });

  test('counts served and unserved queries, and follows the threshold', async () => {
    const at = async (threshold: string) =>
      (await get(`/journey/demand/matrix?journey=customer&threshold=${threshold}`)).body.data;
    const normal = await at('0.6');
    // "best trail running shoes" is in the article's title; "…women" misses its rarest word.
    expect(cellOf(normal.cells, 'consideration', 'commercial')).toMatchObject({
      served: 1,
      unserved: 1,
    });
    // The guide's slug and keyword serve the marathon query; the size query only has a draft.
    expect(cellOf(normal.cells, 'awareness', 'informational')).toMatchObject({
      served: 2,
      unserved: 1,
    });
    const strict = await at('1');
    expect(cellOf(strict.cells, 'consideration', 'commercial').served).toBeLessThan(1);
    const lax = await at('0');
    // At 0 every query with any word in common with a document is served.
    expect(cellOf(lax.cells, 'consideration', 'commercial')).toMatchObject({
      served: 2,
      unserved: 0,
    });
  });
});

describe('demand cell', () => {
  test('lists the queries by monthly demand, with the best match and its score', async () => {
    const res = await get(
      '/journey/demand/cell?journey=customer&stage=consideration&intent=commercial&locale=en'
    );
    expect(res.status).toBe(200);
    const rows = res.body.data as QueryRow[];
    expect(rows.map((r) => r.query)).toEqual([
      'best trail running shoes',
      'trail running shoes women',
    ]);
    expect(res.body.meta).toMatchObject({
      threshold: 0.6,
      pagination: { page: 1, pageSize: 10, total: 2 },
    });
    const [best, women] = rows;
    expect(best).toMatchObject({
      served: true,
      impressions: 1000,
      ctr: 0.01,
      position: 9.5,
      monthly: monthly(1000),
      stage: 'consideration',
      intent: 'commercial',
      overridden: false,
      match: {
        contentType: ARTICLE,
        title: 'Best trail running shoes 2025',
        sameCell: true,
      },
    });
    expect(best.match?.score).toBeGreaterThanOrEqual(0.6);
    expect(best.match?.score).toBeLessThanOrEqual(1);
    expect(best.match?.terms.map((t: { term: string }) => t.term).sort()).toEqual([
      'best',
      'running',
      'shos', // "shoes" folded as the classifier folds it
      'trail',
    ]);
    expect(women.served).toBe(false);
    expect(women.match?.title).toBe('Best trail running shoes 2025');
    expect(women.match?.score).toBeLessThan(0.6);
    expect(women.match?.terms.find((t: { term: string }) => t.term === 'women')?.weight).toBe(0);
  });

  test('marks almost-there queries: top impressions of the cell, low CTR for a position of 8 to 20', async () => {
    const res = await get(
      '/journey/demand/cell?journey=customer&stage=consideration&intent=commercial&locale=en'
    );
    const rows = res.body.data as Array<{ query: string; almostThere: boolean }>;
    // 1,000 impressions (the cell's top 20 %), CTR 1 % at 9.5 (expected 2.25 %).
    expect(rows.find((r) => r.query === 'best trail running shoes')?.almostThere).toBe(true);
    // Position 4: on page one already.
    expect(rows.find((r) => r.query === 'trail running shoes women')?.almostThere).toBe(false);
    const decision = await get(
      '/journey/demand/cell?journey=customer&stage=decision&intent=transactional'
    );
    // Position 12 with a 1 % CTR is on the curve (page two: 1 %), not below it.
    expect(decision.body.data.map((r: { almostThere: boolean }) => r.almostThere)).toEqual([
      false,
      false,
    ]);
  });

  test('a served query may be served from another cell, said so', async () => {
    const res = await get(
      '/journey/demand/cell?journey=customer&stage=decision&intent=transactional&threshold=0.15'
    );
    const buy = (res.body.data as QueryRow[]).find(
      (r) => r.query === 'buy running shoes stockholm'
    );
    expect(buy?.served).toBe(true);
    expect(buy?.match?.sameCell).toBe(false);
  });

  test('pages in the database', async () => {
    const res = await get(
      '/journey/demand/cell?journey=customer&stage=awareness&intent=informational&page=2&pageSize=2'
    );
    expect(res.status).toBe(200);
    expect(res.body.data.map((r: { query: string }) => r.query)).toEqual(['running shoe size']);
    expect(res.body.meta.pagination).toMatchObject({
      page: 2,
      pageSize: 2,
      pageCount: 2,
      total: 3,
    });
  });
});

describe('overrides', () => {
  test("an override's stage and intent move the query's demand", async () => {
    const stage = (await app.strapi.db
      .query('plugin::journey.stage')
      .findOne({ where: { key: 'loyalty' } })) as { documentId: string };
    await app.strapi.db.query('plugin::journey.demand-query').update({
      where: { id: queryIds['nordstig store login'] },
      data: { stageDocumentId: stage.documentId, overridden: true },
    });
    await app.strapi.db.query('plugin::journey.demand-query').update({
      where: { id: queryIds.xyzzy },
      data: { intent: 'informational', overridden: true },
    });
    try {
      const { data } = (await get('/journey/demand/matrix?journey=customer')).body;
      // The override's stage moves the navigational query out of decision; the intent override
      // places the query that had none.
      expect(cellOf(data.cells, 'decision', 'navigational')).toMatchObject({
        demand: 0,
        queries: 0,
      });
      expect(cellOf(data.cells, 'loyalty', 'navigational')).toMatchObject({
        demand: 50,
        queries: 1,
      });
      expect(cellOf(data.cells, 'awareness', 'informational')).toMatchObject({
        demand: 500,
        queries: 4,
      });
      expect(data.totals.unplaced.queries).toBe(0);
      const cell = await get(
        '/journey/demand/cell?journey=customer&stage=loyalty&intent=navigational'
      );
      expect(cell.body.data).toEqual([
        expect.objectContaining({
          query: 'nordstig store login',
          overridden: true,
          stage: 'loyalty',
        }),
      ]);
    } finally {
      await app.strapi.db.query('plugin::journey.demand-query').update({
        where: { id: queryIds['nordstig store login'] },
        data: { stageDocumentId: null, overridden: false },
      });
      await app.strapi.db.query('plugin::journey.demand-query').update({
        where: { id: queryIds.xyzzy },
        data: { intent: 'none', overridden: false },
      });
    }
  });

  test('after a content change the previous matches answer, marked refreshing, while the server matches again in the background', async () => {
    const service = app.strapi.plugin('journey').service('demand-view') as {
      refreshed: () => Promise<void>;
    };
    const matrix = async () => (await get('/journey/demand/matrix?journey=customer')).body.data;
    const cellRows = async () =>
      get('/journey/demand/cell?journey=customer&stage=decision&intent=transactional');
    // Whatever earlier tests changed is caught up with first.
    await matrix();
    await service.refreshed();
    const before = await matrix();
    expect(before.matching.state).toBe('current');
    expect(cellOf(before.cells, 'decision', 'transactional')).toMatchObject({
      supply: 0,
      served: 0,
    });
    const doc = await createTagged(app.strapi, ARTICLE, stages, {
      title: 'Buy running shoes in Stockholm',
      stages: ['decision'],
      intent: 'transactional',
      status: 'published',
    });
    try {
      // Supply is counted, not matched: it is new at once. The matches are the previous ones.
      const during = await matrix();
      expect(during.matching).toEqual({ state: 'refreshing', asOf: before.matching.asOf });
      expect(cellOf(during.cells, 'decision', 'transactional')).toMatchObject({
        supply: 1,
        served: 0,
        unserved: 2,
      });
      await service.refreshed();
      const after = await matrix();
      expect(after.matching.state).toBe('current');
      expect(Date.parse(after.matching.asOf)).toBeGreaterThanOrEqual(
        Date.parse(before.matching.asOf)
      );
      expect(cellOf(after.cells, 'decision', 'transactional')).toMatchObject({
        supply: 1,
        served: 1,
        unserved: 1,
      });
      const afterCell = await cellRows();
      expect(afterCell.body.meta.matching.state).toBe('current');
      expect(afterCell.body.data).toContainEqual(
        expect.objectContaining({
          query: 'buy running shoes stockholm',
          served: true,
          match: expect.objectContaining({
            documentId: doc.documentId,
            title: 'Buy running shoes in Stockholm',
            sameCell: true,
          }),
        })
      );
      // Each change's first request answers from the previous matches, whichever route it is
      // (later ones may find the refresh done: on this small data set it takes milliseconds).
      await app.strapi.documents(ARTICLE as never).update({
        documentId: doc.documentId,
        locale: 'en',
        data: { title: 'Buy running shoes in Stockholm today' },
        status: 'published',
      } as never);
      const duringCell = await cellRows();
      expect(duringCell.body.meta.matching).toEqual({
        state: 'refreshing',
        asOf: after.matching.asOf,
      });
      await service.refreshed();
      expect((await cellRows()).body.meta.matching.state).toBe('current');
    } finally {
      await app.strapi.documents(ARTICLE as never).delete({ documentId: doc.documentId } as never);
    }
    const duringExport = await get('/journey/demand/export?journey=customer');
    expect(duringExport.headers['x-journey-matching']).toBe('refreshing');
    // The previous matches: the deleted document still serves the query there.
    expect(duringExport.text).not.toMatch(/,unserved[^\r\n]*,buy running shoes stockholm,/);
    await service.refreshed();
    const again = await matrix();
    expect(again.matching.state).toBe('current');
    expect(cellOf(again.cells, 'decision', 'transactional').served).toBe(0);
    const csv = await get('/journey/demand/export?journey=customer');
    expect(csv.headers['x-journey-matching']).toBe('current');
    expect(csv.text).toMatch(/,unserved,en,decision,transactional,buy running shoes stockholm,/);
  });
});

describe('export', () => {
  test('CSV of unserved and almost-there queries, RFC 4180, UTF-8 with a BOM', async () => {
    const res = await get('/journey/demand/export?journey=customer&metric=impressions');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="demand-customer-/);
    const text = res.text;
    expect(text.startsWith('\ufeff')).toBe(true);
    const lines = text.slice(1).trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'rank,opportunity,locale,stage,intent,query,monthly impressions,clicks,impressions,ctr,position,volume,served,best match,best match type,best match documentId,score,same cell'
    );
    const queries = lines.slice(1).map((l) => l.split(',')[5]);
    // Most monthly demand first; served queries only when almost there.
    expect(queries.slice(0, 4)).toEqual([
      'best trail running shoes',
      'trail running shoes women',
      'buy running shoes stockholm',
      'running shoe size',
    ]);
    expect(lines[1]).toMatch(
      /^1,almost there,en,consideration,commercial,best trail running shoes,/
    );
    expect(lines[3]).toMatch(/^3,unserved,en,decision,transactional,buy running shoes stockholm,/);
    expect(text).not.toContain('marathon training plan');
    // A query with a comma and quotes is quoted, quotes doubled.
    expect(text).toContain(',"running shoes, ""cheap""",');
  });
});
