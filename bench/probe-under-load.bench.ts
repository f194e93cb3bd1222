/**
 * Does load on Kept's API change what its probes measure? `kept run` (the real CLI: service process plus probe
 * worker) probes a chat peer that answers after a fixed 800 ms (bench/fixed-delay-peer.ts, its own process), every
 * 2 seconds, with 1,000 claims in the catalogue; first with nobody on the API, then with 50 autocannon clients on
 * /api/claims, in the same run. The error of each attempt is Kept's time to the person minus the delay the peer itself
 * kept between the message's arrival and its reply.
 *   node --import tsx bench/probe-under-load.bench.ts [--seconds 60] [--connections 50] [--workers 1]
 * With bench/.cache/api-load-1000-360.db present (bench/api-load.bench.ts makes it) its 90 days of history are used.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs, promisify } from 'node:util';
import { scaleCatalogue } from './scale-fixture.ts';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '60' },
    connections: { type: 'string', default: '50' },
    workers: { type: 'string', default: '1' },
    'delay-ms': { type: 'string', default: '800' },
  },
});
const seconds = Number(values.seconds);
const root = join(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'kept-probe-load-'));
const children: ChildProcess[] = [];
const stopAll = (): void => children.forEach((child) => child.kill('SIGTERM'));
process.on('exit', stopAll);

/** Starts a process and resolves with it once a line of its output matches. */
function start(
  args: readonly string[],
  pattern: RegExp,
  onLine: (line: string) => void = () => {},
): Promise<[ChildProcess, RegExpMatchArray]> {
  const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    let found = false;
    const read = (line: string): void => {
      onLine(line);
      const match = found ? null : line.match(pattern);
      if (match !== null) {
        found = true;
        resolve([child, match]);
      }
    };
    createInterface({ input: child.stdout! }).on('line', read);
    createInterface({ input: child.stderr! }).on('line', read);
    child.once('exit', (code) => found || reject(new Error(`${args.join(' ')} exited with ${code}`)));
  });
}

// The peer, with the delay it kept for each message.
const truths = new Map<string, number>();
const [, peerUrl] = await start(
  ['--import', 'tsx', 'bench/fixed-delay-peer.ts', String(values['delay-ms'])],
  /"url":"(ws:[^"]+)"/,
  (line) => {
    if (!line.includes('trueDelayMs')) return;
    const { text, trueDelayMs } = JSON.parse(line) as { text: string; trueDelayMs: number };
    truths.set(text, trueDelayMs);
  },
);

// 1,000 claims as bench/scale-fixture.ts makes them; the first is verified by the timing probe, each other one by a
// probe of its own that runs once a year (on 1 January), so that only the timing probe runs during the bench.
const claims = scaleCatalogue(1_000).claims.map((c) => ({
  id: c.id,
  copy: c.copy,
  publishedAt: 'https://example.invalid',
  owner: c.owner,
  channels: ['chat'],
  hours:
    c.hours.kind === 'always'
      ? '24/7'
      : { timeZone: c.hours.timeZone, weekly: [{ days: 'mon-fri', from: '08:00', to: '20:00' }] },
  promise: { human: '2m' },
  target: c.target.kind === 'absolute' ? 'absolute' : '95%',
}));
const catalogue = {
  version: 'kept/v1',
  service: { name: 'Probe under load', timeZone: 'Europe/London' },
  evaluation: { window: '90d', coveragePeriod: '7d', minSamples: 30 },
  claims,
  probes: [
    {
      id: 'timing-probe',
      channel: 'chat-api',
      target: peerUrl?.[1] ?? '',
      schedule: { cron: '*/2 * * * * *', jitter: '0s', timeout: '10s' },
      verifies: ['claim-0000'],
      options: {
        transport: 'websocket',
        message: 'Timing run {runId}',
        send: { type: 'message', text: '{message}' },
        receive: { textPath: '$.text', senderPath: '$.from.role' },
        human: [{ path: '$.from.role', equals: 'agent' }],
        waitForHuman: true,
      },
    },
    ...claims.slice(1).map((claim) => ({
      id: `probe-${claim.id}`,
      channel: 'chat-api',
      target: peerUrl?.[1] ?? '',
      schedule: { cron: '0 3 1 1 *', jitter: '0s', timeout: '10s' },
      verifies: [claim.id],
      options: {
        transport: 'websocket',
        message: 'Yearly run {runId}',
        send: { type: 'message', text: '{message}' },
        receive: { textPath: '$.text', senderPath: '$.from.role' },
        human: [{ path: '$.from.role', equals: 'agent' }],
        waitForHuman: true,
      },
    })),
  ],
};
const cataloguePath = join(dir, 'catalogue.json');
writeFileSync(cataloguePath, JSON.stringify(catalogue, null, 2));
const seed = join(import.meta.dirname, '.cache', 'api-load-1000-360.db');
if (existsSync(seed)) copyFileSync(seed, join(dir, 'kept.db'));

const [, kept] = await start(
  [
    '--import',
    'tsx',
    'src/main.ts',
    'run',
    '-c',
    cataloguePath,
    '--data',
    dir,
    '--port',
    '0',
    '--workers',
    String(values.workers),
  ],
  /"url":"(http:\/\/[^"]+)"/,
);
const url = kept[1] ?? '';
console.error(`kept at ${url}; peer at ${peerUrl?.[1]}; data in ${dir}`);

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const autocannon = createRequire(import.meta.url).resolve('autocannon/autocannon.js');

interface Phase {
  readonly label: string;
  readonly from: number;
  readonly to: number;
  readonly load?: { p50: number; p99: number; errors: number; requests: number };
}
const phases: Phase[] = [];
await sleep(5_000); // the worker warms up
let from = Date.now();
await sleep(seconds * 1_000);
phases.push({ label: 'nobody on the API', from, to: Date.now() });
from = Date.now();
const { stdout } = await promisify(execFile)(
  process.execPath,
  [
    autocannon,
    '--json',
    '-c',
    String(values.connections),
    '-d',
    String(seconds),
    '-H',
    'Accept-Encoding: gzip, br',
    `${url}/api/claims`,
  ],
  { maxBuffer: 64 * 2 ** 20 },
);
const report = JSON.parse(stdout) as {
  latency: { p50: number; p99: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  requests: { total: number };
};
phases.push({
  label: `${values.connections} clients on /api/claims`,
  from,
  to: Date.now(),
  load: {
    p50: report.latency.p50,
    p99: report.latency.p99,
    errors: report.errors + report.timeouts + report.non2xx,
    requests: report.requests.total,
  },
});
await sleep(12_000); // the last attempts finish

interface ObservationJson {
  id: string;
  startedAt: string;
  outcome: string;
  reason?: string;
  timings: { humanMs?: number };
}
const body = (await (await fetch(`${url}/api/claims/claim-0000/observations?from=1h&limit=10000`)).json()) as {
  observations: ObservationJson[];
};
stopAll();

const pct = (xs: number[], p: number): number =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))] ?? Number.NaN;
console.log(
  `\n${new Date().toISOString().slice(0, 10)} · ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'} · ${Math.round(totalmem() / 2 ** 30)} GiB · Node ${process.version} · load average ${loadavg()[0]?.toFixed(2)}`,
);
console.log(
  `kept run --workers ${values.workers}, 1,000 claims${existsSync(seed) ? ' with 90 days of history' : ''}; a chat peer answering after ${values['delay-ms']} ms; an attempt every 2 s\n`,
);
console.log(
  '| phase | attempts | error p50 | error p99 | max | inconclusive | API p50 / p99 |\n|---|---|---|---|---|---|---|',
);
for (const phase of phases) {
  const inPhase = body.observations.filter(
    (o) => Date.parse(o.startedAt) >= phase.from && Date.parse(o.startedAt) < phase.to,
  );
  const errors = inPhase.flatMap((o) => {
    const truth = truths.get(`Timing run ${o.id}`);
    return o.timings.humanMs === undefined || truth === undefined ? [] : [o.timings.humanMs - truth];
  });
  const inconclusive = inPhase.filter((o) => o.outcome === 'inconclusive');
  const api =
    phase.load === undefined
      ? '-'
      : `${phase.load.p50} / ${phase.load.p99} ms (${phase.load.requests} requests, ${phase.load.errors} errors)`;
  const abs = errors.map(Math.abs);
  console.log(
    `| ${phase.label} | ${inPhase.length} | ${pct(abs, 0.5).toFixed(1)} ms | ${pct(abs, 0.99).toFixed(1)} ms | ${Math.max(...abs).toFixed(1)} ms | ${inconclusive.length}${inconclusive[0]?.reason ? ` (${inconclusive[0].reason})` : ''} | ${api} |`,
  );
}
