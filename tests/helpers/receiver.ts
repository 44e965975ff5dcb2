import http from 'http';
import type { AddressInfo } from 'net';

export interface Received {
  method: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A plain HTTP server standing in for a proxy's purge endpoint and a webhook receiver. */
export const receiver = async () => {
  const received: Received[] = [];
  const waiting: Array<{ test: (r: Received) => boolean; resolve: (r: Received) => void }> = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const entry = { method: req.method ?? '', headers: req.headers, body };
      received.push(entry);
      for (const w of waiting.filter((x) => x.test(entry))) {
        waiting.splice(waiting.indexOf(w), 1);
        w.resolve(entry);
      }
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    /** The first request (already received or still to come) that passes the test. */
    next: (test: (r: Received) => boolean) =>
      new Promise<Received>((resolve) => {
        const found = received.find(test);
        if (found) resolve(found);
        else waiting.push({ test, resolve });
      }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};
