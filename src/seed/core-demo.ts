import type { Ctx } from '../lib/context.ts';
import { LANGS } from '../lib/languages.ts';
import { recordAudit } from '../modules/audit/service.ts';
import type { Role } from '../modules/auth/permissions.ts';
import { hashPassword } from '../modules/auth/tokens.ts';
import * as orgRepo from '../modules/organisations/repo.ts';
import * as programmeRepo from '../modules/programme/repo.ts';
import * as userRepo from '../modules/users/repo.ts';
import type { DemoState } from './types.ts';

/**
 * Demonstration organisations. All names are fictional; identifiers are made
 * up in the right format for each register.
 */
export const DEMO_ORGS = [
  {
    key: 'agency',
    name: 'Reconstruction Agency of the Liberated Territories (demo)',
    az: 'İşğaldan azad edilmiş ərazilərin bərpası agentliyi (demo)',
    scheme: 'AZ-VOEN',
    id: '1700000001',
    country: 'AZ',
    roles: ['buyer', 'procuringEntity', 'publicAuthority'],
  },
  {
    key: 'mineAgency',
    name: 'National Mine Action Agency (demo)',
    az: 'Milli Minatəmizləmə Agentliyi (demo)',
    scheme: 'AZ-VOEN',
    id: '1700000002',
    country: 'AZ',
    roles: ['mineActionOperator'],
  },
  {
    key: 'reviewBoard',
    name: 'Procurement Review Board (demo)',
    az: 'Satınalma Şikayətləri Şurası (demo)',
    scheme: 'AZ-VOEN',
    id: '1700000003',
    country: 'AZ',
    roles: ['reviewBody'],
  },
  { key: 'qarabagInsaat', name: 'Qarabağ İnşaat MMC (demo)', az: 'Qarabağ İnşaat MMC (demo)', scheme: 'AZ-VOEN', id: '1400000011', country: 'AZ', roles: ['tenderer', 'supplier'] },
  { key: 'susaYol', name: 'Şuşa Yol Tikinti ASC (demo)', az: 'Şuşa Yol Tikinti ASC (demo)', scheme: 'AZ-VOEN', id: '1400000012', country: 'AZ', roles: ['tenderer', 'supplier'] },
  {
    key: 'hanbit',
    name: 'Hanbit Engineering & Construction Co. (demo)',
    ko: '한빛엔지니어링건설 (데모)',
    scheme: 'KR-BRN',
    id: '1208100001',
    country: 'KR',
    roles: ['tenderer', 'supplier'],
  },
  { key: 'daeyang', name: 'Daeyang Smart City Co. (demo)', ko: '대양스마트시티 (데모)', scheme: 'KR-BRN', id: '2148600002', country: 'KR', roles: ['tenderer'] },
  { key: 'anadolu', name: 'Anadolu Altyapı A.Ş. (demo)', scheme: 'TR-VKN', id: '1234500003', country: 'TR', roles: ['tenderer', 'supplier'] },
  { key: 'adriatiche', name: 'Costruzioni Adriatiche S.p.A. (demo)', scheme: 'IT-CF', id: '01234500004', country: 'IT', roles: ['tenderer'] },
  { key: 'thamesDemining', name: 'Thames Demining Services Ltd (demo)', scheme: 'GB-COH', id: '09876505', country: 'GB', roles: ['mineActionOperator', 'tenderer'] },
  { key: 'nordlicht', name: 'Nordlicht Bau GmbH (demo)', scheme: 'DE-CR', id: 'HRB 100006', country: 'DE', roles: ['tenderer'] },
  { key: 'krEmbassy', name: 'Embassy of the Republic of Korea (demo observer)', scheme: 'XI-LEI', id: '000000000000000KR007', country: 'KR', roles: [] },
] as const;

// Still waiting for an operator to verify it: shows the verification queue.
const UNVERIFIED = new Set(['daeyang']);

export const DEMO_USERS: { email: string; name: string; roles: Role[]; org: (typeof DEMO_ORGS)[number]['key'] | null }[] = [
  { email: 'admin@demo.berpa.test', name: 'Aysel Admin', roles: ['admin'], org: 'agency' },
  { email: 'operator@demo.berpa.test', name: 'Orkhan Operator', roles: ['operator'], org: 'agency' },
  { email: 'mine-action@demo.berpa.test', name: 'Murad Mine-Action', roles: ['mine_action'], org: 'mineAgency' },
  { email: 'company@demo.berpa.test', name: 'Kim Min-jun', roles: ['company'], org: 'hanbit' },
  { email: 'company-az@demo.berpa.test', name: 'Leyla Həsənova', roles: ['company'], org: 'qarabagInsaat' },
  { email: 'company-tr@demo.berpa.test', name: 'Mehmet Yılmaz', roles: ['company'], org: 'anadolu' },
  { email: 'company-it@demo.berpa.test', name: 'Giulia Rossi', roles: ['company'], org: 'adriatiche' },
  { email: 'company-de@demo.berpa.test', name: 'Jonas Becker', roles: ['company'], org: 'nordlicht' },
  { email: 'company-kr2@demo.berpa.test', name: 'Park Ji-woo', roles: ['company'], org: 'daeyang' },
  { email: 'committee1@demo.berpa.test', name: 'Rəşad Committee-Chair', roles: ['committee'], org: 'agency' },
  { email: 'committee2@demo.berpa.test', name: 'Günel Committee', roles: ['committee'], org: 'agency' },
  { email: 'committee3@demo.berpa.test', name: 'Elvin Committee', roles: ['committee'], org: 'agency' },
  { email: 'evaluator@demo.berpa.test', name: 'Nigar Evaluator', roles: ['evaluator'], org: 'agency' },
  { email: 'auditor@demo.berpa.test', name: 'Samir Auditor', roles: ['auditor'], org: null },
  { email: 'observer@demo.berpa.test', name: 'Lee Seo-yeon', roles: ['observer'], org: 'krEmbassy' },
];

export const DEMO_PROGRAMME = {
  name: {
    az: 'İşğaldan azad edilmiş ərazilərin bərpası',
    en: 'Reconstruction of the liberated territories',
    ko: '해방 지역 재건',
    ru: 'Восстановление освобождённых территорий',
  },
  targetKm2: 10000,
  currencies: ['AZN', 'USD'],
  languages: [...LANGS],
  ocidPrefix: 'ocds-brpdem',
  oc4idsPrefix: 'oc4ids-brpdem',
  partnerPolicy: 'partners_only' as const,
};

export async function seedCore(ctx: Ctx, state: DemoState, password: string) {
  const passwordHash = await hashPassword(password);
  await ctx.db.transaction().execute(async (trx) => {
    const p = await programmeRepo.insert(trx, { ...DEMO_PROGRAMME, isDemo: true });
    await recordAudit(trx, ctx, { action: 'programme.create', entityType: 'programme', entityId: p.id, after: DEMO_PROGRAMME });
    for (const o of DEMO_ORGS) {
      const i18n: Record<string, string> = { en: o.name };
      if ('az' in o) i18n.az = o.az;
      if ('ko' in o) i18n.ko = o.ko;
      const verified = !UNVERIFIED.has(o.key);
      const row = await orgRepo.insertOrganisation(trx, {
        name: o.name,
        name_i18n: JSON.stringify(i18n),
        identifier_scheme: o.scheme,
        identifier_id: o.id,
        country: o.country,
        roles: [...o.roles],
        verification_status: verified ? 'verified' : 'unverified',
        verified_at: verified ? new Date() : null,
        verification_note: verified ? 'demonstration data' : null,
        is_demo: true,
      });
      state.orgs[o.key] = row.id;
      await recordAudit(trx, ctx, { action: 'organisation.create', entityType: 'organisation', entityId: row.id, after: { name: o.name, country: o.country } });
    }
    for (const u of DEMO_USERS) {
      const { id } = await userRepo.insertUser(trx, {
        email: u.email,
        name: u.name,
        passwordHash,
        organisationId: u.org ? state.orgs[u.org] : null,
        roles: u.roles,
        isDemo: true,
      });
      state.users[u.email] = id;
      await recordAudit(trx, ctx, { action: 'user.create', entityType: 'user', entityId: id, after: { email: u.email, roles: u.roles } });
    }
  });
}
