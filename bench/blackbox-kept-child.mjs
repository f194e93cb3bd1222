/**
 * Kept's side of bench/blackbox.bench.ts, in a process of its own: runs chat-API probes over the HTTP transport
 * through the attempt runner, as a probe worker does, against bench/delay-endpoint.ts.
 *   node bench/blackbox-kept-child.mjs <endpoint-url> <chat|health> --from dist|bare [--probes N] [--concurrency K]
 *     [--stagger-ms S] [--warm-up W] [--settle M]
 *   node --import tsx bench/blackbox-kept-child.mjs <endpoint-url> <chat|health> --from src …
 * K attempts are in flight at a time, lanes started S ms apart (bench/probe-pool.mjs). Before the measured probes: W
 * warm-up probes 20 at a time (the JIT compiles the hot code, as it has in a Kept that has run for a while), then M
 * more at the measured pace (the process settles from the burst, e.g. V8's idle-time collections).
 * `dist` runs the compiled build (what bin/kept.js runs; no TypeScript loader thread in the process), `src` the
 * TypeScript source through tsx. `bare` is the floor, no Kept code: the same request (the send, whose answer carries the
 * reply) with node:http (node:https for an https:// endpoint, trusting NODE_EXTRA_CA_CERTS as Kept does) on a fresh
 * keep-alive agent per probe, timed from the send to its answer. Plain JavaScript so that
 * it can run without tsx.
 * Protocol (JSON lines on stdout, words on stdin), so the parent can read this process's CPU from /proc around the
 * probe loop only: after the warm-up it prints {"ready":true} and waits for "go"; then one line per probe
 * {"id","measuredMs","outcome"}; then {"done":true,"cpuUs","wallMs"} (process.cpuUsage over the loop) and waits for
 * "exit".
 */
import http from 'node:http';
import https from 'node:https';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { runPool } from './probe-pool.mjs';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    from: { type: 'string', default: 'dist' },
    probes: { type: 'string', default: '200' },
    concurrency: { type: 'string', default: '1' },
    'stagger-ms': { type: 'string', default: '0' },
    'warm-up': { type: 'string', default: '0' },
    settle: { type: 'string', default: '0' },
  },
});
const [target = '', mode = 'chat'] = positionals;
const { from } = values;
const probes = Math.min(5_000, Number(values.probes));
const pace = {
  concurrency: Math.max(1, Math.min(50, Number(values.concurrency))),
  staggerMs: Number(values['stagger-ms']),
};
const warmUp = Math.min(5_000, Number(values['warm-up']));
const settle = Math.min(1_000, Number(values.settle));

/** The probe's options as a catalogue would give them (`options:` of a chat-api probe), checked by Kept's schema. */
const CATALOGUE_OPTIONS = {
  // POST the message; the endpoint answers after D ms with the conversation, which the probe reads
  // (http.send.readReplies). The poll is only used if the reply is not in the send response.
  chat: {
    transport: 'http',
    message: 'Hello, run {runId}',
    send: { text: '{message}' },
    http: {
      send: { method: 'POST', path: '/chat?id={runId}', conversationIdPath: '$.conversationId', readReplies: true },
      poll: { path: '/chat/{conversationId}/messages' },
    },
    receive: {
      messagesPath: '$.messages[*]',
      textPath: '$.text',
      senderNamePath: '$.from.name',
      ignore: [{ path: '$.from.role', equals: 'customer' }],
    },
    human: [{ path: '$.from.role', equals: 'agent' }],
    waitForHuman: true,
  },
  // Kept has no plain HTTP-check channel: the closest is the same transport sending GET /health (answered after D
  // ms) and reading its answer {"status":"ok"} as the reply (http.send.readReplies), as blackbox checks the status.
  health: {
    transport: 'http',
    message: 'health {runId}',
    send: { probe: '{runId}' },
    http: {
      send: { method: 'GET', path: '/health?id={runId}', readReplies: true },
      poll: { path: '/health/{runId}/messages' },
    },
    receive: { messagesPath: '$', textPath: '$.status' },
    human: [{ path: '$.status', equals: 'ok' }],
    waitForHuman: true,
  },
};

const quiet = { info: () => {}, warn: () => {}, error: () => {} };

/** One probe: `{ measuredMs, outcome }`. */
async function keptAttempt() {
  // KEPT_BENCH_DIST: a build elsewhere (tsc -p tsconfig.build.json --outDir DIR), e.g. to measure a change without
  // rebuilding the shared dist/.
  const dist = process.env.KEPT_BENCH_DIST
    ? pathToFileURL(`${process.env.KEPT_BENCH_DIST}/`)
    : new URL('../dist/', import.meta.url);
  const kept = (path) => (from === 'src' ? `../src/${path}.ts` : new URL(`${path}.js`, dist).href);
  const { createAttemptRunner } = await import(kept('app/attempt-runner'));
  const { systemClock } = await import(kept('adapters/clock/system.clock'));
  const { chatApiOptionsSchema, createChatApiChannel } = await import(
    kept('adapters/channels/chat-api/chat-api.channel')
  );
  const channel = createChatApiChannel({ log: quiet });
  const runner = createAttemptRunner({ channelFor: () => channel, clock: systemClock, log: quiet });
  const probe = {
    id: `bench-${mode}`,
    kind: 'chat-api',
    target,
    schedule: { cron: '* * * * *', timeZone: 'UTC', jitterMs: 0, timeoutMs: 10_000 },
    verifies: [],
    options: chatApiOptionsSchema.parse(CATALOGUE_OPTIONS[mode]),
  };
  return async (id) => {
    const observation = await runner.attempt(probe, id);
    return { measuredMs: observation.timings.humanMs ?? null, outcome: observation.outcome };
  };
}

function bareAttempt() {
  const { Agent, request } = target.startsWith('https:') ? https : http;
  const exchange = (agent, method, path, body) =>
    new Promise((resolve, reject) => {
      const headers = {
        accept: 'application/json',
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
      };
      const req = request(`${target}${path}`, { method, agent, headers }, (res) => {
        const chunks = [];
        res.on('data', (chunk) => chunks.push(chunk));
        res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(body);
    });
  return async (id) => {
    const agent = new Agent({ keepAlive: true });
    const sentAt = performance.now();
    const send = mode === 'chat' ? ['POST', `/chat?id=${id}`] : ['GET', `/health?id=${id}`];
    const answer = await exchange(agent, send[0], send[1], JSON.stringify({ text: `Hello, run ${id}` }));
    const measuredMs = performance.now() - sentAt;
    agent.destroy();
    const met = mode === 'chat' ? answer.messages?.some((m) => m.from?.role === 'agent') : answer.status === 'ok';
    return met ? { measuredMs, outcome: 'met' } : { measuredMs: null, outcome: 'no reply' };
  };
}
const attempt = from === 'bare' ? bareAttempt() : await keptAttempt();

const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
const waitFor = async (word) => {
  for (let line = await lines.next(); !line.done; line = await lines.next()) if (line.value.trim() === word) return;
  process.exit(0); // the parent went away
};
const say = (value) => void process.stdout.write(`${JSON.stringify(value)}\n`);

const prefix = from === 'bare' ? 'n' : 'k';
await runPool(warmUp, { concurrency: 20 }, (i) => attempt(`${prefix}-${mode}-warm-${i}`));
await runPool(settle, pace, (i) => attempt(`${prefix}-${mode}-settle-${i}`));
say({ ready: true });
await waitFor('go');
const cpuBefore = process.cpuUsage();
const wallBefore = performance.now();
const results = await runPool(probes, pace, async (i) => {
  const id = `${prefix}-${mode}-${i}`;
  return { id, ...(await attempt(id)) };
});
const cpu = process.cpuUsage(cpuBefore);
const wallMs = performance.now() - wallBefore;
for (const result of results) say(result);
say({ done: true, cpuUs: cpu.user + cpu.system, wallMs });
await waitFor('exit');
process.exit(0);
