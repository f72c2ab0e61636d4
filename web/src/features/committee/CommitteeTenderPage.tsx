import { useState } from 'react';
import { decryptShare, encryptShare, generateX25519KeyPair, type SealedEnvelope, shareSha256, splitKey } from '../../../../src/lib/sealing/index.ts';
import { api } from '../../app/api.ts';
import { useI18n } from '../../app/i18n.tsx';
import { Link } from '../../app/router.tsx';
import { useSession } from '../../app/session.tsx';
import { Card, PageTitle, Show, useLoad } from '../../app/ui.tsx';
import { ErrorLine, send, type Tender, useAction, useStatusLabel, when } from '../bidding/shared.tsx';
import { KeyCard } from './CommitteePage.tsx';
import { loadKey } from './keystore.ts';

/**
 * The chair's key ceremony, in this browser: generate the tender's opening
 * key pair, split the private half k-of-n, seal each share to one member's
 * registered key, upload the public half and the sealed shares. The opening
 * private key exists only in this function's memory and is then dropped.
 */
function KeyCeremony({ tender, onDone }: { tender: Tender; onDone: () => void }) {
  const { t } = useI18n();
  const session = useSession();
  const action = useAction();
  const missing = tender.opening.committee.filter((c) => !c.memberPublicKey).length;
  const run = () =>
    action.run(async () => {
      const opening = await generateX25519KeyPair();
      const members = tender.opening.committee;
      // k is set with the committee when the draft is created; a draft without one cannot be opened.
      const k = tender.opening.k;
      if (!k) throw new Error('no threshold');
      const shares = await splitKey(opening.privateKey, members.length, k);
      const sealed = await Promise.all(
        members.map(async (m, i) => ({
          memberUserId: m.userId,
          encryptedShare: await encryptShare(m.memberPublicKey!, shares[i], { tenderId: tender.id, memberUserId: m.userId }),
          shareSha256: await shareSha256(shares[i]),
        })),
      );
      await send(`/api/v1/tenders/${tender.id}/opening-key`, {
        method: 'PUT',
        body: { openingPublicKey: opening.publicKey, k, n: members.length, shares: sealed },
        csrf: session.csrfToken,
      });
      onDone();
    });
  return (
    <Card title={t('committee.ceremonyTitle')} id="ceremony">
      <p>{t('committee.ceremonyExplain', { k: tender.opening.k ?? '—', n: tender.opening.n ?? '—' })}</p>
      {missing ? <p className="error">{t('committee.membersWithoutKey', { count: missing })}</p> : null}
      <ErrorLine error={action.error} />
      <button className="btn" disabled={action.busy || missing > 0} onClick={run} data-testid="ceremony-run">
        {t('committee.ceremonyRun')}
      </button>
    </Card>
  );
}

/** At the opening: fetch my sealed share, decrypt it here with my private key, hand it in. */
function ShareCard({ tender, onDone }: { tender: Tender; onDone: () => void }) {
  const { t } = useI18n();
  const session = useSession();
  const action = useAction();
  const [result, setResult] = useState<{ opened: boolean; sharesIn: number; k: number } | null>(null);
  const uid = session.user!.id;
  const run = () =>
    action.run(async () => {
      const key = loadKey(uid);
      if (!key) throw new Error(t('committee.noKeyHere'));
      const mine = await api<{ encryptedShare: SealedEnvelope }>(`/api/v1/tenders/${tender.id}/opening/my-share`);
      let share: string;
      try {
        share = await decryptShare(key.privateKey, mine.encryptedShare, { tenderId: tender.id, memberUserId: uid });
      } catch {
        throw new Error(t('committee.wrongKey'));
      }
      const r = await send<{ opened: boolean; sharesIn: number; k: number }>(`/api/v1/tenders/${tender.id}/opening/shares`, {
        method: 'POST',
        body: { share },
        csrf: session.csrfToken,
      });
      setResult(r);
      if (r.opened) onDone();
    });
  return (
    <Card title={t('committee.shareTitle')} id="share">
      <p>{t('committee.shareExplain')}</p>
      <ErrorLine error={action.error} />
      {result ? (
        <p className="ok" role="status" data-testid="share-result" data-opened={result.opened}>
          {result.opened ? t('committee.opened') : t('committee.sharesIn', { count: result.sharesIn, k: result.k })}
        </p>
      ) : null}
      <button className="btn" disabled={action.busy || !!result} onClick={run} data-testid="share-submit">
        {t('committee.shareRun')}
      </button>
    </Card>
  );
}

export default function CommitteeTenderPage({ id }: { id: string }) {
  const { t, pick, lang } = useI18n();
  const session = useSession();
  const status = useStatusLabel();
  const [version, setVersion] = useState(0);
  const data = useLoad((signal) => api<Tender>(`/api/v1/tenders/${id}`, { signal }), ['/api/v1/tenders', id, 'committee', version]);
  if (!session.ready) return null;
  if (!session.can('tender.submitShare')) {
    return (
      <div className="page">
        <PageTitle title={t('committee.title')}>{t('committee.title')}</PageTitle>
        <p role="alert">{t('committee.membersOnly')}</p>
      </div>
    );
  }
  return (
    <div className="page">
      <Show value={data}>
        {(tender) => {
          const member = tender.opening.committee.some((c) => c.userId === session.user!.id);
          const atOpening = (tender.status === 'active' || tender.status === 'opening') && Date.parse(tender.serverTime) >= Date.parse(tender.openingDate);
          const opened = ['evaluation', 'standstill', 'awarded', 'complete', 'unsuccessful'].includes(tender.status);
          return (
            <>
              <PageTitle title={t('committee.title')}>{pick(tender.title)}</PageTitle>
              <p className="muted">
                {tender.ocid} · <span data-testid="tender-status">{status(tender.status)}</span> · {t('committee.openingAt', { date: when(lang, tender.openingDate) })} ·{' '}
                {t('committee.threshold', { k: tender.opening.k ?? '—', n: tender.opening.n ?? '—' })}
              </p>
              {!member ? <p role="alert">{t('work.err.notCommittee')}</p> : null}
              <KeyCard />
              {member && tender.status === 'draft' && !tender.opening.publicKey ? <KeyCeremony tender={tender} onDone={() => setVersion((v) => v + 1)} /> : null}
              {tender.opening.publicKey && tender.status === 'draft' ? (
                <p className="ok" data-testid="ceremony-done">
                  {t('committee.ceremonyDone')}
                </p>
              ) : null}
              {member && atOpening ? <ShareCard tender={tender} onDone={() => setVersion((v) => v + 1)} /> : null}
              {member && !atOpening && !opened && tender.status !== 'draft' ? (
                <p className="muted" data-testid="share-wait">
                  {t('committee.notYet')}
                </p>
              ) : null}
              {opened ? (
                <p data-testid="opened">
                  {t('committee.opened')} <Link href={`/evaluation/${tender.id}`}>{t('committee.seeRecord')}</Link>
                </p>
              ) : null}
            </>
          );
        }}
      </Show>
    </div>
  );
}
