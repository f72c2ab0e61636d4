import { useEffect, useState } from 'react';
import { useI18n } from '../../app/i18n.tsx';
import { BAKU_TZ, countdown, formatInZone, viewerTimeZone } from '../../lib/time.ts';

/** The deadline in the viewer's zone and in Baku time, with a live countdown. */
export function Deadline({ iso, serverTime }: { iso: string; serverTime?: string | null }) {
  const { t, lang } = useI18n();
  // Count from the server's clock when it tells us, so a wrong local clock does not mislead bidders.
  const [skew] = useState(() => (serverTime ? new Date(serverTime).getTime() - Date.now() : 0));
  const [now, setNow] = useState(() => new Date(Date.now() + skew));
  useEffect(() => {
    const id = setInterval(() => setNow(new Date(Date.now() + skew)), 1000);
    return () => clearInterval(id);
  }, [skew]);
  const d = new Date(iso);
  const zone = viewerTimeZone();
  const c = countdown(d, now);
  return (
    <div className="deadline" data-testid="deadline">
      <div className="zone">
        <strong>{t('tender.yourTime', { zone })}</strong>
        <time dateTime={iso} data-testid="deadline-local" data-zone={zone}>
          {formatInZone(d, lang, zone)}
        </time>
      </div>
      <div className="zone">
        <strong>{t('tender.bakuTime')}</strong>
        <time dateTime={iso} data-testid="deadline-baku">
          {formatInZone(d, lang, BAKU_TZ)}
        </time>
      </div>
      <div className="zone">
        <strong>{t('tender.countdown')}</strong>
        <span className="countdown" data-testid="countdown" role="timer" aria-live="off">
          {c.past ? t('tender.closed') : t('tender.countdownValue', { days: c.days, hours: c.hours, minutes: c.minutes, seconds: c.seconds })}
        </span>
      </div>
    </div>
  );
}
