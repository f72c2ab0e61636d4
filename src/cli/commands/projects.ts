import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { AppError } from '../../lib/errors.ts';
import { exportCsv, exportGeoJson, exportOc4ids } from '../../modules/projects/export.ts';
import { importProjects } from '../../modules/projects/import.ts';
import { CliError, EXIT, withDeps } from '../runtime.ts';

/** `import` and `export` are shared by several modules: each adds its own sub-command to the one parent. */
function parent(program: Command, name: string, description: string): Command {
  return program.commands.find((c) => c.name() === name) ?? program.command(name).description(description);
}

export function registerProjectCommands(program: Command) {
  parent(program, 'import', 'import records from files')
    .command('projects <file>')
    .description('import projects from .csv, .xlsx or an OC4IDS package (.json); all or nothing unless --valid-only')
    .option('--valid-only', 'import the valid rows and report the others')
    .action(async (file: string, opts: { validOnly?: boolean }) => {
      if (!fs.existsSync(file)) throw new CliError(`no such file: ${file}`, EXIT.usage);
      const report = (r: Awaited<ReturnType<typeof importProjects>>) => {
        console.log(`${r.imported} project(s) imported (${r.created} new, ${r.updated} updated), ${r.skipped} skipped`);
        for (const e of r.errors) console.error(`  row ${e.row}, ${e.column}: ${e.message}`);
      };
      await withDeps(
        'import-projects',
        async (_deps, ctx) => {
          try {
            report(await importProjects(ctx, fs.readFileSync(file), file, { validOnly: opts.validOnly }));
          } catch (err) {
            const rows = err instanceof AppError ? (err.extra?.rows as { row: number; column: string; message: string }[] | undefined) : undefined;
            if (!rows) throw err;
            for (const e of rows) console.error(`  row ${e.row}, ${e.column}: ${e.message}`);
            throw new CliError(`${err instanceof Error ? err.message.split(':')[0] : 'import failed'}`, EXIT.badInput);
          }
        },
        {
          // Beside a running server: the same import, through its API.
          viaApi: async (api) => {
            const form = new FormData();
            form.set('file', new Blob([fs.readFileSync(file)]), path.basename(file));
            report(await api.request('POST', `/api/v1/projects/import${opts.validOnly ? '?validOnly=true' : ''}`, form));
          },
        },
      );
    });

  parent(program, 'export', 'export open data to files')
    .command('projects <file>')
    .description('export every project as CSV, GeoJSON or an OC4IDS package')
    .requiredOption('--format <format>', 'csv | geojson | oc4ids')
    .action(async (file: string, opts: { format: string }) => {
      if (!['csv', 'geojson', 'oc4ids'].includes(opts.format)) throw new CliError('--format is csv, geojson or oc4ids', EXIT.usage);
      await withDeps('export-projects', async (_deps, ctx) => {
        const body = opts.format === 'csv' ? await exportCsv(ctx) : JSON.stringify(opts.format === 'geojson' ? await exportGeoJson(ctx) : await exportOc4ids(ctx), null, 1);
        fs.writeFileSync(file, body);
        console.log(`wrote ${file}`);
      });
    });
}
