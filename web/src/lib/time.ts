import { azInZone } from './az-format.ts';

/** Countdown parts between now and a deadline; all zero and `past` once it has gone. */
export function countdown(deadline: Date, now: Date) {
  const ms = deadline.getTime() - now.getTime();
  if (!(ms > 0)) return { past: true, days: 0, hours: 0, minutes: 0, seconds: 0 };
  const s = Math.floor(ms / 1000);
  return { past: false, days: Math.floor(s / 86400), hours: Math.floor((s % 86400) / 3600), minutes: Math.floor((s % 3600) / 60), seconds: s % 60 };
}

export const BAKU_TZ = 'Asia/Baku';

export function viewerTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** The deadline written out in a time zone, with the zone's short name (e.g. "GMT+4"). */
export function formatInZone(d: Date, lang: string, timeZone: string): string {
  if (lang === 'az') return azInZone(d, timeZone);
  return new Intl.DateTimeFormat(lang, {
    weekday: 'short',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone,
    timeZoneName: 'shortOffset',
  }).format(d);
}
