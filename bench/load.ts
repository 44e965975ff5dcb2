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

/** Starts Strapi on an app dir as a child process in production mode, and waits until it serves. */
export const startServer = async (appDir: string, port: number, logFile: string) => {
  const out = fs.openSync(logFile, 'w');
  const child = fork(path.join(__dirname, 'serve.js'), [appDir], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      STRAPI_TELEMETRY_DISABLED: 'true',
      STRAPI_DISABLE_UPDATE_NOTIFICATION: 'true',
      JOURNEY_TEST_LOG: 'warn',
    },
    stdio: ['ignore', out, out, 'ipc'],
  });
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', (code) =>
      reject(new Error(`the server exited with ${code}; see ${logFile}`))
    );
  });
  return {
    url: `http://127.0.0.1:${port}`,
    child,
    log: logFile,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 10000).unref();
      }),
  } satisfies Server;
};

export interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  non2xx: number;
  errors: number;
}

/** autocannon against a list of paths, cycled; loopback, a fixed number of connections. */
export const load = async (
  base: string,
  paths: string[],
  { seconds, connections = 10 }: { seconds: number; connections?: number }
): Promise<LoadResult> => {
  const result = await autocannon({
    url: base,
    connections,
    duration: seconds,
    requests: paths.map((p) => ({ method: 'GET', path: p })),
  });
  return {
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
  };
};
