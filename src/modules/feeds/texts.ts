/**
 * Pure: the feeds' own words in the four platform languages (the web app's
 * labels for the same codes, kept here because the server does not import
 * the web bundle). Data text (titles, summaries) comes from the records.
 */
import type { Lang } from '../../lib/languages.ts';

interface Words {
  tenders: string;
  project: (name: string) => string;
  country: (name: string) => string;
  published: (title: string) => string;
  awarded: (title: string) => string;
  /** The award's supplier and value (already formatted in the mail's language). */
  winner: (supplier: string, amount: string) => string;
  statusChanged: (from: string, to: string) => string;
  deadline: (date: string) => string;
  status: Record<string, string>;
  tenderStatus: Record<string, string>;
  engagementKind: Record<string, string>;
  milestoneAccepted: (milestone: string, contract: string) => string;
  contractCompleted: (contract: string) => string;
  /** A new pledge: who pledged and how much (already formatted in the feed's language). */
  pledge: (pledger: string, amount: string) => string;
  pledgeStatus: Record<string, string>;
}

const en: Words = {
  tenders: 'Berpa: tenders',
  project: (n) => `Berpa: ${n}`,
  country: (n) => `Berpa: ${n}`,
  published: (t) => `Tender published: ${t}`,
  awarded: (t) => `Tender awarded: ${t}`,
  winner: (s, a) => `Winner: ${s}, ${a}`,
  statusChanged: (f, t) => `Status: ${f} → ${t}`,
  deadline: (d) => `Bid deadline ${d}`,
  status: { identification: 'Identification', preparation: 'Preparation', implementation: 'Under way', completion: 'Completed', cancelled: 'Cancelled' },
  tenderStatus: {
    active: 'Open for bids',
    opening: 'Opening',
    evaluation: 'Evaluation',
    standstill: 'Standstill period',
    awarded: 'Awarded',
    complete: 'Complete',
    cancelled: 'Cancelled',
    unsuccessful: 'Unsuccessful',
  },
  engagementKind: {
    visit: 'Visit',
    meeting: 'Meeting',
    delegation: 'Delegation',
    commission: 'Intergovernmental commission',
    forum: 'Forum',
    agreement: 'Agreement',
    memorandum: 'Memorandum',
  },
  milestoneAccepted: (m, c) => `Milestone accepted: ${m} (${c})`,
  contractCompleted: (c) => `Contract completed: ${c}`,
  pledge: (who, amount) => `Pledge: ${who}, ${amount}`,
  pledgeStatus: { pledged: 'Pledged', committed: 'Committed', disbursed: 'Disbursed' },
};

const az: Words = {
  tenders: 'Berpa: tenderlər',
  project: (n) => `Berpa: ${n}`,
  country: (n) => `Berpa: ${n}`,
  published: (t) => `Tender elan edilib: ${t}`,
  awarded: (t) => `Tenderin qalibi müəyyənləşib: ${t}`,
  winner: (s, a) => `Qalib: ${s}, ${a}`,
  statusChanged: (f, t) => `Status: ${f} → ${t}`,
  deadline: (d) => `Təkliflərin son tarixi ${d}`,
  status: { identification: 'Müəyyənləşdirmə', preparation: 'Hazırlıq', implementation: 'İcra olunur', completion: 'Tamamlanıb', cancelled: 'Ləğv edilib' },
  tenderStatus: {
    active: 'Təkliflər qəbul olunur',
    opening: 'Açılış',
    evaluation: 'Qiymətləndirmə',
    standstill: 'Gözləmə müddəti',
    awarded: 'Qalib müəyyənləşib',
    complete: 'Başa çatıb',
    cancelled: 'Ləğv edilib',
    unsuccessful: 'Baş tutmayıb',
  },
  engagementKind: {
    visit: 'Səfər',
    meeting: 'Görüş',
    delegation: 'Nümayəndə heyəti',
    commission: 'Hökumətlərarası komissiya',
    forum: 'Forum',
    agreement: 'Saziş',
    memorandum: 'Memorandum',
  },
  milestoneAccepted: (m, c) => `Mərhələ qəbul edilib: ${m} (${c})`,
  contractCompleted: (c) => `Müqavilə icra olunub: ${c}`,
  pledge: (who, amount) => `Öhdəlik: ${who}, ${amount}`,
  pledgeStatus: { pledged: 'Vəd edilib', committed: 'Öhdəlik götürülüb', disbursed: 'Ödənilib' },
};

const ko: Words = {
  tenders: 'Berpa: 입찰',
  project: (n) => `Berpa: ${n}`,
  country: (n) => `Berpa: ${n}`,
  published: (t) => `입찰 공고: ${t}`,
  awarded: (t) => `낙찰: ${t}`,
  winner: (s, a) => `낙찰자: ${s}, ${a}`,
  statusChanged: (f, t) => `상태: ${f} → ${t}`,
  deadline: (d) => `응찰 마감 ${d}`,
  status: { identification: '발굴', preparation: '준비', implementation: '시행 중', completion: '완료', cancelled: '취소' },
  tenderStatus: {
    active: '응찰 접수 중',
    opening: '개찰',
    evaluation: '평가 중',
    standstill: '이의 제기 기간',
    awarded: '낙찰',
    complete: '완료',
    cancelled: '취소',
    unsuccessful: '유찰',
  },
  engagementKind: { visit: '방문', meeting: '회의', delegation: '대표단', commission: '정부 간 위원회', forum: '포럼', agreement: '협정', memorandum: '양해각서' },
  milestoneAccepted: (m, c) => `단계 승인: ${m} (${c})`,
  contractCompleted: (c) => `계약 완료: ${c}`,
  pledge: (who, amount) => `공약: ${who}, ${amount}`,
  pledgeStatus: { pledged: '공약', committed: '확약', disbursed: '집행' },
};

const ru: Words = {
  tenders: 'Berpa: тендеры',
  project: (n) => `Berpa: ${n}`,
  country: (n) => `Berpa: ${n}`,
  published: (t) => `Объявлен тендер: ${t}`,
  awarded: (t) => `Определён победитель тендера: ${t}`,
  winner: (s, a) => `Победитель: ${s}, ${a}`,
  statusChanged: (f, t) => `Статус: ${f} → ${t}`,
  deadline: (d) => `Срок подачи заявок ${d}`,
  status: { identification: 'Определение', preparation: 'Подготовка', implementation: 'Реализуется', completion: 'Завершён', cancelled: 'Отменён' },
  tenderStatus: {
    active: 'Приём заявок',
    opening: 'Вскрытие',
    evaluation: 'Оценка',
    standstill: 'Период ожидания',
    awarded: 'Определён победитель',
    complete: 'Завершён',
    cancelled: 'Отменён',
    unsuccessful: 'Не состоялся',
  },
  engagementKind: {
    visit: 'Визит',
    meeting: 'Встреча',
    delegation: 'Делегация',
    commission: 'Межправительственная комиссия',
    forum: 'Форум',
    agreement: 'Соглашение',
    memorandum: 'Меморандум',
  },
  milestoneAccepted: (m, c) => `Этап принят: ${m} (${c})`,
  contractCompleted: (c) => `Контракт исполнен: ${c}`,
  pledge: (who, amount) => `Обязательство: ${who}, ${amount}`,
  pledgeStatus: { pledged: 'Обещано', committed: 'Принято обязательство', disbursed: 'Выплачено' },
};

export const WORDS: Record<Lang, Words> = { en, az, ko, ru };

/** An amount with its currency code, grouped for `lang` (Node's full ICU has az, unlike Debian's Chromium). */
export const moneyIn = (lang: Lang, amount: number, currency: string) =>
  `${new Intl.NumberFormat(lang === 'az' ? 'az-Latn-AZ' : lang, { maximumFractionDigits: 2 }).format(amount)} ${currency}`;

/** A record's localized text in `lang`, else English, else any language it has, with the language it is in. */
export function pickText(t: Record<string, string | undefined> | null | undefined, lang: string): { text: string; lang: string } {
  const m = t ?? {};
  if (m[lang]) return { text: m[lang]!, lang };
  if (m.en) return { text: m.en, lang: 'en' };
  const k = Object.keys(m).find((x) => m[x]);
  return k ? { text: m[k]!, lang: k } : { text: '', lang };
}

/** The subscription mails' words: subject prefixes and the closing lines. */
export const MAIL: Record<Lang, { newTender: string; project: string; country: string; pledge: string; open: string; unsubscribe: string; why: string }> = {
  en: {
    newTender: 'New tender',
    project: 'Project update',
    country: 'New engagement',
    pledge: 'New pledge',
    open: 'Read it on Berpa',
    unsubscribe: 'Unsubscribe (one click)',
    why: 'You receive this because you subscribed on Berpa.',
  },
  az: {
    newTender: 'Yeni tender',
    project: 'Layihədə yenilik',
    country: 'Yeni əməkdaşlıq tədbiri',
    pledge: 'Yeni öhdəlik',
    open: "Berpa'da oxuyun",
    unsubscribe: 'Abunəlikdən çıxmaq (bir kliklə)',
    why: "Bu məktubu Berpa'da abunə olduğunuz üçün alırsınız.",
  },
  ko: {
    newTender: '새 입찰',
    project: '사업 소식',
    country: '새 교류 활동',
    pledge: '새 공약',
    open: 'Berpa에서 보기',
    unsubscribe: '구독 해지(한 번 클릭)',
    why: 'Berpa에서 구독하셨기 때문에 이 메일을 받으셨습니다.',
  },
  ru: {
    newTender: 'Новый тендер',
    project: 'Новости проекта',
    country: 'Новое мероприятие',
    pledge: 'Новое обязательство',
    open: 'Читать на Berpa',
    unsubscribe: 'Отписаться (в один клик)',
    why: 'Вы получили это письмо, потому что подписались на Berpa.',
  },
};
