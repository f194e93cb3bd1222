import { Command } from 'commander';
import { exitWhenDrained, failureOf } from './cli/exit.ts';
import { VERSION } from './cli/version.ts';

/** A command's module adds its arguments, flags and action to the command main.ts made for it. */
type Define = (command: Command) => void;

/**
 * Every command, with the summary `kept --help` shows. A command's module (and what it imports: stores, channels,
 * the HTTP service) is loaded only when that command runs, so `kept --version` or `kept validate` start fast.
 */
const COMMANDS: readonly { readonly name: string; readonly summary: string; readonly load: () => Promise<Define> }[] = [
  {
    name: 'validate',
    summary: 'check catalogue files and report every problem with file:line:column',
    load: async () => (await import('./cli/commands/validate.command.ts')).defineValidate,
  },
  {
    name: 'probe',
    summary: 'run one probe now and print its observation',
    load: async () => (await import('./cli/commands/probe.command.ts')).defineProbe,
  },
  {
    name: 'run',
    summary: 'run the scheduler and the service (API, /metrics) on a catalogue',
    load: async () => (await import('./cli/commands/run.command.ts')).defineRun,
  },
  {
    name: 'worker',
    summary: 'a fleet worker: make the attempts of planned runs taken from the queue (--queue redis://...)',
    load: async () => (await import('./cli/commands/worker.command.ts')).defineWorker,
  },
  {
    name: 'fleet',
    summary: 'the probe fleet on its queue: `kept fleet status --queue redis://...` (workers, locations, depth, lag)',
    load: async () => (await import('./cli/commands/fleet.command.ts')).defineFleet,
  },
  {
    name: 'verdicts',
    summary: 'judge every claim over a window from the stored observations',
    load: async () => (await import('./cli/commands/verdicts.command.ts')).defineVerdicts,
  },
  {
    name: 'rules',
    summary: 'generate Prometheus alerting and recording rules for every claim of a catalogue',
    load: async () => (await import('./cli/commands/rules.command.ts')).defineRules,
  },
  {
    name: 'demo',
    summary: 'start the simulated support desk and monitor it, replaying the last days fast',
    load: async () => (await import('./cli/commands/demo.command.ts')).defineDemo,
  },
  {
    name: 'signoff',
    summary:
      'judge the support claims in marketing copy against the evidence (exit 0 supported, 1 not supported, 2 unproven)',
    load: async () => (await import('./cli/commands/signoff.command.ts')).defineSignoff,
  },
  {
    name: 'export',
    summary: 'write the claims in another format: `kept export openslo` (OpenSLO v1 SLO, SLI, AlertPolicy)',
    load: async () => (await import('./cli/commands/export.command.ts')).defineExport,
  },
];

// A reader that stops early (`kept verdicts --json | head`) is not an error of Kept's: end quietly, as other tools do.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
    throw error;
  });
}

const program = new Command()
  .name('kept')
  .description('Kept checks whether customer-service promises are kept.')
  .version(VERSION)
  // Errors end as one line on stderr and an exit code (src/cli/exit.ts), never commander's own process.exit.
  .exitOverride()
  .configureOutput({
    outputError: (text, write) =>
      write(
        `kept: ${text
          .replace(/^error: /, '')
          .trimEnd()
          .replace(/\n/g, ' ')}\n`,
      ),
  });

// The command asked for is the first word that is not a flag (the only global flags are --help and --version), or the
// word after `help`.
const words = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
const asked = words[0] === 'help' ? words[1] : words[0];
let command: string | undefined;
try {
  for (const entry of COMMANDS) {
    const made = program.command(entry.name).description(entry.summary);
    if (entry.name === asked) {
      command = entry.name;
      (await entry.load())(made);
    }
  }
  await program.parseAsync(process.argv);
  await exitWhenDrained(typeof process.exitCode === 'number' ? process.exitCode : 0);
} catch (error) {
  const failure = failureOf(error, command);
  if (failure.message !== '') console.error(`kept: ${failure.message}`);
  if (failure.exitCode === 70 && process.env.KEPT_DEBUG) console.error(error);
  await exitWhenDrained(failure.exitCode);
}
