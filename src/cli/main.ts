import { Command, CommanderError } from 'commander';
import { AppError } from '../lib/errors.ts';
import { registerCoreCommands } from './commands/core.ts';
import { registerLandCommands } from './commands/land.ts';
import { registerOcdsCommands } from './commands/ocds.ts';
import { registerOpsCommands } from './commands/ops.ts';
import { registerPartnerCommands } from './commands/partners.ts';
import { registerProjectCommands } from './commands/projects.ts';
import { registerSealingCommands } from './commands/sealing.ts';
import { CliError, EXIT } from './runtime.ts';

/**
 * `npx berpa <command>`. Each module registers its commands in
 * src/cli/commands/<module>.ts and is added below, one line each.
 * Exit codes: 0 ok, 1 failed, 2 usage error, 3 bad input, 4 database unavailable,
 * 5 the embedded database is held by another Berpa process (see src/db/data-dir-lock.ts).
 */
const program = new Command().name('berpa').description('Berpa — open platform for a reconstruction programme').showHelpAfterError().exitOverride();

registerCoreCommands(program);
registerSealingCommands(program);
registerProjectCommands(program);
registerLandCommands(program);
registerOcdsCommands(program);
registerPartnerCommands(program);
registerOpsCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    process.exitCode = err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.exitCode === 0 ? EXIT.ok : EXIT.usage;
  } else if (err instanceof CliError) {
    console.error(`berpa: ${err.message}`);
    process.exitCode = err.exitCode;
  } else if (err instanceof AppError) {
    console.error(`berpa: ${err.message}${err.errors ? '\n' + err.errors.map((e) => `  ${e.field}: ${e.message}`).join('\n') : ''}`);
    process.exitCode = err.status >= 500 ? EXIT.failure : EXIT.badInput;
  } else {
    console.error('berpa:', err);
    process.exitCode = EXIT.failure;
  }
}
