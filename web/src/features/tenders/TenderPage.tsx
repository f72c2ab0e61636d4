import type { Enquiry, OpeningRecord, Tender } from '../../api/types.ts';
import { api, isNotFound } from '../../app/api.ts';
import { codeLabel } from '../../app/codes.ts';
import { Field, FormError, useForm } from '../../app/form.tsx';
import { useI18n } from '../../app/i18n.tsx';
import { invalidate } from '../../app/query.ts';
import { Link } from '../../app/router.tsx';
import { useSession } from '../../app/session.tsx';
import { Card, Dl, Empty, PageTitle, Show, useGet, useLoad } from '../../app/ui.tsx';
import { AnswerInput, EnquiryInput } from '../../../../src/modules/tenders/schema.ts';
import { Deadline } from './Countdown.tsx';
import { TenderContracts } from '../contracts/RelatedContracts.tsx';

const enquiriesPath = (id: string) => `/api/v1/tenders/${id}/enquiries`;

/** A company asks during the enquiry period; the question is published without the asker's name. */
function AskForm({ id }: { id: string }) {
  const { t } = useI18n();
  const form = useForm({ question: '' }, EnquiryInput);
  const send = async () => {
    const r = await form.submit((body, key) => api<Enquiry>(enquiriesPath(id), { method: 'POST', body, idempotencyKey: key }));
    if (r) {
      form.set({ question: '' });
      form.setDirty(false);
      await invalidate(enquiriesPath(id));
    }
  };
  return (
    <form
      className="form"
      data-testid="ask-form"
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
      noValidate
    >
      <h3>{t('qa.ask')}</h3>
      <FormError message={form.formError} />
      <Field label={t('qa.question')} at="/question" errors={form.errors}>
        {(a) => <textarea {...a} rows={3} value={form.values.question} onChange={(e) => form.set({ question: e.target.value })} />}
      </Field>
      <button className="btn" type="submit" disabled={form.busy}>
        {form.busy ? t('form.saving') : t('qa.send')}
      </button>
    </form>
  );
}

/** The operator answers one open question; the answer is published to every bidder at once. */
function AnswerForm({ id, enquiryId }: { id: string; enquiryId: string }) {
  const { t } = useI18n();
  const form = useForm({ answer: '' }, AnswerInput);
  const send = async () => {
    const r = await form.submit((body) => api<Enquiry>(`${enquiriesPath(id)}/${enquiryId}/answer`, { method: 'POST', body }));
    if (r) await invalidate(enquiriesPath(id));
  };
  return (
    <form
      className="form inline"
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
      noValidate
    >
      <FormError message={form.formError} />
      <Field label={t('qa.answer')} at="/answer" errors={form.errors} scope={enquiryId}>
        {(a) => <textarea {...a} rows={2} value={form.values.answer} onChange={(e) => form.set({ answer: e.target.value })} />}
      </Field>
      <button className="btn small" type="submit" disabled={form.busy}>
        {t('qa.sendAnswer')}
      </button>
    </form>
  );
}

function Questions({ tender }: { tender: Tender }) {
  const { t } = useI18n();
  const session = useSession();
  const res = useGet<{ items: Enquiry[] }>(enquiriesPath(tender.id));
  // The server's rule (enquiries.ts ask): active and within the enquiry period, by the server's clock.
  const now = Date.parse(tender.serverTime);
  const enquiryOpen = tender.status === 'active' && now >= Date.parse(tender.enquiryPeriod.startDate) && now <= Date.parse(tender.enquiryPeriod.endDate);
  return (
    <>
      <Show value={res}>
        {(data) =>
          data.items.length ? (
            <ul className="list qa" data-testid="questions">
              {data.items.map((q) => (
                <li key={q.id} className="qa-item">
                  <p className="qa-q">{q.question}</p>
                  {q.answer ? (
                    <p className="qa-a">
                      <span className="muted">{t('tender.answer')}: </span>
                      {q.answer}
                    </p>
                  ) : session.can('tender.answer') ? (
                    <AnswerForm id={tender.id} enquiryId={q.id} />
                  ) : (
                    <p className="muted">{t('qa.unanswered')}</p>
                  )}
                </li>
              ))}
            </ul>
          ) : (
            <Empty>{t('common.empty')}</Empty>
          )
        }
      </Show>
      {enquiryOpen && session.can('tender.ask') ? <AskForm id={tender.id} /> : null}
    </>
  );
}

/** The published opening record: bidders and their prices per lot. Before the opening there is none (404). */
function Results({ id }: { id: string }) {
  const { t, fmt } = useI18n();
  const res = useLoad((signal) => api<OpeningRecord>(`/api/v1/tenders/${id}/opening`, { signal }).catch((e) => (isNotFound(e) ? null : Promise.reject(e))), [`/api/v1/tenders/${id}/opening`]);
  return (
    <Show value={res} empty={<p className="muted">{t('tender.resultsLater')}</p>}>
      {(data) => {
        if (!data.bids.length) return <p className="muted">{t('tender.resultsLater')}</p>;
        return (
          <div className="table-wrap" data-testid="opening-results">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('tender.bidder')}</th>
                  <th scope="col">{t('tender.price')}</th>
                  <th scope="col">{t('common.status')}</th>
                </tr>
              </thead>
              <tbody>
                {data.bids.map((b) => (
                  <tr key={b.bidId}>
                    <td>{b.bidder.name}</td>
                    <td>
                      {b.prices.map((p) => (
                        <div key={p.lotId}>
                          {p.lotRef ? `${p.lotRef}: ` : ''}
                          {fmt.money(p.amount, p.currency)}
                        </div>
                      ))}
                    </td>
                    <td>{b.status}</td>
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

export default function TenderPage({ id }: { id: string }) {
  const { t, pick, fmt, lang } = useI18n();
  const res = useGet<Tender>(`/api/v1/tenders/${encodeURIComponent(id)}`);
  return (
    <div className="page">
      <Show value={res} empty={<><PageTitle title={t('tender.title')}>{t('tender.title')}</PageTitle><Empty>{t('common.notFound')}</Empty></>}>
        {(x) => {
          const title = pick(x.title) || x.ocid;
          return (
            <>
              <PageTitle title={title}>{title}</PageTitle>
              <p>
                <span className="tag">{codeLabel(lang, 'tenderStatus', x.phase ?? x.status)}</span> <span className="muted">{x.ocid}</span>
              </p>
              <div className="grid">
                <Card title={t('tender.deadline')} className="span-12" id="deadline">
                  <Deadline iso={x.tenderPeriod.endDate} serverTime={x.serverTime} />
                </Card>
                <Card title={t('common.details')} className="span-8">
                  <p>{pick(x.description)}</p>
                  <Dl
                    rows={[
                      [t('tender.value'), x.value ? fmt.money(x.value.amount, x.value.currency) : null],
                      [t('tender.method'), x.method],
                      [t('common.date'), fmt.date(x.openingDate)],
                    ]}
                  />
                  <h3>{t('tender.lots')}</h3>
                  <ul className="list">
                    {x.lots.map((l) => (
                      <li key={l.id}>
                        <span>{pick(l.title) || l.ref}</span>
                        <span className="muted">{l.value ? fmt.money(l.value.amount, l.value.currency) : ''}</span>
                      </li>
                    ))}
                  </ul>
                  {x.projectIds.length ? (
                    <p>
                      {x.projectIds.map((pid) => (
                        <Link key={pid} href={`/projects/${pid}`} className="tag">
                          {t('project.title')}
                        </Link>
                      ))}
                    </p>
                  ) : null}
                </Card>
                <Card title={t('common.documents')} className="span-4">
                  {x.documents.length ? (
                    <ul className="list">
                      {x.documents.map((d) => (
                        <li key={d.sha256}>{d.url ? <a href={d.url}>{d.title}</a> : d.title}</li>
                      ))}
                    </ul>
                  ) : (
                    <Empty />
                  )}
                </Card>
                <Card title={t('tender.questions')} className="span-6" id="questions">
                  <Questions tender={x} />
                </Card>
                <Card title={t('tender.results')} className="span-6">
                  <Results id={id} />
                  <TenderContracts tenderId={id} />
                </Card>
              </div>
            </>
          );
        }}
      </Show>
    </div>
  );
}
