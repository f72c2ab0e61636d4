import { useState } from 'react';
import type { Tender } from '../../api/types.ts';
import { ApiError, api } from '../../app/api.ts';
import { useI18n } from '../../app/i18n.tsx';
import { problemLine } from '../../app/problem-text.ts';
import { invalidate } from '../../app/query.ts';
import { Link, navigate } from '../../app/router.tsx';
import { Card } from '../../app/ui.tsx';

/**
 * What a draft needs before it is published: a committee whose members have
 * keys, the chair's key ceremony (on the committee's own page: the opening key
 * is made and split in the chair's browser, never here), and a saved form.
 * The server judges the programme's minimum periods on publish; its refusals
 * go back to the form's fields.
 */
export function Readiness({ tender, dirty, onRefused, onPublished }: { tender: Tender; dirty: boolean; onRefused: (e: ApiError) => void; onPublished: () => void }) {
  const { t, lang } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const members = tender.opening.committee;
  const withKeys = members.filter((m) => m.memberPublicKey).length;
  const keySet = !!tender.opening.publicKey;
  const publish = async () => {
    setBusy(true);
    setError(null);
    try {
      await api<Tender>(`/api/v1/tenders/${tender.id}/publish`, { method: 'POST' });
      onPublished();
      await invalidate('/api/v1/tenders');
      navigate(`/tenders/${tender.id}`);
    } catch (e) {
      if (e instanceof ApiError) {
        setError(problemLine(t, lang, e));
        onRefused(e);
      } else setError(t('form.failed'));
    } finally {
      setBusy(false);
    }
  };
  const item = (ok: boolean, text: string, testId: string) => (
    <li className={ok ? 'ok' : 'todo'} data-testid={testId} data-ok={ok}>
      {ok ? '✓ ' : '○ '}
      {text}
    </li>
  );
  return (
    <Card title={t('to.readiness')} className="readiness">
      <ul>
        {item(withKeys === members.length, t('to.membersWithKeys', { have: withKeys, n: members.length }), 'ready-keys')}
        {item(
          keySet,
          keySet ? t('to.keyDone', { k: tender.opening.k ?? 0, n: tender.opening.n ?? 0 }) : t('to.keyWaiting', { k: tender.opening.k ?? 0, n: tender.opening.n ?? 0 }),
          'ready-ceremony',
        )}
        {item(!dirty, dirty ? t('to.unsaved') : t('to.savedDraft'), 'ready-saved')}
      </ul>
      {keySet ? null : (
        <p>
          {t('to.chairDoes')} <Link href={`/committee/tenders/${tender.id}`}>{t('to.ceremonyPage')}</Link>
        </p>
      )}
      {error ? (
        <p className="error" role="alert" data-testid="publish-error">
          {error}
        </p>
      ) : null}
      <button type="button" className="btn" disabled={busy || dirty || !keySet} onClick={publish} data-testid="publish">
        {t('to.publish')}
      </button>
    </Card>
  );
}
