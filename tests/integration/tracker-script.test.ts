import fs from 'fs';
import path from 'path';
import { useApp } from '../helpers/suite';

/**
 * GET /api/journey/tracker.js as a site's page loads it: without a token or any grant to the
 * public role, from the built plugin (the script is inlined into dist/server at build time).
 */
const app = useApp();
const SOURCE = fs.readFileSync(path.resolve(__dirname, '../../client/beacon/tracker.js'), 'utf8');

describe('the beacon script route', () => {
  test('serves the script to anyone, as JavaScript, cacheable for a day with an ETag', async () => {
    const res = await app
      .http()
      .get('/api/journey/tracker.js')
      .buffer(true)
      .parse((r, done) => {
        let text = '';
        r.setEncoding('utf8');
        r.on('data', (chunk: string) => (text += chunk));
        r.on('end', () => done(null, text));
      });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/javascript; charset=utf-8');
    expect(res.headers['cache-control']).toBe(
      'public, max-age=86400, stale-while-revalidate=604800'
    );
    expect(res.headers.etag).toMatch(/^"[\w-]{27}"$/);
    expect(res.body).toBe(SOURCE);

    const again = await app
      .http()
      .get('/api/journey/tracker.js?v=2')
      .set('If-None-Match', res.headers.etag);
    expect(again.status).toBe(304);
    expect(again.headers.etag).toBe(res.headers.etag);
  });

  test('a query parameter other than v is a 400 naming it', async () => {
    const res = await app.http().get('/api/journey/tracker.js?version=2');
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      name: 'ValidationError',
      details: { parameter: 'query parameter', value: 'version', valid: ['v'] },
    });
  });
});
