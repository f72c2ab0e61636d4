import type { ContractMilestone, ContractPage } from '../../api/types.ts';
import { useI18n } from '../../app/i18n.tsx';
import { Empty } from '../../app/ui.tsx';
import { coded } from './labels.ts';

const DAY = 86_400_000;
export const MILESTONE_COLOURS: Record<string, string> = { scheduled: '#5b6b7a', submitted: '#1f5fa8', accepted: '#0b6e4f', rejected: '#a61b1b', late: '#b35900' };

/**
 * Milestones on the contract period: an SVG strip (period, today, one marker
 * per due date, coloured by status) for the eye, and the same milestones as
 * an ordered list for everyone, screen readers included.
 */
export function Timeline({ c }: { c: ContractPage }) {
  const { t, pick, fmt } = useI18n();
  const ms = [...c.milestones].sort((a, b) => (a.dueDate ?? '').localeCompare(b.dueDate ?? '') || a.position - b.position);
  if (!ms.length) return <Empty />;
  const day = (d: string) => new Date(`${d.slice(0, 10)}T00:00:00Z`).getTime();
  const now = Date.now();
  const points = [c.period.startDate, c.period.endDate, c.period.originalEndDate, c.actualEndDate, ...ms.map((m) => m.dueDate)].filter((d): d is string => !!d).map(day);
  const lo = Math.min(now, ...points) - 10 * DAY;
  const hi = Math.max(now, ...points) + 10 * DAY;
  const x = (ms_: number) => 20 + ((ms_ - lo) / (hi - lo)) * 960;
  const start = c.period.startDate ? x(day(c.period.startDate)) : 20;
  const end = c.period.endDate ? x(day(c.period.endDate)) : 980;
  return (
    <div className="timeline" data-testid="timeline">
      <svg viewBox="0 0 1000 70" role="img" aria-label={t('contract.timelineLabel', { count: ms.length })} preserveAspectRatio="none">
        <rect x={start} y={28} width={Math.max(2, end - start)} height={14} rx={7} fill="#e3ebe7" />
        <line x1={x(now)} x2={x(now)} y1={10} y2={60} stroke="#1d2630" strokeDasharray="3 3" />
        <text x={x(now) + 4} y={14} fontSize={11} fill="#1d2630">
          {t('contract.today')}
        </text>
        {ms.map((m, i) =>
          m.dueDate ? (
            <g key={m.id}>
              <circle cx={x(day(m.dueDate))} cy={35} r={9} fill={MILESTONE_COLOURS[m.status] ?? '#5b6b7a'} stroke="#fff" strokeWidth={2} />
              <text x={x(day(m.dueDate))} y={39} fontSize={10} fill="#fff" textAnchor="middle">
                {i + 1}
              </text>
            </g>
          ) : null,
        )}
      </svg>
      <ol className="timeline-list">
        {ms.map((m) => (
          <li key={m.id} data-milestone={m.id} data-status={m.status}>
            <span className="swatch round" style={{ background: MILESTONE_COLOURS[m.status] ?? '#5b6b7a' }} aria-hidden="true" />
            <strong>{pick(m.title)}</strong> <span className={`tag status-${m.status}`}>{coded(t, 'contract.ms', m.status)}</span>
            <span className="muted">
              {' '}
              {[
                m.dueDate ? t('contract.due', { date: fmt.date(m.dueDate) }) : null,
                t('contract.share', { pct: fmt.number(m.sharePct, 1) }),
                m.amount != null ? fmt.money(m.amount, c.value.currency) : null,
                m.daysLate > 0 ? t('contract.daysLate', { count: m.daysLate }) : null,
              ]
                .filter(Boolean)
                .join(' · ')}
            </span>
            {m.reason ? <p className="muted reason">{t('contract.reasonIs', { reason: m.reason })}</p> : null}
            <MilestoneOutputs m={m} />
          </li>
        ))}
      </ol>
    </div>
  );
}

function MilestoneOutputs({ m }: { m: ContractMilestone }) {
  const { fmt } = useI18n();
  if (!m.outputs.length) return null;
  return <p className="muted">{m.outputs.map((o) => `${fmt.number(o.quantity, 1)} ${o.unit} ${o.metric}`).join(', ')}</p>;
}
