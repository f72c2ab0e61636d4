import type { Command } from 'commander';
import { migrate } from '../../db/migrate.ts';
import { verifyChain } from '../../modules/audit/service.ts';
import { ROLES, type Role } from '../../modules/auth/permissions.ts';
import { createUser } from '../../modules/users/service.ts';
import { isEmpty, seedDemo } from '../../seed/demo.ts';
import { CliError, EXIT, progress, withDeps } from '../runtime.ts';

export function registerCoreCommands(program: Command) {
  program
    .command('migrate')
    .description('apply pending database migrations (also done at every start)')
    .action(async () => {
      await withDeps('migrate', async (deps) => {
        const applied = await migrate(deps.db, { log: (m) => console.log(m) });
        console.log(applied.length ? `${applied.length} migration(s) applied` : 'database is up to date');
      });
    });

  program
    .command('seed')
    .description('load the demonstration programme into an empty database')
    .option('--force-production', 'allow seeding although NODE_ENV=production (never do this to a real deployment)')
    .action(async (opts: { forceProduction?: boolean }) => {
      await withDeps('seed', async (deps) => {
        if (deps.config.production && !opts.forceProduction) throw new CliError('refusing to load demonstration data in production', EXIT.usage);
        if (!(await isEmpty(deps.db))) throw new CliError('the database already holds a programme; seed only into an empty database', EXIT.failure);
        await seedDemo(deps, { log: (m) => console.log(m) });
        console.log('demonstration programme loaded');
      });
    });

  const user = program.command('user').description('manage user accounts');
  user
    .command('create')
    .description('create a user (password from --password or the BERPA_PASSWORD environment variable)')
    .requiredOption('--email <email>', 'sign-in email')
    .requiredOption('--name <name>', 'display name')
    .requiredOption('--roles <roles>', `comma-separated roles: ${ROLES.join(', ')}`)
    .option('--organisation <uuid>', 'organisation the user belongs to (required for company users)')
    .option('--password <password>', 'password (at least 12 characters); prefer BERPA_PASSWORD')
    .action(async (opts: { email: string; name: string; roles: string; organisation?: string; password?: string }) => {
      const roles = opts.roles.split(',').map((r) => r.trim());
      const bad = roles.filter((r) => !(ROLES as readonly string[]).includes(r));
      if (bad.length) throw new CliError(`unknown role(s): ${bad.join(', ')}`, EXIT.usage);
      const password = opts.password ?? process.env.BERPA_PASSWORD;
      if (!password || password.length < 12) throw new CliError('a password of at least 12 characters is required', EXIT.usage);
      if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(opts.email)) throw new CliError('not an email address', EXIT.usage);
      await withDeps('user-create', async (_deps, ctx) => {
        const u = await createUser(ctx, { email: opts.email, name: opts.name, password, roles: roles as Role[], organisationId: opts.organisation ?? null });
        console.log(`created user ${u.email} (${u.id}) with roles ${u.roles.join(', ')}`);
      });
    });

  const audit = program.command('audit').description('the tamper-evident audit chain');
  audit
    .command('verify')
    .description('walk the audit chain from the first link and name the first broken one')
    .option('--expect-head <seq:hash>', 'also check that link <seq> has the hash you pinned earlier')
    .option('--json', 'print the result as JSON')
    .action(async (opts: { expectHead?: string; json?: boolean }) => {
      let expectHead: { seq: number; hash: string } | undefined;
      if (opts.expectHead) {
        const m = /^(\d+):([0-9a-f]{64})$/.exec(opts.expectHead);
        if (!m) throw new CliError('--expect-head takes <seq>:<64 hex digits>', EXIT.usage);
        expectHead = { seq: Number(m[1]), hash: m[2] };
      }
      // Read-only: it never links pending events (the owner of the database does), and beside a
      // running server it asks that server instead of opening the files the server is writing.
      const result = await withDeps(
        'audit-verify',
        async (deps) => {
          const bar = progress('verifying', 0);
          const r = await verifyChain(deps.db, { expectHead, onProgress: (n) => bar.tick(n) });
          bar.done();
          return r;
        },
        {
          readOnly: true,
          viaApi: (api) =>
            api.request<Awaited<ReturnType<typeof verifyChain>>>('GET', `/api/v1/audit/verify${opts.expectHead ? `?expectHead=${encodeURIComponent(opts.expectHead)}` : ''}`),
        },
      );
      if (opts.json) console.log(JSON.stringify(result, null, 2));
      else if (result.ok)
        console.log(
          `audit chain intact: ${result.checked} links, head ${result.head.seq}:${result.head.hash}${result.pending ? ` (${result.pending} events not yet linked)` : ''}`,
        );
      else console.error(`audit chain BROKEN at link ${result.firstBreak!.seq}: ${result.firstBreak!.problem}`);
      if (!result.ok) process.exitCode = EXIT.failure;
    });
}
