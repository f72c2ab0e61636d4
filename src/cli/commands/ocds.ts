import path from 'node:path';
import type { Command } from 'commander';
import { exportOcds } from '../../modules/ocds/export.service.ts';
import { commandGroup } from '../groups.ts';
import { progress, withDeps } from '../runtime.ts';

export function registerOcdsCommands(program: Command) {
  commandGroup(program, 'export', 'write open-data bulk files')
    .command('ocds')
    .description('write every OCDS release (releases.json) and record (records.json) into DIR')
    .argument('<dir>', 'output directory (created if missing)')
    .action(async (dir: string) => {
      const r = await withDeps('export-ocds', async (deps) => {
        const bar = progress('releases', 0);
        const out = await exportOcds(deps, path.resolve(dir), (n) => bar.tick(n));
        bar.done();
        return out;
      });
      console.log(`${r.releases} releases, ${r.records} records written to ${r.files.join(', ')}`);
    });
}
