import type { EngagementInputT, PeriodInputT, PledgeInputT } from './schema.ts';

/**
 * Demonstration partner periods, engagements and pledges. Everything here is
 * marked as demonstration data (and says so in its text) except the origin
 * meeting, which is taken from the Azertag report kept in
 * data-assets/sources/origin-article.txt. Germany is deliberately not a
 * partner, so that the German demo company shows the eligibility refusal.
 * `orgs` keys are the demo organisations of src/seed/core-demo.ts. The origin
 * meeting is also the earliest engagement: the partnership starts there.
 */

export const ORIGIN_MEETING: EngagementInputT = {
  country: 'KR',
  kind: 'meeting',
  status: 'held',
  title: {
    en: 'President İlham Aliyev receives Korean National Assembly Speaker Park Byeong-seug',
    az: 'Prezident İlham Əliyev Koreya Milli Assambleyasının sədri Park Byeong-seug ilə görüşüb',
    ko: '일함 알리예프 대통령, 박병석 국회의장 접견',
    ru: 'Президент Ильхам Алиев принял спикера Национального собрания Кореи Пак Бён Сока',
  },
  summary: {
    en: 'In Baku, President İlham Aliyev and Speaker Park Byeong-seug discussed bilateral ties and Korea’s involvement in rebuilding the territories liberated in 2020. The President said Korean companies were invited to implement projects in the liberated lands, where 10,000 square kilometres must be rebuilt, and hoped for positive results from the delegation’s meetings in the Azerbaijani parliament. The Speaker conveyed the greetings of President Moon Jae-in.',
    az: 'Bakıda Prezident İlham Əliyev və Spiker Park Byeong-seug ikitərəfli əlaqələri və Koreyanın 2020-ci ildə azad edilmiş ərazilərin bərpasında iştirakını müzakirə ediblər. Prezident Koreya şirkətlərinin azad edilmiş torpaqlarda layihələr həyata keçirməyə dəvət olunduğunu, 10 min kvadrat kilometrin bərpa edilməli olduğunu bildirib.',
    ko: '바쿠에서 일함 알리예프 대통령과 박병석 국회의장은 양국 관계와 2020년 해방된 지역 재건에 대한 한국의 참여를 논의했다. 대통령은 한국 기업들을 해방 지역 사업에 초청했으며 재건해야 할 면적이 1만 제곱킬로미터에 이른다고 말했다.',
    ru: 'В Баку Президент Ильхам Алиев и спикер Пак Бён Сок обсудили двусторонние связи и участие Кореи в восстановлении территорий, освобождённых в 2020 году. Президент сообщил, что корейские компании приглашены реализовывать проекты на освобождённых землях, где предстоит восстановить 10 000 квадратных километров.',
  },
  startsOn: '2021-08-19',
  place: 'Baku',
  placeCountry: 'AZ',
  topics: ['bilateral relations', 'reconstruction of the liberated territories', 'Korean companies', 'inter-parliamentary relations'],
  participants: [
    { name: 'İlham Aliyev', title: 'President of the Republic of Azerbaijan', country: 'AZ' },
    { name: 'Park Byeong-seug', title: 'Speaker of the National Assembly', organisationName: 'National Assembly of the Republic of Korea', country: 'KR' },
  ],
};

export const ORIGIN_SOURCE = {
  title: 'Azertag report of the meeting, 19 August 2021',
  publisher: 'Azertag',
  publishedOn: '2021-08-19',
  note: 'The copy received had an encoding fault ("?lham"); the name is spelled İlham in the stored text.',
};

const demo = (s: string) => `${s} (demo)`;

export const DEMO_PERIODS: PeriodInputT[] = [
  { country: 'AZ', validFrom: '2020-11-10', basis: demo('Host country of the programme: domestic companies are always eligible') },
  { country: 'TR', validFrom: '2020-12-01', basis: demo('Agreement on co-operation in the reconstruction of the liberated territories'), basisReference: 'DEMO-AGR-2020-01' },
  { country: 'IT', validFrom: '2021-01-15', basis: demo('Memorandum on energy and infrastructure co-operation'), basisReference: 'DEMO-MOU-2021-03' },
  { country: 'GB', validFrom: '2021-03-01', basis: demo('Government decision on mine-action partners') },
  {
    country: 'KR',
    validFrom: '2021-08-19',
    basis: demo('Invitation to Korean companies at the meeting of 19 August 2021 in Baku, confirmed by government decision'),
    basisReference: 'DEMO-DEC-2021-08',
  },
  // Japan shows history: a first period that ended, and a renewal.
  { country: 'JP', validFrom: '2021-10-01', validTo: '2023-09-30', basis: demo('Two-year memorandum on water and sanitation') },
  { country: 'JP', validFrom: '2024-04-01', basis: demo('Memorandum renewed without end date') },
];

type DemoEngagement = Omit<EngagementInputT, 'related'> & { orgs?: string[]; key?: string };

const e = (
  country: string,
  kind: EngagementInputT['kind'],
  startsOn: string,
  place: string,
  placeCountry: string,
  en: string,
  summary: string,
  topics: string[],
  participants: EngagementInputT['participants'],
  o: Partial<DemoEngagement> = {},
): DemoEngagement => ({
  country,
  kind,
  status: 'held',
  title: { en: demo(en) },
  summary: { en: `Demonstration record. ${summary}` },
  startsOn,
  place,
  placeCountry,
  topics,
  participants,
  sources: [],
  ...o,
});

export const DEMO_ENGAGEMENTS: DemoEngagement[] = [
  e(
    'TR',
    'agreement',
    '2021-10-12',
    'Ankara',
    'TR',
    'Agreement on road and tunnel construction co-operation',
    'Both governments agreed to co-operate on the main roads into the liberated districts.',
    ['roads', 'tunnels'],
    [
      { name: 'Ayşe Demir', title: 'Deputy Minister of Transport (fictional)', country: 'TR' },
      { name: 'Rauf Məmmədov', title: 'Deputy Minister (fictional)', country: 'AZ' },
    ],
    { key: 'trAgreement' },
  ),
  e(
    'GB',
    'meeting',
    '2021-11-08',
    'Baku',
    'AZ',
    'Working meeting on mine action',
    'Survey and clearance methods, training of local deminers, and the IMAS standards.',
    ['mine action', 'training'],
    [{ name: 'Oliver Grant', title: 'Programme manager (fictional)', organisationName: 'Thames Demining Services Ltd (demo)', country: 'GB' }],
    { orgs: ['thamesDemining'], key: 'gbMeeting' },
  ),
  e(
    'IT',
    'memorandum',
    '2022-07-05',
    'Rome',
    'IT',
    'Memorandum on renewable energy in the liberated districts',
    'Solar and small hydro plants; Italian companies invited to the energy tenders.',
    ['energy', 'solar', 'hydro'],
    [{ name: 'Marco Bianchi', title: 'Under-secretary (fictional)', country: 'IT' }],
    { orgs: ['adriatiche'], key: 'itMou' },
  ),
  e(
    'KR',
    'forum',
    '2022-05-24',
    'Baku',
    'AZ',
    'Korea–Azerbaijan business forum on the reconstruction',
    'Korean construction and smart-city companies met the reconstruction agency and local partners.',
    ['smart villages', 'construction', 'business'],
    [{ name: 'Kim Min-jun', title: 'Director', organisationName: 'Hanbit Engineering & Construction Co. (demo)', country: 'KR' }],
    { orgs: ['hanbit', 'daeyang'], key: 'krForum' },
  ),
  e(
    'JP',
    'delegation',
    '2022-11-14',
    'Fuzuli',
    'AZ',
    'Japanese expert delegation on water supply',
    'Visit to the water intakes and the planned treatment works.',
    ['water', 'sanitation'],
    [{ name: 'Sato Haruki', title: 'Head of delegation (fictional)', country: 'JP' }],
  ),
  e(
    'DE',
    'meeting',
    '2023-02-20',
    'Berlin',
    'DE',
    'Exploratory meeting with German construction firms',
    'Germany is not a partner of the demonstration programme: this meeting did not change that.',
    ['construction'],
    [{ name: 'Jonas Becker', title: 'Managing director', organisationName: 'Nordlicht Bau GmbH (demo)', country: 'DE' }],
    { orgs: ['nordlicht'] },
  ),
  e(
    'KR',
    'commission',
    '2023-03-15',
    'Seoul',
    'KR',
    'Intergovernmental commission, session on the reconstruction',
    'The commission reviewed Korean participation and agreed a smart-village pilot.',
    ['smart villages', 'schools'],
    [{ name: 'Lee Seo-yeon', title: 'Counsellor (fictional)', organisationName: 'Embassy of the Republic of Korea (demo observer)', country: 'KR' }],
    { key: 'krCommission' },
  ),
  e(
    'TR',
    'visit',
    '2023-10-03',
    'Shusha',
    'AZ',
    'Visit of a Turkish parliamentary delegation to Shusha',
    'The delegation visited the road works and met the reconstruction agency.',
    ['roads', 'inter-parliamentary relations'],
    [{ name: 'Mehmet Yılmaz', title: 'Engineer', organisationName: 'Anadolu Altyapı A.Ş. (demo)', country: 'TR' }],
    { orgs: ['anadolu'] },
  ),
  e(
    'KR',
    'memorandum',
    '2024-09-10',
    'Baku',
    'AZ',
    'Memorandum on a smart-village pilot in Zangilan',
    'Design, housing and digital services for a pilot village.',
    ['smart villages', 'housing'],
    [{ name: 'Park Ji-woo', title: 'Project lead', organisationName: 'Daeyang Smart City Co. (demo)', country: 'KR' }],
    { orgs: ['daeyang'], key: 'krMou' },
  ),
  e(
    'IT',
    'delegation',
    '2024-04-16',
    'Aghdam',
    'AZ',
    'Italian business delegation to Aghdam',
    'Site visits to the planned energy and housing projects.',
    ['energy', 'housing'],
    [{ name: 'Giulia Rossi', title: 'Business development', organisationName: 'Costruzioni Adriatiche S.p.A. (demo)', country: 'IT' }],
    { orgs: ['adriatiche'] },
  ),
  e(
    'KR',
    'delegation',
    '2027-05-20',
    'Baku',
    'AZ',
    'Planned parliamentary delegation from Korea',
    'A follow-up visit of the Korea–Azerbaijan parliamentary friendship group.',
    ['inter-parliamentary relations'],
    [],
    { status: 'planned' },
  ),
];

type DemoPledge = Omit<PledgeInputT, 'engagementId'> & {
  engagement?: string;
  commit?: { amount: number; on: string };
  disburse?: { amount: number; on: string; reason?: string }[];
};

const p = (country: string, pledger: string, en: string, sector: string, currency: string, amount: number, pledgedOn: string, o: Partial<DemoPledge> = {}): DemoPledge => ({
  country,
  pledger: demo(pledger),
  description: { en: demo(en) },
  sector,
  currency,
  amount,
  pledgedOn,
  ...o,
});

export const DEMO_PLEDGES: DemoPledge[] = [
  p('TR', 'Turkish development agency', 'Main road Fuzuli–Shusha, second carriageway', 'transport.road', 'USD', 30_000_000, '2021-10-12', {
    engagement: 'trAgreement',
    commit: { amount: 30_000_000, on: '2021-12-01' },
    disburse: [
      { amount: 18_000_000, on: '2022-03-01' },
      { amount: 13_000_000, on: '2023-05-01', reason: 'Top-up for the tunnel portal agreed by both governments' },
    ],
  }),
  p('GB', 'UK mine-action fund', 'Survey and clearance in Fuzuli district', 'mineAction', 'GBP', 5_000_000, '2021-11-08', {
    engagement: 'gbMeeting',
    commit: { amount: 5_000_000, on: '2022-01-10' },
    disburse: [{ amount: 4_200_000, on: '2023-12-01' }],
  }),
  p('IT', 'Italian export-credit and co-operation agency', 'Solar plants in Jabrayil', 'energy', 'EUR', 10_000_000, '2022-07-05', {
    engagement: 'itMou',
    commit: { amount: 8_000_000, on: '2023-01-20' },
  }),
  p('KR', 'Korean development co-operation agency', 'Smart-village pilot in Zangilan', 'housing', 'USD', 20_000_000, '2023-03-15', {
    engagement: 'krCommission',
    commit: { amount: 15_000_000, on: '2024-09-10' },
    disburse: [{ amount: 6_500_000, on: '2025-02-01' }],
  }),
  p('KR', 'Korean development co-operation agency', 'Equipment for schools in Lachin', 'education', 'KRW', 12_000_000_000, '2024-09-10', { engagement: 'krMou' }),
  p('JP', 'Japanese co-operation agency', 'Water treatment works in Fuzuli', 'water', 'JPY', 1_500_000_000, '2022-11-14'),
];
