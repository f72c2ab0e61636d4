import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { AppError } from '../../lib/errors.ts';
import { exportCsv, exportGeoJson, exportOc4ids } from '../../modules/projects/export.service.ts';
import { importOcds } from '../../modules/projects/external-ocds.service.ts';
import { importProjects } from '../../modules/projects/import.service.ts';
import { FILE_LANGUAGES, type FileLanguage } from '../../modules/projects/locale.ts';
import { ENCODINGS, type Encoding } from '../../modules/projects/text-decode.ts';
import { CliError, EXIT, withDeps } from '../runtime.ts';

/** `import` and `export` are shared by several modules: each adds its own sub-command to the one parent. */
function parent(program: Command, name: string, description: string): Command {
  return program.commands.find((c) => c.name() === name) ?? program.command(name).description(description);
}

export function registerProjectCommands(program: Command) {
  parent(program, 'import', 'import records from files')
    .command('projects <file>')
    .description(
      'import projects from .csv/.tsv (comma, semicolon or tab; UTF-8, UTF-16, Windows-1251/-1254), .xlsx or an OC4IDS package (.json); all or nothing unless --valid-only',
    )
    .option('--valid-only', 'import the valid rows and report the others')
    .option('--dry-run', 'report what would be created, updated or refused, row by row; write nothing')
    .option('--language <lang>', `the file's language for numbers and dates: ${FILE_LANGUAGES.join(', ')} (az/ru: 1 234,56)`)
    .option('--encoding <name>', 'override the detected text encoding: utf-8, utf-16le, utf-16be, windows-1251, windows-1254')
    .action(async (file: string, opts: { validOnly?: boolean; dryRun?: boolean; language?: string; encoding?: string }) => {
      if (!fs.existsSync(file)) throw new CliError(`no such file: ${file}`, EXIT.usage);
      if (opts.language && !(FILE_LANGUAGES as readonly string[]).includes(opts.language)) throw new CliError(`--language is one of ${FILE_LANGUAGES.join(', ')}`, EXIT.usage);
      if (opts.encoding && !(ENCODINGS as readonly string[]).includes(opts.encoding)) throw new CliError(`--encoding is one of ${ENCODINGS.join(', ')}`, EXIT.usage);
      const report = (r: Awaited<ReturnType<typeof importProjects>>) => {
        if (r.file)
          console.log(
            `read ${[r.file.sheet && `sheet "${r.file.sheet}"`, r.file.encoding, r.file.separator && `separator ${r.file.separator}`, `header on row ${r.file.headerRow}`, `numbers like ${r.file.numbers}`].filter(Boolean).join(', ')}`,
          );
        if (r.dryRun) {
          for (const row of r.rows)
            console.log(
              `  row ${row.row} ${row.code || '(no code)'}: would ${row.action}${row.kept?.length ? `; keeps ${row.kept.join(', ')}` : ''}${row.flags?.length ? `; ${row.flags.join('; ')}` : ''}`,
            );
          console.log(
            `dry run: ${r.created} would be created, ${r.updated} updated, ${r.skipped} refused; nothing written${r.wouldImport ? '' : ' (as it stands the import would be refused: fix the rows or use --valid-only)'}`,
          );
        } else console.log(`${r.imported} project(s) imported (${r.created} new, ${r.updated} updated), ${r.skipped} skipped`);
        for (const e of r.errors) console.error(`  row ${e.row}, ${e.column}${e.pointer ? ` (${e.pointer})` : ''}: ${e.message}`);
      };
      await withDeps(
        'import-projects',
        async (_deps, ctx) => {
          try {
            report(
              await importProjects(ctx, fs.readFileSync(file), file, {
                validOnly: opts.validOnly,
                dryRun: opts.dryRun,
                language: opts.language as FileLanguage | undefined,
                encoding: opts.encoding as Encoding | undefined,
              }),
            );
          } catch (err) {
            const rows = err instanceof AppError ? (err.extra?.rows as { row: number; column: string; message: string; pointer?: string }[] | undefined) : undefined;
            if (!rows) throw err;
            for (const e of rows) console.error(`  row ${e.row}, ${e.column}${e.pointer ? ` (${e.pointer})` : ''}: ${e.message}`);
            throw new CliError(`${err instanceof Error ? err.message.split(':')[0] : 'import failed'}`, EXIT.badInput);
          }
        },
        {
          // Beside a running server: the same import (or dry run), through its API.
          viaApi: async (api) => {
            const form = new FormData();
            form.set('file', new Blob([fs.readFileSync(file)]), path.basename(file));
            const q = new URLSearchParams();
            if (opts.validOnly) q.set('validOnly', 'true');
            if (opts.dryRun) q.set('dryRun', 'true');
            if (opts.language) q.set('language', opts.language);
            if (opts.encoding) q.set('encoding', opts.encoding);
            report(await api.request('POST', `/api/v1/projects/import${q.size ? `?${q}` : ''}`, form));
          },
        },
      );
    });

  parent(program, 'import', 'import records from files')
    .command('ocds <file>')
    .description('follow contracting processes published elsewhere: an OCDS release or record package linked to projects (read-only, compiled with the OCDS merge rules)')
    .option('--project <id>', 'link every process to this project (id or code); otherwise by planning.budget.projectID, by a project listing the OCID, or by the earlier link')
    .option('--dry-run', 'report per process what would be created, updated or refused; write nothing')
    .action(async (file: string, opts: { project?: string; dryRun?: boolean }) => {
      if (!fs.existsSync(file)) throw new CliError(`no such file: ${file}`, EXIT.usage);
      await withDeps('import-ocds', async (_deps, ctx) => {
        const r = await importOcds(ctx, fs.readFileSync(file), { project: opts.project, dryRun: opts.dryRun });
        for (const p of r.processes)
          console.log(
            `  ${p.ocid} → ${p.projectCode ?? p.projectId ?? '(no project)'}: ${r.dryRun ? 'would ' : ''}${p.action} (${p.newReleases} new release(s), ${p.knownReleases} known)`,
          );
        for (const e of r.errors) console.error(`  ${e.pointer}: ${e.message}`);
        console.log(
          r.dryRun
            ? `dry run (${r.kind}): nothing written${r.wouldImport ? '' : '; as it stands the import would be refused'}`
            : `${r.processes.length} contracting process(es) from a ${r.kind}`,
        );
      });
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
