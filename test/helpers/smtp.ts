import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/**
 * A real SMTP server on a loopback port, keeping what it receives in memory:
 * the subscription tests (server and browser) send to it through the same
 * nodemailer path production uses. Port 0 takes a free one.
 */
export interface Inbox {
  port: number;
  mails: { to: string[]; raw: string }[];
  close(): Promise<void>;
}

export async function startSmtp(port = 0): Promise<Inbox> {
  const mails: Inbox['mails'] = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, done) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
        done();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    smtp.server.once('error', reject);
    smtp.listen(port, '127.0.0.1', resolve);
  });
  return { port: (smtp.server.address() as AddressInfo).port, mails, close: () => new Promise<void>((resolve) => smtp.close(() => resolve())) };
}

/** RFC 2047 encoded words (B and Q) in a header, as UTF-8. */
function decodeWords(v: string) {
  return v.replace(/=\?utf-8\?([bq])\?([^?]*)\?=\s*/gi, (_, enc: string, data: string) =>
    enc.toLowerCase() === 'b' ? Buffer.from(data, 'base64').toString('utf8') : fromQuotedPrintable(data.replace(/_/g, ' ')),
  );
}

const fromQuotedPrintable = (s: string) =>
  Buffer.from(
    s.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, h) => String.fromCharCode(Number.parseInt(h, 16))),
    'latin1',
  ).toString('utf8');

/** A single-part text message, enough to read it: headers unfolded and decoded, the body decoded by its transfer encoding. */
export function readMail(raw: string) {
  const split = raw.search(/\r?\n\r?\n/);
  const head = raw.slice(0, split).replace(/\r?\n[ \t]+/g, ' ');
  const rawBody = raw.slice(split).replace(/^\r?\n\r?\n/, '');
  const header = (name: string) => {
    const line = head.split(/\r?\n/).find((h) => h.toLowerCase().startsWith(`${name.toLowerCase()}:`));
    return line ? decodeWords(line.slice(name.length + 1).trim()) : undefined;
  };
  const cte = (header('Content-Transfer-Encoding') ?? '7bit').toLowerCase();
  const body = cte === 'base64' ? Buffer.from(rawBody.replace(/\s+/g, ''), 'base64').toString('utf8') : cte === 'quoted-printable' ? fromQuotedPrintable(rawBody) : rawBody;
  return { header, body };
}
