import type { Command } from 'commander';
import { createPeriod, listPartners } from '../../modules/partners/periods.service.ts';
import { CliError, EXIT, withDeps } from '../runtime.ts';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** `berpa partners list` and `berpa partners add`: the partner periods that tender eligibility reads. */
export function registerPartnerCommands(program: Command) {
  const partners = program.command('partners').description('partner countries of the programme and their periods');
  partners
    .command('list')
    .description('partner countries with their periods; "*" marks those that are partners on the day')
    .option('--on <YYYY-MM-DD>', 'judge "partner" on this day instead of today')
    .option('--json', 'print JSON')
    .action(async (opts: { on?: string; json?: boolean }) => {
      if (opts.on && !DAY.test(opts.on)) throw new CliError('--on takes a day as YYYY-MM-DD', EXIT.usage);
      const r = await withDeps('partners-list', (_deps, ctx) => listPartners(ctx, { on: opts.on }));
      if (opts.json) return console.log(JSON.stringify(r, null, 2));
      console.log(`partners on ${r.on}:`);
      for (const p of r.items) {
        const periods = p.periods.map((x) => `${x.validFrom}..${x.validTo ?? ''}`).join(', ');
        console.log(`${p.current ? '*' : ' '} ${p.country}  ${p.names.en.padEnd(28)} ${periods}`);
      }
    });
  partners
    .command('add')
    .description('designate a country as a partner from a day (and until a day); refused if it overlaps another period')
    .requiredOption('--country <CC>', 'ISO 3166-1 alpha-2 code')
    .requiredOption('--from <YYYY-MM-DD>', 'first day of the partnership')
    .option('--to <YYYY-MM-DD>', 'last day (default: until further notice)')
    .requiredOption('--basis <text>', 'the agreement or decision that makes it a partner')
    .option('--reference <text>', 'reference number of that agreement or decision')
    .action(async (opts: { country: string; from: string; to?: string; basis: string; reference?: string }) => {
      if (!DAY.test(opts.from) || (opts.to && !DAY.test(opts.to))) throw new CliError('--from and --to take days as YYYY-MM-DD', EXIT.usage);
      if (!/^[A-Z]{2}$/.test(opts.country)) throw new CliError('--country takes an upper-case two-letter code', EXIT.usage);
      const p = await withDeps('partners-add', (_deps, ctx) =>
        createPeriod(ctx, { country: opts.country, validFrom: opts.from, validTo: opts.to ?? null, basis: opts.basis, basisReference: opts.reference }),
      );
      console.log(`${p.country} is a partner from ${p.validFrom} to ${p.validTo ?? 'further notice'} (period ${p.id})`);
    });
}
