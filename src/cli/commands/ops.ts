import type { Command } from 'commander';
import { loadConfig } from '../../config.ts';
import { BackupError, backup, restore } from '../../ops/backup.ts';
import { CliError, EXIT } from '../runtime.ts';

const exitOf = (e: BackupError) => (e.kind === 'busy' ? EXIT.busy : e.kind === 'usage' ? EXIT.usage : EXIT.failure);

async function guarded<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof BackupError) throw new CliError(err.message, exitOf(err));
    throw err;
  }
}

export function registerOpsCommands(program: Command) {
  program
    .command('backup <file>')
    .description('write the whole platform (database, documents, signing key) to FILE; embedded: the server must be stopped')
    .action(async (file: string) => {
      const m = await guarded(() => backup(loadConfig(), file));
      console.log(`backup of the ${m.backend} database written to ${file}: ${m.documents} document(s), audit head ${m.auditHead.seq}:${m.auditHead.hash}`);
    });

  program
    .command('restore <file>')
    .description('restore a backup into an empty database (of the same backend) and verify the audit chain against the head pinned in it')
    .option('--force', 'replace a database that is not empty')
    .action(async (file: string, opts: { force?: boolean }) => {
      const r = await guarded(() => restore(loadConfig(), file, { force: opts.force }));
      console.log(
        `restored ${r.manifest.backend} backup of ${r.manifest.createdAt}: ${r.manifest.documents} document(s); audit chain verified (${r.verified.checked} links, head ${r.manifest.auditHead.seq} present)`,
      );
    });
}
