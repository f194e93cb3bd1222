import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCertificate, type Certificate } from '../../../support/tls-certificate.ts';

/**
 * The chat-API HTTP client over TLS: every https connection of the process shares one TLS context (http-client.ts),
 * and that must not loosen what is checked. Real https servers on loopback, each with a certificate made for the test,
 * asked by the client in a child process that trusts both certificates through NODE_EXTRA_CA_CERTS, or does not:
 * `desk` names 127.0.0.1, `other` names desk.example only.
 */
const dir = mkdtempSync(join(tmpdir(), 'kept-https-'));
const trusted = join(dir, 'trusted.pem');
const servers: Server[] = [];
const ports = { desk: 0, other: 0 };
/** Each request's client port, and whether its TLS session was resumed. */
const seen = new Map<string, boolean>();

async function serve(tls: Certificate): Promise<number> {
  const server = createServer({ cert: tls.cert, key: tls.key }, (req, res) => {
    seen.set(`${req.socket.remotePort}`, (req.socket as TLSSocket).isSessionReused());
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ messages: [{ text: `hello ${req.url}` }] }));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

beforeAll(async () => {
  const desk = makeCertificate(dir, 'desk', 'IP:127.0.0.1');
  const other = makeCertificate(dir, 'other', 'DNS:desk.example');
  writeFileSync(trusted, Buffer.concat([desk.cert, other.cert]));
  ports.desk = await serve(desk);
  ports.other = await serve(other);
});

afterAll(async () => {
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  rmSync(dir, { recursive: true, force: true });
});

async function ask(url: string, count: number, trust: boolean): Promise<Record<string, unknown>[]> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (trust) env.NODE_EXTRA_CA_CERTS = trusted;
  else delete env.NODE_EXTRA_CA_CERTS;
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, 'https-client.main.ts'), url, String(count)],
    { env, timeout: 60_000 },
  );
  return stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('the chat-API HTTP client over TLS', () => {
  it('reads answers over https from a server it trusts, a connection of its own each time', async () => {
    seen.clear();
    const replies = await ask(`https://127.0.0.1:${ports.desk}/chat`, 3, true);
    expect(replies).toEqual(
      [0, 1, 2].map((n) => ({ status: 200, text: `{"messages":[{"text":"hello /chat?n=${n}"}]}` })),
    );
    expect([...seen.values()]).toEqual([false, false, false]); // three connections, three full handshakes
  });

  it('refuses a certificate it does not trust', async () => {
    const replies = await ask(`https://127.0.0.1:${ports.desk}/chat`, 2, false);
    expect(replies).toEqual([{ error: 'DEPTH_ZERO_SELF_SIGNED_CERT' }, { error: 'DEPTH_ZERO_SELF_SIGNED_CERT' }]);
  });

  it('refuses a trusted certificate that names another host', async () => {
    const replies = await ask(`https://127.0.0.1:${ports.other}/chat`, 1, true);
    expect(replies).toEqual([{ error: 'ERR_TLS_CERT_ALTNAME_INVALID' }]);
  });
});
