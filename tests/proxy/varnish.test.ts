import { spawn, spawnSync, type ChildProcess } from 'child_process';
import fs from 'fs';
import net from 'net';
import os from 'os';
import path from 'path';
import { startApp, type TestApp } from '../helpers/app';
import { ARTICLE, createTagged, grantPublic, stageIds } from '../helpers/content';
import { freePort } from '../../bench/load';

/*
 * Debian's varnishd, running docs/varnish.vcl, in front of a real Strapi with the plugin on
 * SQLite: a cached hit, a publish, the BAN the plugin sends, and the next request served fresh.
 * Without varnishd the test is skipped on a workstation and fails in CI (CI=true).
 */

const VARNISHD = ['/usr/sbin/varnishd', '/usr/bin/varnishd'].find((p) => fs.existsSync(p));
const VARNISHSTAT = ['/usr/bin/varnishstat', '/usr/sbin/varnishstat'].find((p) => fs.existsSync(p));
const VCL = path.resolve(__dirname, '../../docs/varnish.vcl');

if (!VARNISHD && process.env.CI === 'true') {
  test('varnishd is installed (apt-get install -y varnish)', () => {
    throw new Error("varnishd not found: CI must install Debian's varnish (see .ci/run)");
  });
}
const suite = VARNISHD ? describe : describe.skip;

let app: TestApp;
let varnish: ChildProcess | null = null;
let workDir: string;
let proxy: string;
let stages: Record<string, string>;
const CONTENT = '/api/journey/content?journey=customer&stage=awareness&pageSize=50';

const listening = async (port: number) => {
  // Waits for varnishd's child to accept connections; varnishd -F prints nothing when ready.
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = net.connect({ host: '127.0.0.1', port });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    if (varnish?.exitCode !== null) throw new Error(`varnishd exited: see ${workDir}/varnishd.log`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

/** Bans Varnish has accepted so far (its own counter): the plugin's BAN arrived when it grows. */
const bansAdded = () => {
  if (!VARNISHSTAT) return null;
  const out = spawnSync(VARNISHSTAT, ['-n', workDir, '-1', '-f', 'MAIN.bans_added'], {
    encoding: 'utf8',
  }).stdout;
  return Number(/MAIN\.bans_added\s+(\d+)/.exec(out)?.[1]);
};

const get = async (url: string, headers: Record<string, string> = {}) => {
  const res = await fetch(`${proxy}${url}`, { headers });
  const body = (await res.json()) as { data: Array<{ title: string }> };
  return { res, body, titles: body.data.map((d) => d.title), cache: res.headers.get('x-cache') };
};

suite('Varnish in front of Strapi (docs/varnish.vcl)', () => {
  beforeAll(async () => {
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'journey-varnish-'));
    const strapiPort = await freePort();
    const varnishPort = await freePort();
    proxy = `http://127.0.0.1:${varnishPort}`;
    app = await startApp({
      pluginConfig: {
        contentTypes: ['api::page.page'],
        http: { purge: [{ url: `${proxy}/`, method: 'BAN', header: 'X-Purge-Keys' }] },
      },
    });
    await new Promise<void>((resolve) =>
      app.strapi.server.httpServer.listen(strapiPort, '127.0.0.1', resolve)
    );
    stages = await stageIds(app.strapi);
    await grantPublic(app.strapi, [
      'plugin::journey.content.find',
      'plugin::journey.journey.find',
      'api::article.article.find',
    ]);
    await createTagged(app.strapi, ARTICLE, stages, {
      title: 'Before',
      stages: ['awareness'],
      intent: 'informational',
      status: 'published',
    });

    const vcl = path.join(workDir, 'journey.vcl');
    const source = fs.readFileSync(VCL, 'utf8');
    expect(source).toContain('.port = "1337";');
    fs.writeFileSync(vcl, source.replace('.port = "1337";', `.port = "${strapiPort}";`));
    const log = fs.openSync(path.join(workDir, 'varnishd.log'), 'w');
    varnish = spawn(
      VARNISHD as string,
      [
        '-F',
        '-j',
        'none',
        '-n',
        workDir,
        '-a',
        `127.0.0.1:${varnishPort}`,
        '-T',
        '127.0.0.1:0',
        '-f',
        vcl,
        '-s',
        'malloc,32m',
      ],
      { stdio: ['ignore', log, log] }
    );
    await listening(varnishPort);
  });

  afterAll(async () => {
    if (varnish && varnish.exitCode === null) {
      const exited = new Promise((resolve) => varnish?.once('exit', resolve));
      varnish.kill('SIGTERM');
      await exited;
    }
    await app?.stop();
    if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
  });

  test('a repeated anonymous request is a hit; a publish purges it; the next is fresh', async () => {
    const first = await get(CONTENT);
    expect(first.res.status).toBe(200);
    expect(first.cache).toBe('MISS');
    expect(first.titles).toEqual(['Before']);
    const hit = await get(CONTENT);
    expect(hit.cache).toBe('HIT');
    expect(hit.res.headers.get('etag')).toBe(first.res.headers.get('etag'));

    // Responses the publish does not touch stay cached across it: purging is by key.
    const OTHER = '/api/journey/content?journey=customer&stage=loyalty';
    expect((await get('/api/journey/journeys')).cache).toBe('MISS');
    expect((await get('/api/journey/journeys')).cache).toBe('HIT');
    expect((await get(OTHER)).cache).toBe('MISS');
    expect((await get(OTHER)).cache).toBe('HIT');

    const bansBefore = bansAdded();
    await createTagged(app.strapi, ARTICLE, stages, {
      title: 'After',
      stages: ['awareness'],
      intent: 'informational',
      status: 'published',
    });
    // The BAN has been answered once every purge the publish started is done.
    await app.strapi.plugin('journey').service('http-cache').settled();

    if (bansBefore !== null) expect(bansAdded()).toBeGreaterThan(bansBefore);
    const fresh = await get(CONTENT);
    expect(fresh.cache).toBe('MISS');
    expect(fresh.titles.sort()).toEqual(['After', 'Before']);
    expect((await get(CONTENT)).cache).toBe('HIT');
    expect((await get('/api/journey/journeys')).cache).toBe('HIT');
    expect((await get(OTHER)).cache).toBe('HIT');
  });

  test('a caller with credentials is never served from the cache', async () => {
    const token = await app.strapi
      .service('admin::api-token')
      .create({ name: 'reader', type: 'read-only', lifespan: null });
    const auth = { Authorization: `Bearer ${token.accessKey}` };
    await get(CONTENT); // the public object is in the cache
    const first = await get(CONTENT, auth);
    const second = await get(CONTENT, auth);
    expect([first.cache, second.cache]).toEqual(['MISS', 'MISS']);
    expect(second.res.headers.get('cache-control')).toBe('private, no-cache');
  });

  test('an error is not stored', async () => {
    const url = '/api/journey/content?journey=customer&stage=nowhere';
    expect((await fetch(`${proxy}${url}`)).status).toBe(400);
    const again = await fetch(`${proxy}${url}`);
    expect([again.status, again.headers.get('x-cache')]).toEqual([400, 'MISS']);
  });
});
