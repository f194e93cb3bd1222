/**
 * Kept side by side with Prometheus' blackbox_exporter (issue 14.7): the same local endpoint with a known delay
 * (bench/delay-endpoint.ts, its own process), probed N times one after another by each tool in the same run, for an
 * HTTP-style chat (POST a message, the reply comes back after D ms) and a plain HTTP check (GET /health after D ms).
 * For each: CPU time per probe of the probing process around the probe loop (below; Kept also by process.cpuUsage()
 * inside its loop) and the timing error, measured − the endpoint's own arrival → response-end delay for the same
 * request (matched by id).
 * With `--concurrency K` each tool has K probes in flight at a time, lanes started D/K apart (bench/probe-pool.mjs),
 * as a fleet of probes on a schedule has, and as Prometheus scraping K targets gives blackbox_exporter; the default 1
 * runs them one after another. Before the measured probes each tool runs `--warm-up W` probes 20 at a time (default
 * 1,000: V8 compiles Kept's hot code after some hundreds of runs, as it has in a Kept that has run for a while; the Go
 * binary is compiled already) and `--settle M` more at the measured pace (default 300, a minute one at a time). Slowed
 * from the burst, Node's V8 runs its memory reducer's collections some seconds later; they throw away optimised code
 * that points at objects they free, and at five probes a second V8 takes about a minute to optimise it again. Kept's
 * plain check cost 2.3 ms a probe after 20 at the pace, 1.97 after 75 and 1.83 after 300. CPU is read twice: from the
 * kernel's run time of each of the process's threads (the sum of /proc/<pid>/task/<tid>/schedstat, in ns, exact) and
 * from /proc/<pid>/stat (in ticks of 10 ms).
 * With `--tls` the endpoint speaks HTTPS with a certificate made for the run (EC P-256, for 127.0.0.1), which each tool
 * trusts (blackbox_exporter by `tls_config.ca_file`, the Node children by NODE_EXTRA_CA_CERTS): every probe then opens
 * a TLS connection, as probes of a chat back end on the internet do.
 *   node --import tsx bench/blackbox.bench.ts [--probes 200] [--concurrency 1] [--delay-ms 200] [--warm-up 1000]
 *     [--settle 300] [--tls] [--kept-from dist|src]
 * Kept runs from the compiled build in dist/ (what bin/kept.js runs) when there is one, else from src/ through tsx;
 * KEPT_BENCH_DIST=<dir> points the Kept child at another build (tsc -p tsconfig.build.json --outDir <dir>); outside
 * the repository, <dir>/../node_modules must resolve (e.g. a symlink to the repository's node_modules).
 * Prints a Markdown table. Needs /usr/bin/prometheus-blackbox-exporter (Debian's prometheus-blackbox-exporter).
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { runPool } from './probe-pool.mjs';
import { makeCertificate } from '../test/support/tls-certificate.ts';

const BLACKBOX = '/usr/bin/prometheus-blackbox-exporter';
const { values } = parseArgs({
  options: {
    probes: { type: 'string', default: '200' },
    concurrency: { type: 'string', default: '1' },
    'delay-ms': { type: 'string', default: '200' },
    'warm-up': { type: 'string', default: '1000' },
    settle: { type: 'string', default: '300' },
    'kept-from': { type: 'string' },
    tls: { type: 'boolean', default: false },
  },
});
const probes = Math.max(1, Math.min(5_000, Number(values.probes)));
const concurrency = Math.max(1, Math.min(50, probes, Number(values.concurrency)));
const delayMs = Math.max(0, Math.min(5_000, Number(values['delay-ms'])));
/** The measured pace: K lanes started D/K apart. */
const pace = { concurrency, staggerMs: concurrency > 1 ? delayMs / concurrency : 0 };
const warmUp = Math.max(0, Math.min(5_000, Number(values['warm-up'])));
const settle = Math.max(0, Math.min(1_000, Number(values.settle)));
const ROOT = join(import.meta.dirname, '..');
const keptFrom = values['kept-from'] ?? (existsSync(join(ROOT, 'dist/main.js')) ? 'dist' : 'src');
if (keptFrom !== 'dist' && keptFrom !== 'src') throw new Error('--kept-from is dist or src');
const KEPT_FILES = [
  'app/attempt-runner',
  'adapters/channels/chat-api/chat-api.channel',
  'adapters/channels/chat-api/http.transport',
  'adapters/channels/chat-api/http-client',
  'adapters/channels/chat-api/conversation.recorder',
];
const stale =
  keptFrom === 'dist'
    ? KEPT_FILES.filter(
        (f) => statSync(join(ROOT, 'src', `${f}.ts`)).mtimeMs > statSync(join(ROOT, 'dist', `${f}.js`)).mtimeMs,
      )
    : [];
if (stale.length > 0) console.error(`warning: dist/ is older than src/ for ${stale.join(', ')} (npm run build)`);
const TICK = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
const CHAT_BODY = '{"text":"Hello, is anyone there?"}';

const children: ChildProcess[] = [];
const workDir = mkdtempSync(join(tmpdir(), 'kept-blackbox-'));
function stopAll(): void {
  for (const child of children) if (child.pid !== undefined && child.exitCode === null) child.kill('SIGTERM');
  rmSync(workDir, { recursive: true, force: true });
}
process.on('exit', stopAll);

/** With --tls: a certificate for 127.0.0.1 made for this run (cert.pem, cert-key.pem in the work directory). */
const caFile = values.tls ? makeCertificate(workDir, 'cert', 'IP:127.0.0.1').certFile : undefined;
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(130));

/** User + system CPU of a process so far, in ms, from /proc/<pid>/stat (all its threads). */
function procCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICK;
}
/** CPU time of a process so far, in ms, from the kernel's run time of each of its threads (ns; exact). */
function schedCpuMs(pid: number): number {
  let ns = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      ns += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
    } catch {
      // the thread ended between the listing and the read
    }
  }
  return ns / 1e6;
}
/** Both CPU readings of a process. */
const cpuOf = (pid: number): { sched: number; proc: number } => ({ sched: schedCpuMs(pid), proc: procCpuMs(pid) });

const loadAverage = (): string => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

/** Starts a child whose stdout is JSON lines; `lines` yields them parsed. */
function startChild(
  command: string,
  args: string[],
): { child: ChildProcess; lines: AsyncIterator<Record<string, unknown>> } {
  const env = caFile === undefined ? process.env : { ...process.env, NODE_EXTRA_CA_CERTS: caFile };
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'inherit'], env });
  children.push(child);
  const reader = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  async function* parsed(): AsyncGenerator<Record<string, unknown>> {
    for await (const line of reader) if (line.startsWith('{')) yield JSON.parse(line) as Record<string, unknown>;
  }
  return { child, lines: parsed() };
}
async function next(lines: AsyncIterator<Record<string, unknown>>, what: string): Promise<Record<string, unknown>> {
  const line = await lines.next();
  if (line.done) throw new Error(`${what}: the process ended early`);
  return line.value;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

// The endpoint, and the true delay of every request it answered, by id.
const endpoint = startChild(process.execPath, [
  '--import',
  'tsx',
  join(import.meta.dirname, 'delay-endpoint.ts'),
  String(delayMs),
  ...(caFile === undefined ? [] : [`--tls=${workDir}`]),
]);
const endpointUrl = String((await next(endpoint.lines, 'endpoint')).url);
const truths = new Map<string, number>();
void (async () => {
  for (let line = await endpoint.lines.next(); !line.done; line = await endpoint.lines.next()) {
    truths.set(String(line.value.id), Number(line.value.trueDelayMs));
  }
})();

// blackbox_exporter, loopback only.
const tlsConfig = caFile === undefined ? '' : `\n      tls_config:\n        ca_file: ${caFile}`;
const config = `modules:
  http_2xx:
    prober: http
    timeout: 10s
    http:
      method: GET
      valid_status_codes: [200]
      preferred_ip_protocol: ip4${tlsConfig}
  http_post_chat:
    prober: http
    timeout: 10s
    http:
      method: POST
      headers:
        Content-Type: application/json
      body: '${CHAT_BODY}'
      valid_status_codes: [200]
      preferred_ip_protocol: ip4${tlsConfig}
      fail_if_body_not_matches_regexp:
        - '"role":"agent"'
`;
writeFileSync(join(workDir, 'blackbox.yml'), config);
const blackboxPort = await freePort();
const blackboxUrl = `http://127.0.0.1:${blackboxPort}`;
const blackbox = spawn(
  BLACKBOX,
  [
    `--config.file=${join(workDir, 'blackbox.yml')}`,
    `--web.listen-address=127.0.0.1:${blackboxPort}`,
    '--log.level=warn',
  ],
  {
    stdio: ['ignore', 'ignore', 'inherit'],
  },
);
children.push(blackbox);
const blackboxPid = blackbox.pid as number;
for (let tries = 0; ; tries += 1) {
  try {
    if ((await fetch(`${blackboxUrl}/-/healthy`)).ok) break;
  } catch {
    // not listening yet
  }
  if (tries > 100 || blackbox.exitCode !== null) throw new Error('blackbox_exporter did not start');
  await new Promise((resolve) => setTimeout(resolve, 100));
}

interface Sample {
  readonly id: string;
  readonly measuredMs: number;
  readonly ok: boolean;
}
interface Side {
  /** CPU per probe from the kernel's run time of the process's threads (schedstat): the figure compared. */
  readonly cpuMsPerProbe: number;
  /** The same from /proc/<pid>/stat, in ticks: a check on the first. */
  readonly procMsPerProbe: number;
  /** Kept's own reading, process.cpuUsage() around its loop. */
  readonly cpuUsageMsPerProbe?: number;
  readonly samples: Sample[];
  readonly wallMs: number;
}

/** One blackbox probe: the exporter's own measurement is `probe_duration_seconds` of its answer. */
async function blackboxProbe(module: string, path: string, id: string): Promise<Sample & { httpMs: number }> {
  const target = encodeURIComponent(`${endpointUrl}${path}?id=${id}`);
  const text = await (await fetch(`${blackboxUrl}/probe?module=${module}&target=${target}`)).text();
  const metric = (name: string): number[] =>
    [...text.matchAll(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'gm'))].map((m) => Number(m[1]));
  const httpMs = metric('probe_http_duration_seconds').reduce((a, b) => a + b, 0) * 1000;
  return {
    id,
    measuredMs: (metric('probe_duration_seconds')[0] ?? Number.NaN) * 1000,
    ok: metric('probe_success')[0] === 1,
    httpMs,
  };
}

async function runBlackbox(module: string, path: string, label: string): Promise<Side & { httpMs: number[] }> {
  await runPool(warmUp, { concurrency: 20 }, (i) => blackboxProbe(module, path, `bb-${label}-warm-${i}`));
  await runPool(settle, pace, (i) => blackboxProbe(module, path, `bb-${label}-settle-${i}`));
  const before = cpuOf(blackboxPid);
  const wallBefore = performance.now();
  const samples = await runPool(probes, pace, (i) => blackboxProbe(module, path, `bb-${label}-${i}`));
  const wallMs = performance.now() - wallBefore;
  const after = cpuOf(blackboxPid);
  return {
    cpuMsPerProbe: (after.sched - before.sched) / probes,
    procMsPerProbe: (after.proc - before.proc) / probes,
    samples,
    httpMs: samples.map((sample) => sample.httpMs),
    wallMs,
  };
}

/** Kept's probes in a child process (`from` dist or src), or `bare`: the same two requests with node:http alone. */
async function runKept(mode: 'chat' | 'health', from: string = keptFrom): Promise<Side> {
  const loader = from === 'src' ? ['--import', 'tsx'] : [];
  const childArgs = [
    join(import.meta.dirname, 'blackbox-kept-child.mjs'),
    endpointUrl,
    mode,
    `--from=${from}`,
    `--probes=${probes}`,
    `--concurrency=${concurrency}`,
    `--stagger-ms=${pace.staggerMs}`,
    `--warm-up=${warmUp}`,
    `--settle=${settle}`,
  ];
  const kept = startChild(process.execPath, [...loader, ...childArgs]);
  const pid = kept.child.pid as number;
  await next(kept.lines, 'kept child'); // {"ready": true}
  const before = cpuOf(pid);
  kept.child.stdin?.write('go\n');
  const samples: Sample[] = [];
  for (;;) {
    const line = await next(kept.lines, 'kept child');
    if (line.done === true) {
      const after = cpuOf(pid);
      kept.child.stdin?.write('exit\n');
      return {
        cpuMsPerProbe: (after.sched - before.sched) / probes,
        procMsPerProbe: (after.proc - before.proc) / probes,
        cpuUsageMsPerProbe: Number(line.cpuUs) / 1000 / probes,
        samples,
        wallMs: Number(line.wallMs),
      };
    }
    samples.push({
      id: String(line.id),
      measuredMs: line.measuredMs === null ? Number.NaN : Number(line.measuredMs),
      ok: line.measuredMs !== null,
    });
  }
}

function errorsOf(
  samples: readonly Sample[],
  measured?: readonly number[],
): { sorted: number[]; unmatched: number; failed: number } {
  const errors: number[] = [];
  let unmatched = 0;
  let failed = 0;
  samples.forEach((sample, i) => {
    const truth = truths.get(sample.id);
    const value = measured?.[i] ?? sample.measuredMs;
    if (!sample.ok || !Number.isFinite(value)) failed += 1;
    else if (truth === undefined) unmatched += 1;
    else errors.push(value - truth);
  });
  return { sorted: errors.sort((a, b) => a - b), unmatched, failed };
}
const at = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? Number.NaN;
const signed = (x: number): string => `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(1)}`;
function errorCell(samples: readonly Sample[], measured?: readonly number[]): string {
  const { sorted, unmatched, failed } = errorsOf(samples, measured);
  const extra = [failed > 0 ? `${failed} failed` : '', unmatched > 0 ? `${unmatched} unmatched` : '']
    .filter(Boolean)
    .join(', ');
  return `${signed(at(sorted, 0.5))} / ${signed(at(sorted, 0.95))} / ${signed(sorted[sorted.length - 1] ?? Number.NaN)} ms${extra ? ` (${extra})` : ''}`;
}

const loadBefore = loadAverage();
const results: { check: string; tool: string; side: Side; measured: string; error: string }[] = [];
try {
  const bbChat = await runBlackbox('http_post_chat', '/chat', 'chat');
  const keptChat = await runKept('chat');
  const bareChat = await runKept('chat', 'bare');
  const bbHealth = await runBlackbox('http_2xx', '/health', 'health');
  const keptHealth = await runKept('health');
  const bareHealth = await runKept('health', 'bare');
  await new Promise((resolve) => setTimeout(resolve, 200)); // the endpoint's last lines
  const bbMeasured = 'probe_duration_seconds';
  const keptMeasured = 'humanMs (POST sent → its answer carrying the reply, http.send.readReplies)';
  results.push(
    {
      check: 'chat: POST /chat, reply after D',
      tool: 'blackbox_exporter 0.23',
      side: bbChat,
      measured: bbMeasured,
      error: errorCell(bbChat.samples),
    },
    {
      check: '',
      tool: '',
      side: bbChat,
      measured: 'sum of probe_http_duration_seconds',
      error: errorCell(bbChat.samples, bbChat.httpMs),
    },
    {
      check: '',
      tool: 'Kept chat-api (http)',
      side: keptChat,
      measured: keptMeasured,
      error: errorCell(keptChat.samples),
    },
    {
      check: '',
      tool: 'floor: node:http, no Kept code',
      side: bareChat,
      measured: 'the same POST, bare',
      error: errorCell(bareChat.samples),
    },
    {
      check: 'plain: GET /health after D',
      tool: 'blackbox_exporter 0.23',
      side: bbHealth,
      measured: bbMeasured,
      error: errorCell(bbHealth.samples),
    },
    {
      check: '',
      tool: '',
      side: bbHealth,
      measured: 'sum of probe_http_duration_seconds',
      error: errorCell(bbHealth.samples, bbHealth.httpMs),
    },
    {
      check: '',
      tool: 'Kept chat-api (http), closest',
      side: keptHealth,
      measured: 'humanMs (GET /health sent → its answer "ok", http.send.readReplies)',
      error: errorCell(keptHealth.samples),
    },
    {
      check: '',
      tool: 'floor: node:http, no Kept code',
      side: bareHealth,
      measured: 'the same GET, bare',
      error: errorCell(bareHealth.samples),
    },
  );
} finally {
  for (const child of [...children].reverse()) if (child.exitCode === null) child.kill('SIGTERM');
}

const cpuCell = (row: (typeof results)[number]): string => {
  if (row.tool === '') return '″';
  const { cpuMsPerProbe, procMsPerProbe, cpuUsageMsPerProbe } = row.side;
  const usage = cpuUsageMsPerProbe === undefined ? '' : `; cpuUsage ${cpuUsageMsPerProbe.toFixed(2)}`;
  return `${cpuMsPerProbe.toFixed(2)} ms (schedstat; /proc ${procMsPerProbe.toFixed(2)}${usage})`;
};
console.log(
  `\n${new Date().toISOString().slice(0, 16)}Z · ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'} · ${Math.round(totalmem() / 2 ** 30)} GiB · Node ${process.version}`,
);
console.log(
  `load average ${loadBefore} before, ${loadAverage()} after · ${probes} probes each, ${concurrency === 1 ? 'one at a time' : `${concurrency} in flight at a time`}, after ${warmUp} warm-up (20 at a time) and ${settle} at that pace · endpoint delay D = ${delayMs} ms${caFile === undefined ? '' : ' · HTTPS (EC P-256 certificate)'} · CLK_TCK ${TICK} · Kept from ${keptFrom}/\n`,
);
console.log('| check | tool | CPU per probe | probe loop wall | measured as | error vs true delay: p50 / p95 / max |');
console.log('|---|---|---|---|---|---|');
for (const row of results) {
  const wall = row.tool === '' ? '″' : `${(row.side.wallMs / 1000).toFixed(1)} s`;
  console.log(`| ${row.check} | ${row.tool} | ${cpuCell(row)} | ${wall} | ${row.measured} | ${row.error} |`);
}
