import { fork, type ChildProcess } from 'child_process';
import fs from 'fs';
import net from 'net';
import path from 'path';
import autocannon from 'autocannon';

export const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });

/** Resident memory of a process in MiB, from the kernel's own accounting. */
export const rssMiB = (pid: number) => {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round((kb / 1024) * 10) / 10;
};

export interface Server {
  url: string;
  child: ChildProcess;
  log: string;
  stop: () => Promise<void>;
}

/** How the bench runs a Strapi child: production mode, quiet, no phoning home. */
export const SERVE_ENV = {
  NODE_ENV: 'production',
  STRAPI_TELEMETRY_DISABLED: 'true',
  STRAPI_DISABLE_UPDATE_NOTIFICATION: 'true',
  JOURNEY_TEST_LOG: 'warn',
};

/**
 * Forks a bench child script with its output in `logFile`, and resolves once it sends its first
 * message (it listens); rejects, naming `what` and the log, if it exits first.
 */
export const forkReady = async (
  script: string,
  args: string[],
  options: { env: Record<string, string>; logFile: string; what: string; execArgv?: string[] }
) => {
  const { logFile, what } = options;
  const out = fs.openSync(logFile, 'w');
  const child = fork(path.join(__dirname, script), args, {
    env: { ...process.env, ...options.env },
    ...(options.execArgv ? { execArgv: options.execArgv } : {}),
    stdio: ['ignore', out, out, 'ipc'],
  });
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', (code) => {
      // The log's end in the error itself: test folders are removed after a failing test.
      let tail = '';
      try {
        tail = fs.readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n');
      } catch {
        // no log to show
      }
      reject(new Error(`${what} exited with ${code}; see ${logFile}\n${tail}`));
    });
  });
  return child;
};

/** Asks a child to stop, killing it if it has not exited after `graceMs`. */
const stopChild = (child: ChildProcess, graceMs: number) =>
  new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), graceMs).unref();
  });

/** Starts Strapi on an app dir as a child process in production mode, and waits until it serves. */
export const startServer = async (
  appDir: string,
  port: number,
  logFile: string,
  execArgv?: string[]
) => {
  const child = await forkReady('serve.js', [appDir], {
    env: SERVE_ENV,
    logFile,
    what: 'the server',
    ...(execArgv ? { execArgv } : {}),
  });
  return {
    url: `http://127.0.0.1:${port}`,
    child,
    log: logFile,
    stop: () => stopChild(child, 10000),
  } satisfies Server;
};

export interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  non2xx: number;
  errors: number;
  /** Responses by status class: a 304 is a success of the revalidation scenario, not a failure. */
  statuses: { '2xx': number; '3xx': number; '4xx': number; '5xx': number };
  /**
   * Answers by the plugin's `X-Journey-Cache` header (hit, revalidated, miss; `none` without
   * it): whether its in-process cache answered. Counted by loadFrom only.
   */
  cache?: Record<string, number>;
}

/** The value of the plugin's cache header in autocannon's raw-cased header object. */
export const journeyCacheHeader = (headers: Record<string, unknown> | undefined) => {
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() === 'x-journey-cache') return String(value);
  }
  return 'none';
};

type Result = autocannon.Result & Partial<Record<'1xx' | '2xx' | '3xx' | '4xx' | '5xx', number>>;

const summarise = (result: Result): LoadResult => ({
  rps: Math.round(result.requests.average),
  p50: result.latency.p50,
  p99: result.latency.p99,
  requests: result.requests.total,
  non2xx: result.non2xx,
  errors: result.errors,
  statuses: {
    '2xx': result['2xx'] ?? 0,
    '3xx': result['3xx'] ?? 0,
    '4xx': result['4xx'] ?? 0,
    '5xx': result['5xx'] ?? 0,
  },
});

/** autocannon against a list of paths, cycled; loopback, a fixed number of connections. */
export const load = async (
  base: string,
  paths: string[],
  { seconds, connections = 10 }: { seconds: number; connections?: number }
): Promise<LoadResult> =>
  summarise(
    (await autocannon({
      url: base,
      connections,
      duration: seconds,
      requests: paths.map((p) => ({ method: 'GET', path: p })),
    })) as Result
  );

export interface Next {
  path: string;
  headers?: Record<string, string>;
}

/**
 * autocannon where every request, on any connection, takes the next item of one shared source:
 * with a plain `requests` list each connection walks the list from its start, so ten connections
 * would send each URL ten times, and a cache would serve nine of them.
 */
export const loadFrom = async (
  base: string,
  next: () => Next,
  { seconds, connections = 10 }: { seconds: number; connections?: number }
): Promise<LoadResult> => {
  const cache: Record<string, number> = {};
  const result = summarise(
    (await autocannon({
      url: base,
      connections,
      duration: seconds,
      requests: [
        {
          method: 'GET',
          setupRequest: (request) => {
            const { path: p, headers } = next();
            return { ...request, path: p, headers: { ...(request.headers ?? {}), ...headers } };
          },
          onResponse: (_status, _body, _context, headers) => {
            const answer = journeyCacheHeader(headers as Record<string, unknown> | undefined);
            cache[answer] = (cache[answer] ?? 0) + 1;
          },
        },
      ],
    } as autocannon.Options)) as Result
  );
  return { ...result, cache };
};

/** A cursor over a list that never goes back: how many items it handed out tells the repeats. */
export const cursor = <T>(items: T[], start = 0) => {
  let i = start;
  return {
    next: () => items[i++ % items.length],
    get taken() {
      return i - start;
    },
  };
};

/** The floor (bench/floor.js) as a child process; resolves once it listens. */
export const startFloor = async (spec: Record<string, unknown>, logFile: string) => {
  const child = await forkReady('floor.js', [], {
    env: { NODE_ENV: 'production', FLOOR_SPEC: JSON.stringify(spec) },
    logFile,
    what: 'the floor',
  });
  return {
    url: `http://127.0.0.1:${spec.port}`,
    child,
    log: logFile,
    stop: () => stopChild(child, 5000),
  } satisfies Server;
};
