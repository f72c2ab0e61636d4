import type { ProjectInputT } from './schema.ts';

/**
 * Demonstration projects. Places and the kinds of work follow the public
 * record of the programme (Fuzuli International Airport opened in 2021; Aghali
 * in Zangilan was the first "smart village"); amounts, dates and funding
 * splits are illustrative, not official figures.
 * `district` is an area code of the Land demo; `funders` name demo organisations.
 */
export interface DemoProject {
  input: Omit<ProjectInputT, 'districtId' | 'publicAuthorityId' | 'funding'>;
  district: string;
  funding: { sourceType: 'government' | 'partner_country' | 'donor' | 'loan'; country?: string; org?: string; share: number }[];
}

const box = (lon: number, lat: number, dLon: number, dLat: number) => ({
  type: 'Polygon' as const,
  coordinates: [[[lon - dLon, lat - dLat], [lon + dLon, lat - dLat], [lon + dLon, lat + dLat], [lon - dLon, lat + dLat], [lon - dLon, lat - dLat]]],
});
const pt = (lon: number, lat: number) => ({ type: 'Point' as const, coordinates: [lon, lat] });

type T = { az: string; en: string; ko: string; ru: string };
const p = (
  code: string, title: T, description: T, sector: string[], type: string, status: ProjectInputT['status'], district: string,
  location: ProjectInputT['location'], site: ProjectInputT['site'] | undefined, budget: number, planned: [string, string], actual: [string?, string?],
  outputs: ProjectInputT['outputs'], funding: DemoProject['funding'],
): DemoProject => ({
  input: {
    code, title, description, sector, type, status, location, ...(site ? { site } : {}),
    budget: { amount: budget, currency: 'AZN' },
    plannedPeriod: { startDate: planned[0], endDate: planned[1] },
    ...(actual[0] ? { actualPeriod: { startDate: actual[0], ...(actual[1] ? { endDate: actual[1] } : {}) } } : {}),
    outputs,
  },
  district,
  funding,
});

export const DEMO_PROJECTS: DemoProject[] = [
  p('FUZ-AIR-001',
    { az: 'Füzuli Beynəlxalq Hava Limanı', en: 'Fuzuli International Airport', ko: '푸줄리 국제공항', ru: 'Международный аэропорт Физули' },
    { az: 'Uzunluğu 3 km olan uçuş-enmə zolağı və terminal binası ilə yeni hava limanı.', en: 'New airport with a 3 km runway and passenger terminal, the first in the liberated territories.', ko: '3km 활주로와 여객 터미널을 갖춘 신공항.', ru: 'Новый аэропорт со взлётно-посадочной полосой 3 км и пассажирским терминалом.' },
    ['transport', 'transport.air'], 'construction', 'completion', 'AZ-FUZ', pt(47.198, 39.594), box(47.198, 39.594, 0.02, 0.006), 150_000_000,
    ['2021-01-14', '2021-10-26'], ['2021-01-14', '2021-10-26'], [{ metric: 'siteKm2', unit: 'km2', planned: 3.5, achieved: 3.5 }],
    [{ sourceType: 'government', country: 'AZ', share: 1 }]),
  p('ZAN-AGH-001',
    { az: 'Ağalı ağıllı kəndi, Zəngilan', en: 'Aghali smart village, Zangilan', ko: '장길란 아갈리 스마트 빌리지', ru: 'Умное село Агалы, Зангилан' },
    { az: 'Günəş panelləri, ağıllı suvarma və məktəbi olan 200 evlik ağıllı kənd.', en: 'Smart village of 200 homes with solar roofs, smart irrigation, a school and a kindergarten.', ko: '태양광 지붕, 스마트 관개, 학교와 유치원을 갖춘 200가구 스마트 빌리지.', ru: 'Умное село на 200 домов с солнечными крышами, умным орошением, школой и детским садом.' },
    ['socialHousing'], 'construction', 'completion', 'AZ-ZAN', pt(46.654, 39.118), box(46.654, 39.118, 0.006, 0.004), 60_000_000,
    ['2021-05-26', '2022-05-27'], ['2021-05-26', '2022-05-27'], [{ metric: 'homes', unit: 'units', planned: 200, achieved: 200 }],
    [{ sourceType: 'government', country: 'AZ', share: 0.8 }, { sourceType: 'partner_country', country: 'KR', org: 'hanbit', share: 0.2 }]),
  p('ZAN-SMV-002',
    { az: 'Zəngilan ağıllı kəndlərinin ikinci mərhələsi', en: 'Zangilan smart villages, phase two', ko: '장길란 스마트 빌리지 2단계', ru: 'Умные сёла Зангилана, второй этап' },
    { az: 'Koreya tərəfdaşlığı ilə ağıllı şəbəkə və evlər.', en: 'Homes with smart-grid metering delivered with a Korean partner.', ko: '한국 파트너와 함께하는 스마트 그리드 주택.', ru: 'Дома с интеллектуальными сетями совместно с корейским партнёром.' },
    ['socialHousing', 'energy'], 'construction', 'implementation', 'AZ-ZAN', pt(46.69, 39.09), box(46.69, 39.09, 0.008, 0.005), 85_000_000,
    ['2023-03-01', '2026-12-31'], ['2023-06-01'], [{ metric: 'homes', unit: 'units', planned: 350, achieved: 140 }],
    [{ sourceType: 'government', country: 'AZ', share: 0.6 }, { sourceType: 'partner_country', country: 'KR', org: 'daeyang', share: 0.25 }, { sourceType: 'loan', country: 'KR', share: 0.15 }]),
  p('FUZ-SUS-ROAD',
    { az: 'Füzuli–Şuşa avtomobil yolu (Zəfər yolu)', en: 'Fuzuli–Shusha highway (Victory Road)', ko: '푸줄리–슈샤 고속도로 (승리의 길)', ru: 'Автодорога Физули–Шуша (Дорога победы)' },
    { az: 'Dörd zolaqlı 101 km avtomobil yolu.', en: 'Four-lane highway of 101 km linking Fuzuli and Shusha.', ko: '푸줄리와 슈샤를 잇는 101km 4차선 도로.', ru: 'Четырёхполосная дорога протяжённостью 101 км.' },
    ['transport', 'transport.road'], 'construction', 'completion', 'AZ-FUZ',
    { type: 'LineString', coordinates: [[47.14, 39.60], [47.05, 39.66], [46.90, 39.70], [46.76, 39.76]] }, undefined, 700_000_000,
    ['2020-11-16', '2022-12-31'], ['2020-11-16', '2022-12-20'], [{ metric: 'roadKm', unit: 'km', planned: 101, achieved: 101 }],
    [{ sourceType: 'government', country: 'AZ', share: 1 }]),
  p('ZAN-HOR-ROAD',
    { az: 'Horadiz–Ağbənd avtomobil yolu (Zəngəzur dəhlizi)', en: 'Horadiz–Aghband highway (Zangezur corridor)', ko: '호라디즈–아그반드 고속도로 (잔게주르 회랑)', ru: 'Автодорога Горадиз–Агбенд (Зангезурский коридор)' },
    { az: 'Cəbrayıl və Zəngilandan keçən 124 km yol.', en: '124 km road through Jabrayil and Zangilan with bridges and tunnels.', ko: '제브라일과 장길란을 지나는 124km 도로와 교량, 터널.', ru: 'Дорога 124 км через Джебраил и Зангилан с мостами и тоннелями.' },
    ['transport', 'transport.road'], 'construction', 'implementation', 'AZ-CAB',
    { type: 'LineString', coordinates: [[47.33, 39.45], [47.02, 39.38], [46.80, 39.18], [46.55, 38.88]] }, undefined, 950_000_000,
    ['2021-06-01', '2026-12-31'], ['2021-06-01'], [{ metric: 'roadKm', unit: 'km', planned: 124, achieved: 90 }],
    [{ sourceType: 'government', country: 'AZ', share: 0.7 }, { sourceType: 'partner_country', country: 'TR', org: 'anadolu', share: 0.3 }]),
  p('AGM-WTR-001',
    { az: 'Ağdam şəhərinin su təchizatı və kanalizasiyası', en: 'Aghdam city water supply and sewerage', ko: '아그담 시 상하수도', ru: 'Водоснабжение и канализация города Агдам' },
    { az: 'İçməli su xətləri, su anbarı və təmizləyici qurğu.', en: 'Drinking-water mains, a reservoir and a treatment plant for the rebuilt city.', ko: '재건 도시를 위한 상수도관, 저수지, 정수장.', ru: 'Водопроводные сети, резервуар и очистные сооружения.' },
    ['waterAndWaste'], 'construction', 'implementation', 'AZ-AGM', pt(46.996, 39.99), box(46.996, 39.99, 0.01, 0.008), 120_000_000,
    ['2022-04-01', '2026-06-30'], ['2022-09-01'], [{ metric: 'waterKm', unit: 'km', planned: 85, achieved: 40 }],
    [{ sourceType: 'government', country: 'AZ', share: 0.75 }, { sourceType: 'partner_country', country: 'IT', org: 'adriatiche', share: 0.25 }]),
  p('CAB-SOL-240',
    { az: 'Cəbrayıl 240 MVt günəş elektrik stansiyası', en: 'Jabrayil 240 MW solar power plant', ko: '제브라일 240MW 태양광 발전소', ru: 'Солнечная электростанция 240 МВт в Джебраиле' },
    { az: 'Yaşıl enerji zonası üçün günəş stansiyası.', en: 'Solar plant for the green energy zone.', ko: '그린 에너지 존을 위한 태양광 발전소.', ru: 'Солнечная станция для зоны зелёной энергетики.' },
    ['energy', 'energy.solar'], 'construction', 'preparation', 'AZ-CAB', pt(46.95, 39.35), box(46.95, 39.35, 0.02, 0.015), 230_000_000,
    ['2025-09-01', '2027-12-31'], [], [{ metric: 'powerMW', unit: 'MW', planned: 240 }],
    [{ sourceType: 'government', country: 'AZ', share: 0.3 }, { sourceType: 'donor', share: 0.2 }, { sourceType: 'loan', share: 0.5 }]),
  p('KAL-HPP-001',
    { az: 'Kəlbəcər kiçik su elektrik stansiyaları', en: 'Kalbajar small hydropower plants', ko: '켈바자르 소수력 발전소', ru: 'Малые ГЭС Кельбаджара' },
    { az: 'Tərtər çayı üzərində kiçik SES-lərin bərpası.', en: 'Rehabilitation of small hydropower plants on the Tartar river.', ko: '테르테르 강의 소수력 발전소 복구.', ru: 'Восстановление малых ГЭС на реке Тертер.' },
    ['energy', 'energy.hydropower'], 'rehabilitation', 'implementation', 'AZ-KAL', pt(46.04, 40.10), undefined, 48_000_000,
    ['2022-01-15', '2025-12-31'], ['2022-03-01'], [{ metric: 'powerMW', unit: 'MW', planned: 28, achieved: 20 }],
    [{ sourceType: 'government', country: 'AZ', share: 1 }]),
  p('LAC-SCH-001',
    { az: 'Laçın şəhərində 960 yerlik məktəb', en: 'Lachin city school for 960 pupils', ko: '라친 시 960명 규모 학교', ru: 'Школа на 960 мест в городе Лачин' },
    { az: 'Laboratoriyaları və idman zalı olan yeni məktəb binası.', en: 'New school building with laboratories and a sports hall.', ko: '실험실과 체육관을 갖춘 새 학교 건물.', ru: 'Новое здание школы с лабораториями и спортзалом.' },
    ['education'], 'construction', 'implementation', 'AZ-LAC', pt(46.55, 39.64), box(46.55, 39.64, 0.002, 0.0015), 14_000_000,
    ['2023-05-01', '2025-08-31'], ['2023-07-01'], [{ metric: 'classrooms', unit: 'classrooms', planned: 40, achieved: 24 }],
    [{ sourceType: 'government', country: 'AZ', share: 0.7 }, { sourceType: 'partner_country', country: 'TR', share: 0.3 }]),
  p('SUS-HOS-001',
    { az: 'Şuşa rayon xəstəxanası', en: 'Shusha district hospital', ko: '슈샤 지역 병원', ru: 'Шушинская районная больница' },
    { az: '150 çarpayılıq müasir xəstəxana.', en: 'Modern 150-bed hospital with an emergency department.', ko: '응급실을 갖춘 150병상 현대식 병원.', ru: 'Современная больница на 150 коек с отделением скорой помощи.' },
    ['health'], 'construction', 'preparation', 'AZ-SUS', pt(46.752, 39.758), box(46.752, 39.758, 0.0015, 0.001), 35_000_000,
    ['2025-04-01', '2027-10-31'], [], [{ metric: 'hospitalBeds', unit: 'beds', planned: 150 }],
    [{ sourceType: 'government', country: 'AZ', share: 0.6 }, { sourceType: 'partner_country', country: 'KR', org: 'hanbit', share: 0.4 }]),
  p('QBI-HOU-001',
    { az: 'Qubadlı şəhərinin yaşayış massivi', en: 'Gubadli city housing, first quarter', ko: '구바들리 시 주거 단지 1구역', ru: 'Жилой массив города Губадлы, первый квартал' },
    { az: 'Məcburi köçkünlərin qayıdışı üçün çoxmənzilli binalar.', en: 'Apartment blocks for returning displaced families.', ko: '귀환 실향민 가족을 위한 공동주택.', ru: 'Многоквартирные дома для возвращающихся вынужденных переселенцев.' },
    ['socialHousing'], 'construction', 'identification', 'AZ-QBI', pt(46.58, 39.34), box(46.58, 39.34, 0.004, 0.003), 40_000_000,
    ['2026-03-01', '2028-12-31'], [], [{ metric: 'homes', unit: 'units', planned: 480 }],
    [{ sourceType: 'government', country: 'AZ', share: 1 }]),
  p('XVD-SCH-001',
    { az: 'Hadrut qəsəbəsində məktəbin bərpası', en: 'Hadrut school rehabilitation', ko: '하드루트 학교 복구', ru: 'Восстановление школы в посёлке Гадрут' },
    { az: 'Zədələnmiş məktəb binasının bərpası.', en: 'Rehabilitation of the damaged school building.', ko: '손상된 학교 건물 복구.', ru: 'Восстановление повреждённого здания школы.' },
    ['education'], 'rehabilitation', 'completion', 'AZ-XVD', pt(46.93, 39.52), undefined, 4_500_000,
    ['2022-03-01', '2023-08-31'], ['2022-04-01', '2023-08-15'], [{ metric: 'classrooms', unit: 'classrooms', planned: 18, achieved: 18 }],
    [{ sourceType: 'government', country: 'AZ', share: 0.5 }, { sourceType: 'partner_country', country: 'TR', org: 'anadolu', share: 0.5 }]),
  p('AGM-HOU-002',
    { az: 'Ağdam şəhərinin birinci yaşayış məhəlləsi', en: 'Aghdam city first residential quarter', ko: '아그담 시 제1 주거 구역', ru: 'Первый жилой квартал города Агдам' },
    { az: 'Yenidən qurulan şəhərdə evlər və ictimai məkanlar.', en: 'Homes and public spaces in the rebuilt city centre.', ko: '재건된 도심의 주택과 공공 공간.', ru: 'Жильё и общественные пространства в восстановленном центре города.' },
    ['socialHousing', 'transport.urban'], 'construction', 'implementation', 'AZ-AGM', pt(46.93, 39.99), box(46.93, 39.99, 0.005, 0.004), 95_000_000,
    ['2022-06-01', '2026-12-31'], ['2022-08-15'], [{ metric: 'homes', unit: 'units', planned: 600, achieved: 310 }],
    [{ sourceType: 'government', country: 'AZ', share: 0.8 }, { sourceType: 'partner_country', country: 'IT', share: 0.2 }]),
  p('XCI-ROAD-001',
    { az: 'Xocalı–Xankəndi yolunun yenidən qurulması', en: 'Khojaly–Khankendi road reconstruction', ko: '호잘리–한켄디 도로 재건', ru: 'Реконструкция дороги Ходжалы–Ханкенди' },
    { az: 'İki zolaqlı yolun genişləndirilməsi.', en: 'Widening of the two-lane road.', ko: '2차선 도로 확장.', ru: 'Расширение двухполосной дороги.' },
    ['transport', 'transport.road'], 'expansion', 'cancelled', 'AZ-XCI',
    { type: 'LineString', coordinates: [[46.79, 39.91], [46.77, 39.85], [46.76, 39.82]] }, undefined, 22_000_000,
    ['2024-01-01', '2025-12-31'], [], [{ metric: 'roadKm', unit: 'km', planned: 12 }],
    [{ sourceType: 'government', country: 'AZ', share: 1 }]),
  p('TAR-SUG-WTR',
    { az: 'Suqovuşan su anbarı ətrafında suvarma kanalları', en: 'Sugovushan irrigation canals', ko: '수고부샨 관개 수로', ru: 'Оросительные каналы у Суговушанского водохранилища' },
    { az: 'Kənd təsərrüfatı üçün suvarma kanallarının bərpası.', en: 'Rehabilitation of irrigation canals for farming.', ko: '농업용 관개 수로 복구.', ru: 'Восстановление оросительных каналов для сельского хозяйства.' },
    ['waterAndWaste', 'naturalResources'], 'rehabilitation', 'implementation', 'AZ-TAR',
    { type: 'LineString', coordinates: [[46.52, 40.18], [46.62, 40.16], [46.75, 40.12]] }, undefined, 18_000_000,
    ['2023-02-01', '2025-10-31'], ['2023-04-01'], [{ metric: 'waterKm', unit: 'km', planned: 32, achieved: 21 }],
    [{ sourceType: 'government', country: 'AZ', share: 0.6 }, { sourceType: 'donor', share: 0.4 }]),
];
