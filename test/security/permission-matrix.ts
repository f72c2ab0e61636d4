import crypto from 'node:crypto';
import { buildApp } from '../../src/http/app.ts';
import { permissionRegistry, permissionTrace, ROLES, type Role } from '../../src/modules/auth/permissions.ts';
import { testEnv } from '../helpers/app.ts';
import { ensureProgramme, makeUser } from '../helpers/factories.ts';

/**
 * The authorisation matrix: every route of the OpenAPI document, called as
 * anonymous and as a user holding each single role, on a fresh database with
 * validation switched off (so that each call reaches its role check instead
 * of stopping at a 400). A 401 or 403 is "refused"; anything else — success,
 * 404, 409, 422 — means the role check let the caller through, and the
 * record-level rules (a company's own bids, contracts and users; the opening
 * having happened) are then the service's, listed as the permissions the
 * route consulted. Used by scripts/permissions-doc.ts (writes
 * docs/permissions.md) and by permissions.test.ts (fails when the committed
 * table and the behaviour disagree).
 */
export const CALLERS = ['anonymous', ...ROLES] as const;
export type Caller = (typeof CALLERS)[number];

export interface RouteRow {
  method: string;
  path: string;
  consulted: string[];
  outcome: Record<Caller, 'allowed' | 'refused'>;
}

export async function probeMatrix(): Promise<RouteRow[]> {
  const env = await testEnv({
    rateLimits: Object.fromEntries(['signIn', 'registration', 'upload', 'search', 'export'].map((k) => [k, { max: 1_000_000, windowSeconds: 60 }])) as never,
  });
  const app = await buildApp(env.deps, { logger: false, serveWeb: false, authorisationProbe: true });
  try {
    await app.ready();
    await ensureProgramme(env.deps);
    const auth: Partial<Record<Caller, string>> = {};
    // Fresh users when a route may have ended their sessions (sign-out, sign-out everywhere).
    const mintUsers = async () => {
      for (const role of ROLES) auth[role] = (await makeUser(env.deps, { roles: [role as Role] })).auth;
    };
    await mintUsers();
    const doc = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as {
      paths: Record<string, Record<string, { requestBody?: { content?: Record<string, unknown> } }>>;
    };
    // Upload routes get a (tiny) multipart body, or they would stop at 415 before any role check.
    const boundary = '----berpa-matrix';
    const field = (name: string, value: string) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
    const multipart = `${field('title', 'Probe')}${field('documentType', 'tenderNotice')}--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="x.csv"\r\nContent-Type: text/csv\r\n\r\ncode\r\n--${boundary}--\r\n`;
    const rows: RouteRow[] = [];
    const id = crypto.randomUUID();
    for (const path of Object.keys(doc.paths).sort()) {
      for (const method of ['get', 'post', 'put', 'patch', 'delete']) {
        if (!doc.paths[path][method]) continue;
        // A path parameter with a fixed set of values (e.g. the land import kind) gets its first value, others a UUID.
        const params = (
          (doc.paths[path][method] as { parameters?: { name: string; in: string; schema?: { enum?: string[]; anyOf?: { const?: string; enum?: string[] }[] } }[] }).parameters ?? []
        ).filter((x) => x.in === 'path');
        const valueOf = (name: string) => {
          const sch = params.find((x) => x.name === name)?.schema;
          return sch?.enum?.[0] ?? sch?.anyOf?.[0]?.const ?? sch?.anyOf?.[0]?.enum?.[0] ?? id;
        };
        const url = path.replace(/\{([^}]+)\}/g, (_, name: string) => valueOf(name));
        const isMultipart = JSON.stringify(doc.paths[path][method]).includes('multipart');
        const consulted = new Set<string>();
        const outcome = {} as RouteRow['outcome'];
        for (const caller of CALLERS) {
          permissionTrace.current = consulted;
          const r = await app
            .inject({
              method: method.toUpperCase() as 'GET',
              url,
              headers: {
                ...(auth[caller] ? { authorization: auth[caller] } : {}),
                ...(method === 'get' ? {} : { 'content-type': isMultipart ? `multipart/form-data; boundary=${boundary}` : 'application/json' }),
              },
              payload: method === 'get' ? undefined : isMultipart ? multipart : '{}',
            })
            .finally(() => (permissionTrace.current = null));
          if (path.startsWith('/api/v1/auth/sign-out')) await mintUsers();
          outcome[caller] = r.statusCode === 401 || r.statusCode === 403 ? 'refused' : 'allowed';
        }
        rows.push({ method: method.toUpperCase(), path, consulted: [...consulted].sort(), outcome });
      }
    }
    return rows;
  } finally {
    await app.close();
    await env.close();
  }
}

const MARK = { allowed: '✓', refused: '·' } as const;

export function renderMarkdown(rows: RouteRow[]): string {
  const reg = permissionRegistry();
  const out: string[] = [
    '# Permissions',
    '',
    '<!-- Generated by `npx tsx scripts/permissions-doc.ts`; test/security/permissions.test.ts fails when this file and the behaviour disagree. Do not edit by hand. -->',
    '',
    'Who may do what, in two tables. The first is the permission registry (each module’s `permissions.ts`): which roles hold each permission.',
    'The second is every route of the OpenAPI document called as anonymous and as a user with each single role:',
    '✓ the role check lets the caller through, · refused (401 for anonymous, 403 for a signed-in role).',
    'A ✓ is not the last word: record-level rules follow in the service — a company acts only on its own organisation, users, bids and',
    'contracts; bids are readable only after the opening; drafts only by operators — and “consulted” names the permissions the route checks.',
    'A user with several roles holds the union.',
    '',
    '## The permission registry',
    '',
    `| permission | ${ROLES.join(' | ')} |`,
    `| --- | ${ROLES.map(() => ':-:').join(' | ')} |`,
    ...reg.map((p) => `| \`${p.permission}\` | ${ROLES.map((r) => (p.roles.includes(r) ? '✓' : '·')).join(' | ')} |`),
    '',
    '## Every route × every caller',
    '',
    `| route | consulted | ${CALLERS.join(' | ')} |`,
    `| --- | --- | ${CALLERS.map(() => ':-:').join(' | ')} |`,
    ...rows.map((r) => `| \`${r.method} ${r.path}\` | ${r.consulted.map((c) => `\`${c}\``).join(' ') || '—'} | ${CALLERS.map((c) => MARK[r.outcome[c]]).join(' | ')} |`),
    '',
  ];
  return out.join('\n');
}

/** Read the route table back from the committed file. */
export function parseRouteTable(md: string): Map<string, Record<Caller, 'allowed' | 'refused'>> {
  const out = new Map<string, Record<Caller, 'allowed' | 'refused'>>();
  const section = md.split('## Every route × every caller')[1] ?? '';
  for (const line of section.split('\n')) {
    const m = /^\| `([A-Z]+ [^`]+)` \| [^|]* \| (.+) \|$/.exec(line);
    if (!m) continue;
    const marks = m[2].split('|').map((x) => x.trim());
    out.set(m[1], Object.fromEntries(CALLERS.map((c, i) => [c, marks[i] === '✓' ? 'allowed' : 'refused'])) as Record<Caller, 'allowed' | 'refused'>);
  }
  return out;
}
