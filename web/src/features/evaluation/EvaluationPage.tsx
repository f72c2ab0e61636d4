import { useState } from 'react';
import type { Outcome, Page, OpeningRecord as Record_ } from '../../api/types.ts';
import { ApiError, api, isNotFound } from '../../app/api.ts';
import { useI18n } from '../../app/i18n.tsx';
import { Link } from '../../app/router.tsx';
import { useSession } from '../../app/session.tsx';
import { Card, PageTitle, Show, useLoad } from '../../app/ui.tsx';
import { ErrorLine, exact, send, type Tender, useAction, useStatusLabel, when } from '../bidding/shared.tsx';
import { AwardFollowUp } from './ContractSigning.tsx';
import { OpeningRecord } from './OpeningRecord.tsx';
import { type Evaluation, ScoresAndAward } from './Scoring.tsx';

const AFTER_OPENING = ['opening', 'evaluation', 'standstill', 'awarded', 'complete', 'unsuccessful'];

/** Tenders at or past their opening, for operators and evaluators. */
export function EvaluationList() {
  const { t, pick, lang } = useI18n();
  const session = useSession();
  const status = useStatusLabel();
  const data = useLoad(
    async (signal) =>
      (await api<Page<Tender>>('/api/v1/tenders?limit=200', { signal })).items.filter((x) => AFTER_OPENING.includes(x.status) || (x.status === 'active' && x.phase === 'closed')),
    ['/api/v1/tenders', 'evaluation-list'],
  );
  if (!session.ready) return null;
  return (
    <div className="page">
      <PageTitle title={t('eval.title')}>{t('eval.title')}</PageTitle>
      <Show value={data}>
        {(list) =>
          list.length === 0 ? (
            <p className="empty">{t('common.empty')}</p>
          ) : (
            <ul className="list">
              {list.map((x) => (
                <li key={x.id} data-testid="eval-tender">
                  <Link href={`/evaluation/${x.id}`}>{pick(x.title)}</Link>{' '}
                  <span className="muted">
                    · {status(x.status)} · {t('committee.openingAt', { date: when(lang, x.openingDate) })}
                  </span>
                </li>
              ))}
            </ul>
          )
        }
      </Show>
    </div>
  );
}

/** Evaluators declare conflicts of interest before they may see any bid. */
function Declaration({ tenderId, onDone }: { tenderId: string; onDone: () => void }) {
  const { t } = useI18n();
  const session = useSession();
  const action = useAction();
  const [conflict, setConflict] = useState<boolean | null>(null);
  const [statement, setStatement] = useState('');
  return (
    <Card title={t('eval.declareTitle')} id="declare">
      <p>{t('eval.declareExplain')}</p>
      <fieldset>
        <legend>{t('eval.conflictQuestion')}</legend>
        <label style={{ display: 'block' }}>
          <input type="radio" name="conflict" checked={conflict === false} onChange={() => setConflict(false)} data-testid="conflict-no" /> {t('eval.noConflict')}
        </label>
        <label style={{ display: 'block' }}>
          <input type="radio" name="conflict" checked={conflict === true} onChange={() => setConflict(true)} data-testid="conflict-yes" /> {t('eval.hasConflict')}
        </label>
      </fieldset>
      <label style={{ display: 'grid', gap: '0.25rem', margin: '0.6rem 0' }}>
        {t('eval.statement')}
        <textarea rows={3} value={statement} onChange={(e) => setStatement(e.target.value)} data-testid="conflict-statement" />
      </label>
      <ErrorLine error={action.error} />
      <button
        className="btn"
        disabled={action.busy || conflict === null || statement.trim().length < 3}
        data-testid="declare-submit"
        onClick={() =>
          action.run(async () => {
            await send(`/api/v1/tenders/${tenderId}/conflict-declarations`, {
              method: 'POST',
              body: { hasConflict: conflict, statement: statement.trim() },
              csrf: session.csrfToken,
            });
            onDone();
          })
        }
      >
        {t('eval.declareSubmit')}
      </button>
    </Card>
  );
}

type EvalState = { kind: 'ok'; data: Evaluation } | { kind: 'undeclared' } | { kind: 'conflicted' } | { kind: 'sealed' } | { kind: 'none' };

export default function EvaluationPage({ id }: { id: string }) {
  const { t, pick, lang } = useI18n();
  const session = useSession();
  const status = useStatusLabel();
  const [version, setVersion] = useState(0);
  const mayEvaluate = session.can('tender.evaluate') || session.can('tender.award') || session.can('tender.manage');
  const data = useLoad(
    async (signal) => {
      const tender = await api<Tender>(`/api/v1/tenders/${id}`, { signal });
      // No opening record before the opening (404): the page says so.
      const record = await api<Record_>(`/api/v1/tenders/${id}/opening`, { signal }).catch((e) => (isNotFound(e) ? null : Promise.reject(e)));
      let ev: EvalState = { kind: 'none' };
      if (mayEvaluate) {
        try {
          ev = { kind: 'ok', data: await api<Evaluation>(`/api/v1/tenders/${id}/evaluation`, { signal }) };
        } catch (e) {
          const code = e instanceof ApiError ? e.code : '';
          ev =
            code === 'conflict_not_declared'
              ? { kind: 'undeclared' }
              : code === 'conflict_of_interest'
                ? { kind: 'conflicted' }
                : code === 'bid_sealed'
                  ? { kind: 'sealed' }
                  : { kind: 'none' };
        }
      }
      const outcome = await api<Outcome>(`/api/v1/tenders/${id}/outcome`, { signal }).catch((e) => (isNotFound(e) ? null : Promise.reject(e)));
      return { tender, record, ev, outcome };
    },
    ['/api/v1/tenders', id, 'evaluation', version, session.user?.id],
  );
  const reload = () => setVersion((v) => v + 1);
  if (!session.ready) return null;
  return (
    <div className="page">
      <Show value={data}>
        {({ tender, record, ev, outcome }) => (
          <>
            <PageTitle title={t('eval.title')}>{pick(tender.title)}</PageTitle>
            <p className="muted">
              {tender.ocid} · <span data-testid="tender-status">{status(tender.status)}</span> · {t(tender.awardCriteria === 'priceOnly' ? 'eval.priceOnly' : 'eval.rated')}
            </p>
            {record ? (
              <OpeningRecord record={record} tender={tender} />
            ) : (
              <p className="muted" data-testid="no-record">
                {t('eval.noRecord')}
              </p>
            )}
            {ev.kind === 'undeclared' ? <Declaration tenderId={tender.id} onDone={reload} /> : null}
            {ev.kind === 'conflicted' ? (
              <p role="alert" data-testid="conflicted">
                {t('work.err.conflicted')}
              </p>
            ) : null}
            {ev.kind === 'ok' ? <ScoresAndAward tender={tender} ev={ev.data} onChange={reload} /> : null}
            {outcome?.awards?.length ? (
              <Card title={t('eval.awardTitle')} id="outcome">
                <ul className="list">
                  {outcome.awards.map((a) => (
                    <li key={a.id} data-testid="award" data-status={a.status} style={{ display: 'block' }}>
                      {t(`eval.awardStatus.${a.status}` as never) === `eval.awardStatus.${a.status}` ? a.status : t(`eval.awardStatus.${a.status}` as never)} ·{' '}
                      {exact(lang, a.value.amount, a.value.currency)} · {t('eval.standstillEnds', { date: when(lang, a.standstillEndsAt) })}
                      <br />
                      <span className="muted">{a.reasons}</span>
                    </li>
                  ))}
                </ul>
              </Card>
            ) : null}
            <AwardFollowUp tender={tender} outcome={outcome} onChange={reload} />
          </>
        )}
      </Show>
    </div>
  );
}
