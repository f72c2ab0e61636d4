import { useI18n } from '../../app/i18n.tsx';
import { Card } from '../../app/ui.tsx';
import { exact, type Tender, when } from '../bidding/shared.tsx';

interface RecordEntry {
  bidId: string;
  bidder: { id: string; name: string; country: string };
  receivedAt: string;
  status: 'valid' | 'disqualified';
  reason: string | null;
  prices: { lotId: string; lotRef?: string; amount: number; currency: string; abnormallyLow: boolean }[];
}

/** The published opening record: who bid, at what price per lot, and which bids were disqualified and why. */
export function OpeningRecord({ record, tender }: { record: unknown; tender: Tender }) {
  const { t, lang } = useI18n();
  const r = record as { openedAt: string; bids: RecordEntry[]; validBids: number; disqualifiedBids: number; openedBy: string[] };
  const lotRef = (id: string) => tender.lots.find((l) => l.id === id)?.ref ?? id.slice(0, 8);
  return (
    <Card title={t('eval.recordTitle')} id="opening-record">
      <p className="muted" data-testid="record-summary">
        {t('eval.recordSummary', { date: when(lang, r.openedAt), valid: r.validBids, disqualified: r.disqualifiedBids, members: r.openedBy.length })}
      </p>
      <div className="table-wrap">
        <table data-testid="opening-record">
          <thead>
            <tr>
              <th scope="col">{t('eval.bidder')}</th>
              <th scope="col">{t('common.country')}</th>
              <th scope="col">{t('bid.received')}</th>
              <th scope="col">{t('eval.pricesPerLot')}</th>
              <th scope="col">{t('common.status')}</th>
            </tr>
          </thead>
          <tbody>
            {r.bids.map((b) => (
              <tr key={b.bidId} data-testid="record-bid" data-bidder={b.bidder.name}>
                <td>{b.bidder.name}</td>
                <td>{b.bidder.country}</td>
                <td>{when(lang, b.receivedAt)}</td>
                <td>
                  {b.prices.map((p) => (
                    <div key={p.lotId} data-testid="record-price">
                      {t('bid.lot', { ref: p.lotRef ?? lotRef(p.lotId) })}: {exact(lang, p.amount, p.currency)}
                      {p.abnormallyLow ? <strong className="error"> · {t('eval.abnormallyLow')}</strong> : null}
                    </div>
                  ))}
                </td>
                <td>{b.status === 'valid' ? t('eval.valid') : `${t('eval.disqualified')}: ${b.reason ?? ''}`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Card>
  );
}
