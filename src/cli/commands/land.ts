import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { IMPORT_FORMATS, type ImportFormat } from '../../modules/land/formats.ts';
import * as land from '../../modules/land/service.ts';
import { CliError, EXIT, withDeps } from '../runtime.ts';

/** `import` and `export` are shared by several modules: each adds its sub-commands to the one parent. */
function parent(program: Command, name: string, description: string): Command {
  return program.commands.find((c) => c.name() === name) ?? program.command(name).description(description);
}

const KINDS = ['areas', 'hazards', 'releases'] as const;

export function registerLandCommands(program: Command) {
  const imp = parent(program, 'import', 'import records from files');
  for (const kind of KINDS) {
    imp
      .command(`${kind} <file>`)
      .description(
        `import ${kind === 'areas' ? 'programme areas (country, districts, settlements)' : kind === 'hazards' ? 'hazardous areas (SHA/CHA)' : 'land-release activities'} from .geojson, .kml, .kmz, a zipped Shapefile (.zip with .prj) or .gpkg, reprojected to WGS 84; all or nothing`,
      )
      .option('--format <format>', `override the format guessed from the file name: ${IMPORT_FORMATS.join(' | ')}`)
      .option('--repair', 'repair invalid geometry with ST_MakeValid instead of refusing it')
      .option('--crs <code>', 'the coordinate system of a file that does not declare one, e.g. EPSG:32638')
      .option('--dry-run', 'check the file and print what would be created, updated or refused; write nothing')
      .option('--preview <file>', 'with --dry-run: write the GeoJSON preview (each feature with its action and errors) to this file')
      .action(async (file: string, opts: { format?: string; repair?: boolean; crs?: string; dryRun?: boolean; preview?: string }) => {
        if (!fs.existsSync(file)) throw new CliError(`no such file: ${file}`, EXIT.usage);
        if (opts.format && !(IMPORT_FORMATS as readonly string[]).includes(opts.format)) throw new CliError(`--format is one of ${IMPORT_FORMATS.join(', ')}`, EXIT.usage);
        const t = Date.now();
        type Result = Awaited<ReturnType<typeof land.importFile>>;
        const r: Result = await withDeps(
          `import-${kind}`,
          (_deps, ctx) =>
            land.importFile(
              ctx,
              kind,
              { bytes: fs.readFileSync(file), filename: file, format: opts.format as ImportFormat | undefined },
              { repair: opts.repair, crs: opts.crs, dryRun: opts.dryRun },
            ),
          {
            // Beside a running server: the same all-or-nothing import (or dry run), through its API.
            viaApi: (api) => {
              const form = new FormData();
              if (opts.format) form.set('format', opts.format);
              if (opts.repair) form.set('repair', 'true');
              if (opts.crs) form.set('crs', opts.crs);
              form.set('file', new Blob([fs.readFileSync(file)]), path.basename(file));
              return api.request<Result>('POST', `/api/v1/land/imports/${kind}${opts.dryRun ? '?dryRun=true' : ''}`, form);
            },
          },
        );
        if ('dryRun' in r) {
          console.log(
            `dry run, nothing written: ${r.features} features in ${file} (${r.sourceCrs}${r.encoding ? `, ${r.encoding}` : ''}): ${r.wouldCreate} would be created, ${r.wouldUpdate} updated, ${r.refused} refused`,
          );
          for (const e of r.errors) console.log(`  ${e.field}: ${e.message}`);
          if (opts.preview) fs.writeFileSync(opts.preview, JSON.stringify(r.preview));
          if (r.refused > 0) process.exitCode = EXIT.badInput;
          return;
        }
        console.log(
          `${r.imported} ${kind} imported from ${file} (${r.sourceCrs}${r.encoding ? `, ${r.encoding}` : ''}): ${r.created} created, ${r.updated} updated, import ${r.importId}, in ${Date.now() - t} ms`,
        );
      });
  }

  const exp = parent(program, 'export', 'export open data to files');
  for (const kind of ['hazards', 'releases'] as const) {
    exp
      .command(`${kind} <file>`)
      .description(`export every ${kind === 'hazards' ? 'hazardous area' : 'land-release activity'} as GeoJSON (RFC 7946), sensitive fields included: handle the file accordingly`)
      .option('--public', 'leave out the sensitive fields (notes, devices and their positions)')
      .action(async (file: string, opts: { public?: boolean }) => {
        await withDeps(`export-${kind}`, async (_deps, ctx) => {
          const c = opts.public ? { ...ctx, actor: { ...ctx.actor, roles: [] } } : ctx;
          const doc = kind === 'hazards' ? await land.hazardsGeoJson(c, {}) : await land.releasesGeoJson(c, {});
          fs.writeFileSync(file, doc);
          console.log(`${(JSON.parse(doc) as { features: unknown[] }).features.length} ${kind} written to ${file}`);
        });
      });
  }
}
