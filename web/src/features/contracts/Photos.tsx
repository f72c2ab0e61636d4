import type { ProgressPhoto, ProgressReport } from '../../api/types.ts';
import { useI18n } from '../../app/i18n.tsx';
import { coded } from './labels.ts';

/** The server's verdict on one photo: where (inside, outside, not verified) and when (in or outside the report period). */
export function PhotoVerdict({ p }: { p: ProgressPhoto }) {
  const { t, fmt } = useI18n();
  return (
    <span className="verdict" data-location={p.locationStatus} data-time={p.timeStatus}>
      <span className={`tag loc-${p.locationStatus}`}>{coded(t, 'contract.loc', p.locationStatus)}</span>
      {p.distanceM != null && p.locationStatus === 'outside' ? <span className="muted"> {t('contract.photo.distance', { m: fmt.number(p.distanceM) })}</span> : null}{' '}
      <span className={`tag time-${p.timeStatus}`}>{coded(t, 'contract.time', p.timeStatus)}</span>
    </span>
  );
}

/** Every photo of every report, numbered as on the map. */
export function numberedPhotos(reports: ProgressReport[]) {
  let n = 0;
  return reports.flatMap((r) => r.photos.map((p) => ({ n: ++n, p, r })));
}

export function PhotoGrid({ reports }: { reports: ProgressReport[] }) {
  const { t, fmt } = useI18n();
  const all = numberedPhotos(reports);
  if (!all.length) return <p className="empty">{t('common.notYet')}</p>;
  return (
    <ul className="photo-grid" data-testid="photos">
      {all.map(({ n, p, r }) => (
        <li key={p.id} data-photo={p.id} data-location={p.locationStatus}>
          <a href={p.originalUrl} aria-label={t('contract.photo.open', { n })}>
            <img
              src={p.url}
              alt={t('contract.photo.alt', { n, from: r.period.startDate ? fmt.date(r.period.startDate) : '', to: r.period.endDate ? fmt.date(r.period.endDate) : '' })}
              loading="lazy"
              width={p.width ?? undefined}
              height={p.height ?? undefined}
            />
          </a>
          <div>
            <strong>{n}</strong> {p.takenAt ? <span className="muted">{fmt.dateTime(p.takenAt)}</span> : null}
            <div>
              <PhotoVerdict p={p} />
            </div>
          </div>
        </li>
      ))}
    </ul>
  );
}
