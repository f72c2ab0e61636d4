import { useEffect, useState } from 'react';
import { checkReceipt, fetchReceiptKey, prepareSealedBid } from '../../../../src/lib/sealing/client.ts';
import type { BidPayload } from '../../../../src/lib/sealing/payload.ts';
import type { SignedReceipt } from '../../../../src/lib/sealing/receipt.ts';
import type { Page } from '../../api/types.ts';
import { api } from '../../app/api.ts';
import { useI18n } from '../../app/i18n.tsx';
import { Link } from '../../app/router.tsx';
import { useSession } from '../../app/session.tsx';
import { Card, PageTitle, Show, useLoad } from '../../app/ui.tsx';
import { type Bid, Receipts } from './Receipts.tsx';
import { ErrorLine, exact, newKey, send, type Tender, useAction, when } from './shared.tsx';

/** The declarations every bid carries (sealed with the prices). */
const DECLARATIONS = ['noCollusion', 'noConflictOfInterest', 'eligibleNationality', 'acceptsConditions'] as const;

interface Doc {
  title: string;
  sha256: string;
}

async function sha256Hex(buf: ArrayBuffer): Promise<string> {
  const d = new Uint8Array(await crypto.subtle.digest('SHA-256', buf));
  return Array.from(d, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The form: a price per lot the company bids on, declarations, proposal documents by fingerprint. */
function BidForm({ tender, live, onDone }: { tender: Tender; live: Bid | null; onDone: (b: Bid, check: string[]) => void }) {
  const { t, pick, lang } = useI18n();
  const session = useSession();
  const currencyOf = (lotId: string) => tender.lots.find((l) => l.id === lotId)?.value?.currency ?? tender.value?.currency ?? 'AZN';
  const [prices, setPrices] = useState<Record<string, string>>({});
  const [decl, setDecl] = useState<Record<string, boolean>>({});
  const [docs, setDocs] = useState<Doc[]>([]);
  // One key per prepared bid: a retry after a network failure reuses it, so it never makes a second bid.
  const [key, setKey] = useState(newKey);
  const action = useAction();
  const priced = tender.lots.filter((l) => (prices[l.id] ?? '').trim() !== '');
  const allDeclared = DECLARATIONS.every((d) => decl[d]);

  const addFiles = async (files: FileList | null) => {
    if (!files) return;
    const added: Doc[] = [];
    for (const f of Array.from(files)) added.push({ title: f.name, sha256: await sha256Hex(await f.arrayBuffer()) });
    setDocs((d) => [...d, ...added]);
  };

  const submit = () =>
    action.run(async () => {
      const bad = priced.find((l) => !(Number(prices[l.id]) > 0));
      if (priced.length === 0 || bad) throw new Error(t('bid.needPrice'));
      const bid: BidPayload = {
        lots: priced.map((l) => ({ lotId: l.id, price: { amount: Number(prices[l.id]), currency: currencyOf(l.id) } })),
        declarations: Object.fromEntries(DECLARATIONS.map((d) => [d, true])),
        ...(docs.length ? { technicalProposal: { documents: docs } } : {}),
      };
      const bidderOrgId = session.user!.organisationId!;
      // Sealed here, in the browser: only the envelope and the lot ids leave this page.
      const sealed = await prepareSealedBid({ tenderId: tender.id, openingPublicKey: tender.opening.publicKey!, bidderOrgId, bid });
      const body = { lotIds: priced.map((l) => l.id), envelope: sealed.envelope };
      const path = `/api/v1/tenders/${tender.id}/bids${live ? '/mine' : ''}`;
      const res = await send<Bid>(path, { method: live ? 'PUT' : 'POST', body, key, csrf: session.csrfToken });
      const { publicKey } = await fetchReceiptKey(window.location.origin);
      const problems = await checkReceipt(publicKey, res.receipt as SignedReceipt, { tenderId: tender.id, bidderOrgId, envelopeSha256: sealed.envelopeSha256 });
      setKey(newKey());
      onDone(res, problems);
    });

  return (
    <Card title={live ? t('bid.replaceTitle') : t('bid.formTitle')} id="bid-form">
      <p className="muted">{t('bid.sealedExplain')}</p>
      <fieldset>
        <legend>{t('bid.pricesPerLot')}</legend>
        {tender.lots.map((l) => (
          <label key={l.id} style={{ display: 'grid', gap: '0.2rem', marginBottom: '0.5rem' }}>
            <span>
              {t('bid.lot', { ref: l.ref })}: {pick(l.title)}
              {l.value ? (
                <span className="muted">
                  {' '}
                  · {t('bid.estimate')} {exact(lang, l.value.amount, l.value.currency)}
                </span>
              ) : null}
            </span>
            <span>
              <input
                type="number"
                min="0"
                step="0.01"
                inputMode="decimal"
                value={prices[l.id] ?? ''}
                onChange={(e) => setPrices({ ...prices, [l.id]: e.target.value })}
                data-testid={`price-${l.ref}`}
                aria-describedby="price-hint"
              />{' '}
              {currencyOf(l.id)}
            </span>
          </label>
        ))}
        <p className="muted" id="price-hint">
          {t('bid.priceHint')}
        </p>
      </fieldset>
      <fieldset>
        <legend>{t('bid.declarations')}</legend>
        {DECLARATIONS.map((d) => (
          <label key={d} style={{ display: 'block' }}>
            <input type="checkbox" checked={!!decl[d]} onChange={(e) => setDecl({ ...decl, [d]: e.target.checked })} data-testid={`decl-${d}`} /> {t(`bid.decl.${d}`)}
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>{t('bid.documents')}</legend>
        <p className="muted">{t('bid.documentsExplain')}</p>
        <label>
          {t('bid.addDocuments')} <input type="file" multiple onChange={(e) => addFiles(e.target.files)} data-testid="bid-files" />
        </label>
        <ul data-testid="bid-docs">
          {docs.map((d, i) => (
            <li key={i}>
              {d.title} — <code>{d.sha256}</code>{' '}
              <button type="button" className="linkish" onClick={() => setDocs(docs.filter((_, j) => j !== i))}>
                {t('bid.remove')}
              </button>
            </li>
          ))}
        </ul>
      </fieldset>
      <ErrorLine error={action.error} />
      <button className="btn" disabled={action.busy || !allDeclared || priced.length === 0} onClick={submit} data-testid="bid-submit">
        {action.busy ? t('bid.sealing') : live ? t('bid.sealAndReplace') : t('bid.sealAndSubmit')}
      </button>
      {!allDeclared ? <p className="muted">{t('bid.declareAll')}</p> : null}
    </Card>
  );
}

/** Preparing, sealing and submitting a bid; the company's receipts; replace and withdraw. */
export default function BidPage({ id }: { id: string }) {
  const { t, pick, lang } = useI18n();
  const session = useSession();
  const [version, setVersion] = useState(0);
  const [last, setLast] = useState<{ bidId: string; problems: string[] } | null>(null);
  const data = useLoad(
    async (signal) => {
      const tender = await api<Tender>(`/api/v1/tenders/${id}`, { signal });
      const mine = session.can('tender.bid') ? (await api<Page<Bid>>(`/api/v1/tenders/${id}/bids/mine`, { signal })).items : [];
      return { tender, mine };
    },
    ['/api/v1/tenders', id, 'bid-page', version, session.user?.id],
  );
  const withdraw = useAction();
  const [confirming, setConfirming] = useState(false);
  useEffect(() => setConfirming(false), [version]);
  if (!session.ready) return null;
  if (!session.can('tender.bid')) {
    return (
      <div className="page">
        <PageTitle title={t('bid.title')}>{t('bid.title')}</PageTitle>
        <p role="alert">{t('bid.companiesOnly')}</p>
      </div>
    );
  }
  return (
    <div className="page">
      <Show value={data}>
        {({ tender, mine }) => {
          const live = mine.find((b) => b.status === 'submitted') ?? null;
          const open = tender.status === 'active' && tender.phase === 'tendering';
          return (
            <>
              <PageTitle title={t('bid.title')}>
                {t('bid.title')}: {pick(tender.title)}
              </PageTitle>
              <p className="muted">
                <Link href={`/tenders/${tender.id}`}>{tender.ocid}</Link> · {t('bid.deadline')}: <span data-testid="bid-deadline">{when(lang, tender.tenderPeriod.endDate)}</span>
              </p>
              {last ? (
                <p className={last.problems.length ? 'error' : 'ok'} role="status" data-testid="receipt-check">
                  {last.problems.length ? t('bid.receiptBad', { problems: last.problems.join(', ') }) : t('bid.receiptGood')}
                </p>
              ) : null}
              <Receipts tender={tender} bids={mine} />
              {live && open ? (
                <Card title={t('bid.withdrawTitle')}>
                  <ErrorLine error={withdraw.error} />
                  {confirming ? (
                    <p>
                      {t('bid.withdrawConfirm')}{' '}
                      <button
                        className="btn small"
                        data-testid="bid-withdraw-confirm"
                        disabled={withdraw.busy}
                        onClick={() =>
                          withdraw.run(
                            async () => (
                              await send(`/api/v1/tenders/${tender.id}/bids/mine`, { method: 'DELETE', csrf: session.csrfToken }), setLast(null), setVersion((v) => v + 1)
                            ),
                          )
                        }
                      >
                        {t('bid.withdrawYes')}
                      </button>{' '}
                      <button className="btn small ghost" onClick={() => setConfirming(false)}>
                        {t('bid.cancel')}
                      </button>
                    </p>
                  ) : (
                    <button className="btn ghost" onClick={() => setConfirming(true)} data-testid="bid-withdraw">
                      {t('bid.withdraw')}
                    </button>
                  )}
                </Card>
              ) : null}
              {open && tender.opening.publicKey ? (
                <BidForm
                  key={live?.id ?? 'new'}
                  tender={tender}
                  live={live}
                  onDone={(b, problems) => {
                    setLast({ bidId: b.id, problems });
                    setVersion((v) => v + 1);
                  }}
                />
              ) : (
                <p className="muted" data-testid="bid-closed">
                  {t('bid.closed')}
                </p>
              )}
            </>
          );
        }}
      </Show>
    </div>
  );
}
