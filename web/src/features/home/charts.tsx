import { useI18n } from '../../app/i18n.tsx';
import type { MessageKey } from '../../i18n/index.ts';

export const LAND_COLOURS: Record<string, string> = {
  hazardous: '#c0392b',
  released: '#2e8b57',
  under_reconstruction: '#d68910',
  rebuilt: '#1f5fa8',
};

/**
 * Target as a full bar: released land in green, and within it the parts under
 * reconstruction and rebuilt. Values are km²; segments never exceed the bar.
 */
export function ProgressGraphic({ target, released, recon, rebuilt }: { target: number; released: number; recon: number; rebuilt: number }) {
  const { t, fmt } = useI18n();
  const total = Math.max(target, released, 1);
  const releasedOnly = Math.max(released - recon - rebuilt, 0);
  const seg = (v: number) => `${Math.min(100, (v / total) * 100)}%`;
  return (
    <figure style={{ margin: 0 }}>
      <div
        className="progress"
        role="img"
        aria-label={`${t('home.progressLabel', { target: fmt.km2(target) })}: ${t('home.released')} ${fmt.km2(released)}, ${t('home.underReconstruction')} ${fmt.km2(recon)}, ${t('home.rebuilt')} ${fmt.km2(rebuilt)}`}
      >
        <span style={{ width: seg(rebuilt), background: LAND_COLOURS.rebuilt }} />
        <span style={{ width: seg(recon), background: LAND_COLOURS.under_reconstruction }} />
        <span style={{ width: seg(releasedOnly), background: LAND_COLOURS.released }} />
      </div>
      <figcaption className="muted" style={{ marginTop: '0.35rem', fontSize: '0.9rem' }}>
        {t('common.of', { value: fmt.km2(released), total: fmt.km2(target) })} · {fmt.percent(released / Math.max(target, 1))}
      </figcaption>
    </figure>
  );
}

/** Monthly values as SVG bars (what was released in each month, not the running total); no chart library. */
export function MonthlyChart({ points }: { points: { month: string; value: number }[] }) {
  const { t, fmt } = useI18n();
  const W = 640;
  const H = 220;
  const pad = { l: 48, r: 12, t: 12, b: 30 };
  const max = Math.max(1, ...points.map((p) => p.value));
  const bw = (W - pad.l - pad.r) / Math.max(points.length, 1);
  const y = (v: number) => H - pad.b - (v / max) * (H - pad.t - pad.b);
  const ticks = [0, max / 2, max];
  const every = Math.ceil(points.length / 8);
  return (
    <div className="chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={t('home.monthlyChartLabel')}>
        <title>{t('home.monthlyChartLabel')}</title>
        {ticks.map((v, i) => (
          <g key={i}>
            <line x1={pad.l} x2={W - pad.r} y1={y(v)} y2={y(v)} stroke="#d8dee4" />
            <text x={pad.l - 6} y={y(v) + 4} textAnchor="end" fontSize="11" fill="#4f5b67">
              {fmt.number(v, v < 10 ? 1 : 0)}
            </text>
          </g>
        ))}
        {points.map((p, i) => (
          <g key={p.month}>
            <rect x={pad.l + i * bw + bw * 0.15} y={y(p.value)} width={bw * 0.7} height={Math.max(0, H - pad.b - y(p.value))} fill={LAND_COLOURS.released} rx="2">
              <title>{`${fmt.month(p.month)}: ${fmt.km2(p.value)}`}</title>
            </rect>
            {i % every === 0 ? (
              <text x={pad.l + i * bw + bw / 2} y={H - 10} textAnchor="middle" fontSize="11" fill="#4f5b67">
                {fmt.month(p.month)}
              </text>
            ) : null}
          </g>
        ))}
      </svg>
    </div>
  );
}

/** Horizontal bars for counts by category. */
export function BarList({ rows, labelKeyPrefix }: { rows: { key: string; label?: string; value: number; display?: string }[]; labelKeyPrefix?: string }) {
  const { t, fmt } = useI18n();
  const max = Math.max(1, ...rows.map((r) => r.value));
  return (
    <ul className="bars">
      {rows.map((r) => {
        const label = r.label ?? (labelKeyPrefix ? t(`${labelKeyPrefix}${r.key}` as MessageKey) : r.key);
        return (
          <li key={r.key}>
            <span>{label.startsWith(labelKeyPrefix ?? '\u0000') ? humanize(r.key) : label}</span>
            <span className="bar" aria-hidden="true">
              <span style={{ width: `${(r.value / max) * 100}%` }} />
            </span>
            <span className="n">{r.display ?? fmt.number(r.value)}</span>
          </li>
        );
      })}
    </ul>
  );
}

/** A codelist value ("waterSupply", "under_reconstruction") made readable when no translation exists. */
export function humanize(code: string): string {
  const s = code
    .replace(/[_-]+/g, ' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();
  return s.charAt(0).toUpperCase() + s.slice(1);
}
