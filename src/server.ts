import { openDeps } from './bootstrap.ts';
import { loadConfig } from './config.ts';
import { DataDirBusyError } from './db/data-dir-lock.ts';
import { EmbeddedOpenError } from './db/index.ts';
import * as sequencer from './db/sequencer.ts';
import { buildApp } from './http/app.ts';
import { auditSequencer } from './modules/audit/sequencer.ts';
import { startMailSender } from './modules/feeds/mail-sender.ts';
import { ocdsSequencer } from './modules/ocds/sequencer.ts';
import { DEMO_PASSWORD, demoAccounts, isEmpty, seedDemo } from './seed/demo.ts';

/**
 * `npm start`: open (and migrate) the database, load the demonstration
 * programme into an empty embedded or development database, serve.
 */
async function main() {
  const config = loadConfig();
  const log = (m: string) => console.log(`[berpa] ${m}`);
  log(`opening ${config.databaseUrl ? 'PostgreSQL' : `embedded database in ${config.dataDir}`}…`);
  // Embedded: takes the data directory's single-writer lock, or refuses to start (DataDirBusyError).
  const { deps, database } = await openDeps(config, { log, owner: { role: 'server', command: 'start' } });
  let seeded = false;
  if (!config.production && (await isEmpty(deps.db))) {
    log('empty database: loading the demonstration programme…');
    await seedDemo(deps, { log });
    seeded = true;
  }
  const app = await buildApp(deps);
  // The sequencers number committed rows shortly after they commit: audit events onto the hash
  // chain, OCDS releases into the feed (publications also trigger a run; readers catch up).
  const SEQUENCERS = [auditSequencer, ocdsSequencer];
  const stopSequencers = sequencer.startBackground(deps.db, SEQUENCERS, 500, (spec, err) => app.log.error({ err }, `${spec.name} sequencer failed`));
  // Subscription mail: the outbox drained every BERPA_MAIL_EVERY_MS (30 s), at most 100 mails a run (nothing is sent without BERPA_SMTP_URL).
  const stopMail = startMailSender(deps, deps.config.mailEveryMs, (err) => app.log.error({ err }, 'mail sender failed'));

  // Signals are taken before the server says it is running: whoever reads that line may stop it at
  // once, and a signal without a handler would kill the process mid-write.
  // A graceful stop finishes the requests in flight, links the last audit events, then closes the
  // embedded database (a clean shutdown and checkpoint) before the lock is let go.
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: shutting down`);
    let code = 0;
    try {
      await stopSequencers();
      await stopMail();
      await app.close();
      for (const spec of SEQUENCERS) await sequencer.run(deps.db, spec, 'wait').catch((err) => app.log.error({ err }, `${spec.name} sequencer failed at shutdown`));
      await database.close();
    } catch (err) {
      console.error('[berpa] shutdown failed:', (err as Error).message);
      code = 1;
    }
    process.exit(code);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));

  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`;
  // Those refused by the lock are told where the API is (the CLI sends its work there).
  database.lock?.update({ url });
  log(`Berpa is running on ${database.kind}: ${url}  (API docs: ${url}/api/docs)`);
  if (!config.production && (seeded || (await demoAccounts(deps.db)).length > 0)) {
    log(`demonstration data — sign in with any of these (password: ${DEMO_PASSWORD}):`);
    for (const a of await demoAccounts(deps.db)) log(`  ${a.roles.join(',').padEnd(12)} ${a.email}`);
  }
}

main().catch((err) => {
  // A taken or damaged data directory is an answer for the person starting Berpa, not a stack trace.
  if (err instanceof DataDirBusyError || err instanceof EmbeddedOpenError) console.error(`[berpa] cannot start: ${err.message}`);
  else console.error('[berpa] failed to start:', err);
  process.exit(1);
});
