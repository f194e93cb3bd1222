import { Command } from 'commander';
import { KeptError } from './domain/errors.ts';
import { registerDemo } from './cli/commands/demo.command.ts';
import { registerProbe } from './cli/commands/probe.command.ts';
import { registerRules } from './cli/commands/rules.command.ts';
import { registerRun } from './cli/commands/run.command.ts';
import { registerSignoff } from './cli/commands/signoff.command.ts';
import { registerValidate } from './cli/commands/validate.command.ts';
import { registerVerdicts } from './cli/commands/verdicts.command.ts';
import { VERSION } from './cli/version.ts';

/** Exit codes: 0 ok, 1 problems found (validate) or a claim not supported (signoff), 2 a claim unproven (signoff), 3 bad input, 4 a dependency is unavailable, 70 internal error. */
const EXIT = { validation: 3, transient: 4, fatal: 70 } as const;

const program = new Command()
  .name('kept')
  .description('Kept checks whether customer-service promises are kept.')
  .version(VERSION)
  .showHelpAfterError();
registerValidate(program);
registerProbe(program);
registerRun(program);
registerVerdicts(program);
registerRules(program);
registerDemo(program);
registerSignoff(program);

try {
  await program.parseAsync(process.argv);
  process.exit(process.exitCode ?? 0);
} catch (error) {
  if (error instanceof KeptError) {
    console.error(`kept: ${error.message}`);
    process.exit(error.code === 'catalogue.invalid' && program.args[0] === 'validate' ? 1 : EXIT[error.kind]);
  }
  console.error('kept: internal error', error);
  process.exit(EXIT.fatal);
}
