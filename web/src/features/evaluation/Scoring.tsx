import { useState } from 'react';
import { useI18n } from '../../app/i18n.tsx';
import { useSession } from '../../app/session.tsx';
import { Card } from '../../app/ui.tsx';
import { ErrorLine, exact, send, type Tender, useAction } from '../bidding/shared.tsx';

export interface Evaluation {
  status: string;
  awardCriteria: 'priceOnly' | 'ratedCriteria';
  criteria: { id: string; name: string; weight: number }[];
  bids: {
    id: string;
    status: string;
    bidder: { id: string; name: string; country: string };
    declarations: Record<string, boolean> | null;
    proposal: { documents: { title: string; sha256: string }[] } | null;
    prices: { lotId: string; amount: number; currency: string; abnormallyLow: boolean }[];
    scores: { criterionId: string; mean: number }[];
  }[];
  ranking: { bidId: string; total: number; score: number; rank: number }[];
}

/** Scores per criterion (evaluators), the ranking, and the award with reasons (operators). */
export function ScoresAndAward({ tender, ev, onChange }: { tender: Tender; ev: Evaluation; onChange: () => void }) {
  const { t, lang } = useI18n();
  const session = useSession();
  const scoring = useAction();
  const awarding = useAction();
  const scored = ev.criteria.filter((c) => c.id !== 'price');
  const canScore = session.can('tender.evaluate') && ev.status === 'evaluation' && scored.length > 0;
  const canAward = session.can('tender.award') && ev.status === 'evaluation' && ev.ranking.length > 0;
  const [scores, setScores] = useState<Record<string, string>>({});
  const [winner, setWinner] = useState(ev.ranking[0]?.bidId ?? '');
  const [reasons, setReasons] = useState('');
  const bidOf = (id: string) => ev.bids.find((b) => b.id === id)!;
  const currency = (id: string) => bidOf(id).prices[0]?.currency ?? tender.value?.currency ?? 'AZN';
  const valid = ev.bids.filter((b) => b.status === 'valid');

  const saveScores = () =>
    scoring.run(async () => {
      const list = valid.flatMap((b) =>
        scored.filter((c) => (scores[`${b.id}:${c.id}`] ?? '') !== '').map((c) => ({ bidId: b.id, criterionId: c.id, score: Number(scores[`${b.id}:${c.id}`]) })),
      );
      if (list.length === 0 || list.some((s) => !(s.score >= 0 && s.score <= 100))) throw new Error(t('eval.scoreRange'));
      await send(`/api/v1/tenders/${tender.id}/scores`, { method: 'POST', body: { scores: list }, csrf: session.csrfToken });
      onChange();
    });

  return (
    <>
      <Card title={t('eval.rankingTitle')} id="ranking">
        <div className="table-wrap">
          <table data-testid="ranking">
            <thead>
              <tr>
                <th scope="col">{t('eval.rank')}</th>
                <th scope="col">{t('eval.bidder')}</th>
                <th scope="col" className="num">
                  {t('eval.totalPrice')}
                </th>
                {scored.map((c) => (
                  <th scope="col" key={c.id}>
                    {c.name} ({c.weight}%)
                  </th>
                ))}
                <th scope="col" className="num">
                  {t('eval.score')}
                </th>
              </tr>
            </thead>
            <tbody>
              {ev.ranking.map((r) => (
                <tr key={r.bidId} data-testid="rank-row" data-rank={r.rank} data-bidder={bidOf(r.bidId).bidder.name}>
                  <td>{r.rank}</td>
                  <td>{bidOf(r.bidId).bidder.name}</td>
                  <td className="num">{exact(lang, r.total, currency(r.bidId))}</td>
                  {scored.map((c) => {
                    const mean = bidOf(r.bidId).scores.find((s) => s.criterionId === c.id)?.mean;
                    return (
                      <td key={c.id}>
                        {canScore ? (
                          <input
                            type="number"
                            min="0"
                            max="100"
                            aria-label={`${c.name} — ${bidOf(r.bidId).bidder.name}`}
                            value={scores[`${r.bidId}:${c.id}`] ?? ''}
                            placeholder={mean === undefined ? '' : String(mean)}
                            onChange={(e) => setScores({ ...scores, [`${r.bidId}:${c.id}`]: e.target.value })}
                            data-testid={`score-${c.id}`}
                            style={{ width: '5rem' }}
                          />
                        ) : mean === undefined ? (
                          '—'
                        ) : (
                          mean
                        )}
                      </td>
                    );
                  })}
                  <td className="num" data-testid="rank-score">
                    {r.score}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {canScore ? (
          <>
            <ErrorLine error={scoring.error} />
            <button className="btn" onClick={saveScores} disabled={scoring.busy} data-testid="scores-save">
              {t('eval.saveScores')}
            </button>
          </>
        ) : null}
      </Card>
      {canAward ? (
        <Card title={t('eval.awardTitle')} id="award-form">
          <label style={{ display: 'grid', gap: '0.25rem' }}>
            {t('eval.awardTo')}
            <select value={winner} onChange={(e) => setWinner(e.target.value)} data-testid="award-bid">
              {ev.ranking.map((r) => (
                <option key={r.bidId} value={r.bidId}>
                  {r.rank}. {bidOf(r.bidId).bidder.name} — {exact(lang, r.total, currency(r.bidId))}
                </option>
              ))}
            </select>
          </label>
          <label style={{ display: 'grid', gap: '0.25rem', margin: '0.6rem 0' }}>
            {t('eval.reasons')}
            <textarea rows={3} value={reasons} onChange={(e) => setReasons(e.target.value)} data-testid="award-reasons" />
          </label>
          <ErrorLine error={awarding.error} />
          <button
            className="btn"
            disabled={awarding.busy || !winner || reasons.trim().length < 3}
            data-testid="award-submit"
            onClick={() =>
              awarding.run(async () => {
                await send(`/api/v1/tenders/${tender.id}/award`, { method: 'POST', body: { bidId: winner, reasons: reasons.trim() }, csrf: session.csrfToken });
                onChange();
              })
            }
          >
            {t('eval.awardSubmit')}
          </button>
        </Card>
      ) : null}
    </>
  );
}
