import nodemailer from 'nodemailer';
import type { AppDeps } from '../../lib/context.ts';
import * as subs from './subscriptions.repo.ts';

/**
 * Drains mail_outbox over SMTP (BERPA_SMTP_URL). Without SMTP configured the
 * outbox is kept and nothing is sent.
 *
 * Each mail is claimed (FOR UPDATE SKIP LOCKED), sent, and marked sent in one
 * transaction, so two servers never send the same mail side by side, and a
 * failed send is counted (attempts, last_error) and retried on a later run,
 * up to MAX_ATTEMPTS. A crash after the SMTP server accepted the mail but
 * before the commit leaves it unmarked: it is sent again once on the next run
 * (at-least-once; a mail can arrive twice, never be lost).
 */
const MAX_ATTEMPTS = 8;

export async function sendPending(deps: AppDeps, opts: { max?: number } = {}): Promise<{ sent: number; failed: number; skipped: boolean }> {
  if (!deps.config.smtpUrl) return { sent: 0, failed: 0, skipped: true };
  const transport = nodemailer.createTransport(deps.config.smtpUrl, {});
  const host = new URL(deps.config.publicUrl).hostname;
  const from = `Berpa <no-reply@${host.includes('.') ? host : `${host}.localdomain`}>`;
  let sent = 0;
  let failed = 0;
  try {
    for (let i = 0; i < (opts.max ?? 100); i++) {
      const outcome = await deps.db.transaction().execute(async (trx) => {
        const m = await subs.claimNext(trx, MAX_ATTEMPTS);
        if (!m) return 'empty' as const;
        try {
          await transport.sendMail({
            from,
            to: m.to_address,
            subject: m.subject,
            text: m.body_text,
            headers: m.unsubscribe_url ? { 'List-Unsubscribe': `<${m.unsubscribe_url}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } : {},
          });
          await subs.markSent(trx, m.id);
          return 'sent' as const;
        } catch (err) {
          await subs.markFailed(trx, m.id, err instanceof Error ? err.message : String(err));
          return 'failed' as const;
        }
      });
      if (outcome === 'empty') break;
      if (outcome === 'sent') sent++;
      else failed++;
    }
  } finally {
    transport.close();
  }
  return { sent, failed, skipped: false };
}

/** The server's background sender: every `everyMs`, one bounded run; the returned function stops it (and waits for a run in flight). */
export function startMailSender(deps: AppDeps, everyMs: number, onError: (err: unknown) => void): () => Promise<void> {
  let running: Promise<unknown> | null = null;
  const timer = setInterval(() => {
    if (running) return;
    running = sendPending(deps, { max: 100 })
      .catch(onError)
      .finally(() => {
        running = null;
      });
  }, everyMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
