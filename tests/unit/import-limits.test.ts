import fs from 'fs';
import path from 'path';
import {
  DEFAULT_CONFIG,
  LIMITS,
  configProblems,
  journeysProblems,
  labelPath,
  schemaProblems,
  importProblems,
  stageSchema,
} from '../../server/src/domain/config';
import { planImport } from '../../server/src/domain/journey-import';
import { QUERY_LIMITS } from '../../server/src/domain/config';
import { MAX_DOCUMENT_IDS, MAX_FILTER_MATCHES } from '../../server/src/domain/bulk-tags';
import { MAX_LIST_ITEMS, MAX_PAGE_SIZE } from '../../server/src/domain/content-params';
import { MAX_Q_LENGTH } from '../../server/src/services/intent';
import { MAX_IMPORT, MAX_TERM_LENGTH } from '../../server/src/services/site-terms';
import { MAX_ACCEPT, MAX_ITEMS } from '../../server/src/controllers/suggestions';
import { MAX_TAG_IDS } from '../../server/src/controllers/editor';
import { MAX_QUERY_STRING_LENGTH } from '../../server/src/domain/http-cache';
import { MAX_FILE_BYTES } from '../../server/src/domain/demand-parse';

const stage = (key: string, extra: Record<string, unknown> = {}) => ({ key, name: key, ...extra });
const journey = (key: string, stages: unknown[], extra: Record<string, unknown> = {}) => ({
  key,
  name: key,
  stages,
  ...extra,
});

describe('problem messages', () => {
  test('name the journey and the stage by key, after their index', () => {
    const value = { journeys: [journey('customer', [stage('a'), stage('decision')])] };
    expect(labelPath(value, 'journeys[0].stages[1].name')).toBe(
      'journeys[0] ("customer").stages[1] ("decision").name'
    );
  });

  test('a name over the limit names journey, stage and the limit', async () => {
    const file = {
      journeys: [journey('customer', [stage('a'), stage('decision', { name: 'x'.repeat(300) })])],
    };
    expect(await importProblems(file.journeys)).toEqual([
      'journeys[0] ("customer").stages[1] ("decision").name: must be at most 255 characters',
    ]);
  });

  test('a value of the wrong type keeps a well-formed path (was "journeys[0].must be ...")', async () => {
    const problems = await importProblems(['customer']);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^journeys\[0\]: must be a `object` type/);
  });

  test('a prefix is joined with the path', () => {
    expect(schemaProblems(stageSchema, { key: 'a', name: 'A', kpis: 'x' }, 'stage')).toEqual([
      expect.stringMatching(/^stage\.kpis: must be a `array` type/),
    ]);
  });
});

describe('limits', () => {
  const many = (n: number, make: (i: number) => unknown) =>
    Array.from({ length: n }, (_, i) => make(i));

  test.each([
    [
      'stages per journey',
      {
        journeys: [
          journey(
            'big',
            many(LIMITS.stagesPerJourney + 1, (i) => stage(`s${i}`))
          ),
        ],
      },
      `journeys[0] ("big").stages: must have at most ${LIMITS.stagesPerJourney} stages`,
    ],
    [
      'journeys',
      { journeys: many(LIMITS.journeys + 1, (i) => journey(`j${i}`, [stage('a')])) },
      `journeys: must have at most ${LIMITS.journeys} journeys; the file has ${LIMITS.journeys + 1}`,
    ],
    [
      'list items',
      {
        journeys: [
          journey('j', [stage('a', { touchpoints: many(LIMITS.listItems + 1, (i) => `t${i}`) })]),
        ],
      },
      `journeys[0] ("j").stages[0] ("a").touchpoints: must have at most ${LIMITS.listItems} items`,
    ],
    [
      'list item length',
      { journeys: [journey('j', [stage('a', { kpis: ['k'.repeat(LIMITS.listItemLength + 1)] })])] },
      `journeys[0] ("j").stages[0] ("a").kpis[0]: must be at most ${LIMITS.listItemLength} characters`,
    ],
    [
      'text length',
      {
        journeys: [journey('j', [stage('a', { customerGoal: 'g'.repeat(LIMITS.textLength + 1) })])],
      },
      `journeys[0] ("j").stages[0] ("a").customerGoal: must be at most ${LIMITS.textLength} characters`,
    ],
    [
      'translated names',
      { journeys: [journey('j', [stage('a')], { names: { sv: 'n'.repeat(256) } })] },
      'journeys[0] ("j").names.sv: must be at most 255 characters',
    ],
  ])('%s are limited in the schema every path uses', async (_what, file, message) => {
    expect(await importProblems(file.journeys)).toContain(message);
  });

  test('the largest file the limits allow is accepted', async () => {
    const file = {
      journeys: many(LIMITS.journeys, (j) =>
        journey(
          `j${j}`,
          many(LIMITS.stagesPerJourney, (s) =>
            stage(`s${s}`, {
              name: 'n'.repeat(LIMITS.nameLength),
              description: 'd'.repeat(LIMITS.textLength),
              touchpoints: many(LIMITS.listItems, () => 't'.repeat(LIMITS.listItemLength)),
            })
          )
        )
      ),
    };
    expect(await importProblems(file.journeys)).toEqual([]);
  });

  test('stages a journey keeps count towards its limit, and mappings may point at them', () => {
    const stored = [
      journey(
        'customer',
        many(LIMITS.stagesPerJourney, (i) => stage(`s${i}`))
      ),
    ] as never;
    expect(
      journeysProblems(
        [journey('customer', [stage('new')], { intentStages: { local: 's3' } })],
        'journeys',
        stored
      )
    ).toEqual([
      `journeys[0] ("customer").stages: a journey has at most ${LIMITS.stagesPerJourney} stages; with the ${LIMITS.stagesPerJourney} it keeps (${many(LIMITS.stagesPerJourney, (i) => `s${i}`).join(', ')}) it would have ${LIMITS.stagesPerJourney + 1}`,
    ]);
  });
});

describe('config problems', () => {
  test('shape, meaning and content-type uids are reported together', () => {
    const problems = configProblems(
      {
        contentTypes: ['api::missing.missing'],
        thinThreshold: 'two',
        journeys: [journey('b2b', [stage('a')], { intentStages: { local: 'nowhere' } })],
      },
      ['api::page.page']
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining('thinThreshold: must be a `number` type'),
        expect.stringContaining(
          'journeys[0] ("b2b").intentStages.local: unknown stage key "nowhere"'
        ),
        'contentTypes[0]: content type "api::missing.missing" does not exist',
      ])
    );
    expect(problems).toHaveLength(3);
  });

  test('a malformed journey does not hide the problems of the others', () => {
    const problems = configProblems({
      journeys: ['oops', journey('b', [stage('a'), stage('a')])],
    });
    expect(problems).toEqual([
      expect.stringMatching(/^journeys\[0\]: must be a `object` type/),
      'journeys[1] ("b").stages[1] ("a").key: duplicate stage key "a" in journey "b"',
    ]);
  });
});

describe('import positions', () => {
  test("the file's stages come first in its order, kept stages after: positions unique", () => {
    const current = [journey('j', [stage('a'), stage('b'), stage('c'), stage('d')])] as never;
    const changes = planImport(current, [journey('j', [stage('a'), stage('d')])] as never);
    const positions = changes
      .filter((c) => c.kind === 'stage')
      .map((c) => [c.stage, c.position, c.action]);
    expect(positions).toEqual([
      ['a', 0, 'unchanged'],
      ['d', 1, 'update'],
      ['b', 2, 'kept'],
      ['c', 3, 'kept'],
    ]);
  });
});

describe('docs/configuration.md', () => {
  test('documents the limits the schemas enforce', () => {
    const doc = fs.readFileSync(path.join(__dirname, '../../docs/configuration.md'), 'utf8');
    const table = doc.slice(doc.indexOf('## Limits'), doc.indexOf('## Import and export'));
    const row = (what: string) =>
      table.split('\n').find((line) => line.startsWith(`| ${what}`)) ?? `(no row "${what}")`;
    const n = (value: number) => value.toLocaleString('en');
    expect(row('journeys ')).toContain(`| ${n(LIMITS.journeys)} `);
    expect(row('stages per journey')).toContain(`| ${n(LIMITS.stagesPerJourney)} `);
    expect(row('key (journey, stage)')).toContain(`${n(LIMITS.keyLength)} characters`);
    expect(row('name, and each translated name')).toContain(`${n(LIMITS.nameLength)} characters`);
    expect(row('`description`')).toContain(`${n(LIMITS.textLength)} characters`);
    expect(row('`touchpoints`')).toContain(`${n(LIMITS.listItems)} items`);
    expect(row('one item of those lists')).toContain(`${n(LIMITS.listItemLength)} characters`);
    expect(row('`intent.terms`')).toContain(`${n(LIMITS.intentTerms)} items`);
    expect(row('rows of one search-demand import')).toContain(`| ${n(LIMITS.demandRows)} `);
  });

  test('documents the request bounds the routes enforce', () => {
    const doc = fs.readFileSync(path.join(__dirname, '../../docs/configuration.md'), 'utf8');
    const table = doc.slice(
      doc.indexOf('**Request bounds.**'),
      doc.indexOf('## Import and export')
    );
    const cells = (line: string) => line.split('|').map((cell) => cell.trim());
    const rows = table
      .split('\n')
      .filter((line) => line.startsWith('| ') && !line.startsWith('| parameter'))
      .map(cells);
    /** The bound of the row whose parameter and route(s) cells start as given. */
    const bound = (parameter: string, route: string) => {
      const found = rows.filter((r) => r[1].startsWith(parameter) && r[2].startsWith(route));
      expect(found.map((r) => r[1])).toHaveLength(1);
      return found[0][3];
    };
    const n = (value: number) => value.toLocaleString('en');
    const { filters } = QUERY_LIMITS;
    const bulk = '`POST /journey/tags/bulk`';
    expect(bound('`filters` nesting', bulk)).toBe(`${n(filters.depth)} levels`);
    expect(bound('`filters` values', bulk)).toBe(n(filters.nodes));
    expect(bound('`filters` items', bulk)).toBe(n(filters.items));
    expect(bound('`filters` written as JSON', bulk)).toBe(`${n(filters.size)} characters`);
    expect(bound('`_q`', bulk)).toBe(`${n(QUERY_LIMITS.searchLength)} characters`);
    expect(bound('`documentIds`', bulk)).toBe(n(MAX_DOCUMENT_IDS));
    expect(bound('entries a `filters`', bulk)).toBe(n(MAX_FILTER_MATCHES));
    expect(bound('`items`', '`POST /journey/suggestions/accept`')).toBe(n(MAX_ITEMS));
    expect(bound('`documentIds`;', '`POST /journey/suggestions/skip`')).toBe(n(MAX_ACCEPT));
    expect(bound('`documentIds`', '`GET /journey/editor/tags`')).toBe(n(MAX_TAG_IDS));
    expect(bound('`q`', '`GET /api/journey/intent`')).toBe(`${n(MAX_Q_LENGTH)} characters`);
    expect(bound('`pageSize`', '`GET /api/journey/content`')).toBe(n(MAX_PAGE_SIZE));
    expect(bound('`stage`, `intent`', '`GET /api/journey/content`')).toBe(
      `${n(MAX_LIST_ITEMS)} items`
    );
    expect(bound('`term`', '`POST /journey/site-terms`')).toBe(`${n(MAX_TERM_LENGTH)} characters`);
    expect(bound('`siteTerms`', '`POST /journey/journeys/import`')).toBe(n(MAX_IMPORT));
    expect(bound('query string', '`GET /api/journey/content`')).toBe(
      `${n(MAX_QUERY_STRING_LENGTH)} characters`
    );
    const { graphql } = DEFAULT_CONFIG;
    expect(bound("the plugin's root fields", '`POST /graphql`')).toBe(
      `${n(graphql.maxRootFields)} per operation (config \`graphql.maxRootFields\`)`
    );
    expect(bound('documents those fields', '`POST /graphql`')).toBe(
      `${n(graphql.maxItems)} per operation (config \`graphql.maxItems\`)`
    );
    expect(bound('`file`', '`POST /journey/demand/preview`')).toBe(
      `${n(MAX_FILE_BYTES / 1024 / 1024)} MB; ${n(LIMITS.demandRows)} rows`
    );
  });
});
