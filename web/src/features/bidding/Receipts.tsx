import { useEffect, useState } from 'react';
import { checkReceipt, fetchReceiptKey } from '../../../../src/lib/sealing/client.ts';
import type { SignedReceipt } from '../../../../src/lib/sealing/receipt.ts';
import { useI18n } from '../../app/i18n.tsx';
import { Card } from '../../app/ui.tsx';
import { downloadJson, type Tender, when } from './shared.tsx';

export interface Bid {
  id: string;
  status: string;
  lotIds: string[];
  receivedAt: string;
  envelopeSha256: string;
  receipt: SignedReceipt | null;
  replacesBidId: string | null;
  withdrawnAt: string | null;
}

/**
 * The company's bids on this tender with their signed receipts, each checked
 * here in the browser against the key published at /api/v1/receipts/public-key.
 */
export function Receipts({ tender, bids }: { tender: Tender; bids: Bid[] }) {
  const { t, lang } = useI18n();
  const [key, setKey] = useState<{ publicKey: string; keyId: string } | null>(null);
  const [checks, setChecks] = useState<Record<string, boolean>>({});
  useEffect(() => {
    fetchReceiptKey(window.location.origin).then(setKey, () => setKey(null));
  }, []);
  useEffect(() => {
    if (!key) return;
    let live = true;
    void Promise.all(
      bids.map(async (b) => {
        if (!b.receipt) return [b.id, false] as const;
        const problems = await checkReceipt(key.publicKey, b.receipt, { tenderId: tender.id, bidderOrgId: b.receipt.receipt.bidderOrgId, envelopeSha256: b.envelopeSha256 });
        return [b.id, problems.length === 0] as const;
      }),
    ).then((r) => live && setChecks(Object.fromEntries(r)));
    return () => {
      live = false;
    };
  }, [key, bids, tender.id]);
  if (bids.length === 0)
    return (
      <p className="muted" data-testid="no-bids">
        {t('bid.noBidYet')}
      </p>
    );
  return (
    <Card title={t('bid.receipts')} id="receipts">
      <p className="muted">{key ? t('bid.receiptKey', { keyId: key.keyId }) : t('bid.receiptKeyMissing')}</p>
      <div className="table-wrap">
        <table data-testid="my-bids">
          <thead>
            <tr>
              <th scope="col">{t('bid.received')}</th>
              <th scope="col">{t('common.status')}</th>
              <th scope="col">{t('bid.fingerprint')}</th>
              <th scope="col">{t('bid.receipt')}</th>
            </tr>
          </thead>
          <tbody>
            {bids.map((b) => (
              <tr key={b.id} data-testid="my-bid" data-bid-id={b.id} data-status={b.status}>
                <td>{when(lang, b.receivedAt)}</td>
                <td>{t(`bid.status.${b.status}` as never) === `bid.status.${b.status}` ? b.status : t(`bid.status.${b.status}` as never)}</td>
                <td>
                  <code title={b.envelopeSha256}>{b.envelopeSha256.slice(0, 16)}…</code>
                </td>
                <td>
                  {b.receipt ? (
                    <>
                      <span className={checks[b.id] ? 'ok' : 'error'} data-testid="receipt-valid" data-valid={checks[b.id] ? 'yes' : 'no'}>
                        {checks[b.id] === undefined ? t('common.loading') : checks[b.id] ? t('bid.verified') : t('bid.receiptInvalid')}
                      </span>{' '}
                      <button className="linkish" data-testid="receipt-download" onClick={() => downloadJson(`receipt-${tender.ocid}-${b.id}.json`, b.receipt)}>
                        {t('bid.downloadReceipt')}
                      </button>
                    </>
                  ) : (
                    '—'
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Card>
  );
}
