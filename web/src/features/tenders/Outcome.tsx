import type { OpeningRecord, Outcome, Tender } from '../../api/types.ts';
import { codeLabel } from '../../app/codes.ts';
import { useI18n } from '../../app/i18n.tsx';
import { Localized } from '../../app/localized.tsx';
import { Link } from '../../app/router.tsx';
import { Dl, type Loaded, Show, useGet } from '../../app/ui.tsx';

/** Statuses at which the bids have been opened: before them there is no record to ask for (an expected absence, not a 404 in the console). */
const OPENED: readonly Tender['status'][] = ['evaluation', 'standstill', 'awarded', 'complete', 'unsuccessful'];
export const isOpened = (t: Tender) => OPENED.includes(t.status);

/** The published opening record: bidders and their full prices per lot, as they were opened. */
export function Results({ tender, record }: { tender: Tender; record: Loaded<OpeningRecord> }) {
  const { t, fmt, lang } = useI18n();
  if (!isOpened(tender)) return <p className="muted">{t('tender.resultsLater')}</p>;
  return (
    <Show value={record} empty={<p className="muted">{t('tender.resultsLater')}</p>}>
      {(data) => {
        if (!data.bids.length) return <p className="muted">{t('tender.resultsLater')}</p>;
        return (
          <div className="table-wrap" data-testid="opening-results">
            <table>
              <caption className="muted">{t('portal.fullAmounts')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('tender.bidder')}</th>
                  <th scope="col" className="num">
                    {t('tender.price')}
                  </th>
                  <th scope="col">{t('common.status')}</th>
                </tr>
              </thead>
              <tbody>
                {data.bids.map((b) => (
                  <tr key={b.bidId}>
                    <td>
                      <Link href={`/organisations/${b.bidder.id}`}>{b.bidder.name}</Link>
                    </td>
                    <td className="num">
                      {b.prices.map((p) => (
                        <div key={p.lotId}>
                          {p.lotRef ? `${p.lotRef}: ` : ''}
                          {fmt.moneyFull(p.amount, p.currency)}
                        </div>
                      ))}
                    </td>
                    <td>{codeLabel(lang, 'opening', b.status)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        );
      }}
    </Show>
  );
}

/** Winner, the published reasons and the signed contract of an awarded tender. */
export function AwardOutcome({ tender, record }: { tender: Tender; record: Loaded<OpeningRecord> }) {
  const { t, fmt } = useI18n();
  const res = useGet<Outcome>(isOpened(tender) ? `/api/v1/tenders/${tender.id}/outcome` : null);
  if (!isOpened(tender)) return <p className="muted">{t('portal.noAwardYet')}</p>;
  const bidderOf = (bidId: string) => (record.state === 'ok' ? record.data.bids.find((b) => b.bidId === bidId)?.bidder : undefined);
  return (
    <Show value={res} empty={<p className="muted">{t('portal.noAwardYet')}</p>}>
      {(o) => {
        const awards = o.awards.filter((a) => a.status !== 'cancelled');
        if (!awards.length) return <p className="muted">{t('portal.noAwardYet')}</p>;
        return (
          <div data-testid="award-outcome">
            {awards.map((a) => {
              const bidder = bidderOf(a.bidId);
              const contract = o.contracts.find((c) => c.awardId === a.id);
              return (
                <Dl
                  key={a.id}
                  rows={[
                    [t('portal.winner'), <Link href={`/organisations/${a.supplierOrgId}`}>{bidder?.name ?? t('org.title')}</Link>],
                    [t('portal.awardValue'), fmt.moneyFull(a.value.amount, a.value.currency)],
                    [t('portal.awardReasons'), a.reasons],
                    [
                      t('portal.contract'),
                      contract ? (
                        <span>
                          <Link href={`/contracts/${contract.id}`}>
                            <Localized value={contract.title} />
                          </Link>{' '}
                          <span className="muted">{contract.signedAt ? t('portal.contractSigned', { date: fmt.date(contract.signedAt) }) : ''}</span>
                        </span>
                      ) : null,
                    ],
                  ]}
                />
              );
            })}
          </div>
        );
      }}
    </Show>
  );
}
