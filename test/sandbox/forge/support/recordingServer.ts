// Loopback HTTP servers for the emulator tests: they record what reached them.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { ForgeKvsAPIError } from '@forge/kvs';
import { expect } from 'vitest';

export const FIXTURE_APP = fileURLToPath(new URL('../fixtures/app', import.meta.url));

export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface RecordingServer {
  url: string;
  seen: SeenRequest[];
  close(): Promise<void>;
}

export type Reply = (req: SeenRequest) => {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
};

export async function startRecordingServer(reply: Reply): Promise<RecordingServer> {
  const seen: SeenRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const entry: SeenRequest = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      seen.push(entry);
      const out = reply(entry);
      const body =
        out.body === undefined ? '' : typeof out.body === 'string' ? out.body : JSON.stringify(out.body);
      res.writeHead(out.status, { 'content-type': 'application/json', ...out.headers });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}

/** The ForgeKvsAPIError a KVS call rejects with (fails the test when it resolves instead). */
export async function kvsError(p: Promise<unknown>): Promise<ForgeKvsAPIError> {
  const e: unknown = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ForgeKvsAPIError);
  return e as ForgeKvsAPIError;
}
