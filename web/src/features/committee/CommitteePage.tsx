import { useState } from 'react';
import type { Page } from '../../api/types.ts';
import { api } from '../../app/api.ts';
import { useI18n } from '../../app/i18n.tsx';
import { Link } from '../../app/router.tsx';
import { useSession } from '../../app/session.tsx';
import { Card, PageTitle, Show, useLoad } from '../../app/ui.tsx';
import { downloadJson, ErrorLine, send, type Tender, useAction, useStatusLabel, when } from '../bidding/shared.tsx';
import { forgetKey, loadKey, newKey, parseKeyFile, type StoredKey, saveKey } from './keystore.ts';

/** Register one's own X25519 key: generated here, private half kept in this browser and in a downloaded file. */
export function KeyCard() {
  const { t } = useI18n();
  const session = useSession();
  const userId = session.user!.id;
  const [key, setKey] = useState<StoredKey | null>(() => loadKey(userId));
  const action = useAction();
  const backup = (k: StoredKey) => downloadJson(`berpa-committee-key-${session.user!.email}.json`, k);

  const generate = () =>
    action.run(async () => {
      const k = await newKey(userId);
      await send('/api/v1/committee/key', { method: 'PUT', body: { publicKey: k.publicKey }, csrf: session.csrfToken });
      saveKey(k);
      setKey(k);
      backup(k);
    });
  const load = (files: FileList | null) =>
    action.run(async () => {
      const f = files?.[0];
      if (!f) return;
      let k: StoredKey;
      try {
        k = await parseKeyFile(await f.text(), userId);
      } catch {
        throw new Error(t('committee.keyFileBad'));
      }
      saveKey(k);
      setKey(k);
    });

  return (
    <Card title={t('committee.keyTitle')} id="committee-key">
      <p>{t('committee.keyExplain')}</p>
      <p className="muted">{t('committee.keyStorage')}</p>
      {key ? (
        <p data-testid="key-status" data-public-key={key.publicKey}>
          {t('committee.keyHere', { date: key.createdAt.slice(0, 10) })} <code>{key.publicKey.slice(0, 12)}…</code>
        </p>
      ) : (
        <p data-testid="key-status" className="muted">
          {t('committee.noKeyHere')}
        </p>
      )}
      <ErrorLine error={action.error} />
      <p style={{ display: 'flex', gap: '0.5rem', flexWrap: 'wrap', alignItems: 'center' }}>
        <button className="btn" onClick={generate} disabled={action.busy} data-testid="key-generate">
          {key ? t('committee.keyRotate') : t('committee.keyGenerate')}
        </button>
        {key ? (
          <>
            <button className="btn ghost" onClick={() => backup(key)} data-testid="key-backup">
              {t('committee.keyBackup')}
            </button>
            <button
              className="btn ghost"
              onClick={() => {
                forgetKey(userId);
                setKey(null);
              }}
            >
              {t('committee.keyForget')}
            </button>
          </>
        ) : null}
        <label>
          {t('committee.keyLoad')} <input type="file" accept="application/json,.json" onChange={(e) => load(e.target.files)} data-testid="key-file" />
        </label>
      </p>
    </Card>
  );
}

/** The committee member's work: their key, and the tenders whose opening they share. */
export default function CommitteePage() {
  const { t, pick, lang } = useI18n();
  const session = useSession();
  const status = useStatusLabel();
  const uid = session.user?.id;
  const data = useLoad(
    async (signal) => (uid ? (await api<Page<Tender>>('/api/v1/tenders?limit=200', { signal })).items.filter((x) => x.opening.committee.some((c) => c.userId === uid)) : null),
    ['/api/v1/tenders', 'committee', uid],
  );
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
      <PageTitle title={t('committee.title')}>{t('committee.title')}</PageTitle>
      <KeyCard />
      <Card title={t('committee.myTenders')}>
        <p className="muted">{t('committee.draftHint')}</p>
        <Show value={data}>
          {(list) =>
            list.length === 0 ? (
              <p className="empty">{t('common.empty')}</p>
            ) : (
              <ul className="list">
                {list.map((x) => (
                  <li key={x.id} data-testid="committee-tender">
                    <Link href={`/committee/tenders/${x.id}`}>{pick(x.title)}</Link>{' '}
                    <span className="muted">
                      · {status(x.status)} · {t('committee.openingAt', { date: when(lang, x.openingDate) })}
                    </span>
                  </li>
                ))}
              </ul>
            )
          }
        </Show>
      </Card>
    </div>
  );
}
