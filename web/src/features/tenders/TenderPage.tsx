import { AnswerInput, EnquiryInput } from '../../../../src/modules/tenders/schema.ts';
import type { Enquiry, OpeningRecord, Project, Tender } from '../../api/types.ts';
import { api } from '../../app/api.ts';
import { codeLabel } from '../../app/codes.ts';
import { Field, FormError, useForm } from '../../app/form.tsx';
import { useI18n } from '../../app/i18n.tsx';
import { Localized } from '../../app/localized.tsx';
import { invalidate } from '../../app/query.ts';
import { Link } from '../../app/router.tsx';
import { useSession } from '../../app/session.tsx';
import { Card, Dl, Empty, PageTitle, Show, useGet } from '../../app/ui.tsx';
import { TenderContracts } from '../contracts/RelatedContracts.tsx';
import { Amendments } from './Amendments.tsx';
import { Complaints } from './Complaints.tsx';
import { Deadline } from './Countdown.tsx';
import { AwardOutcome, isOpened, Results } from './Outcome.tsx';

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
      id="ask"
      data-testid="ask-form"
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
      noValidate
    >
      <h3>{t('qa.ask')}</h3>
      <FormError message={form.formError} detail={form.formDetail} />
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
      <FormError message={form.formError} detail={form.formDetail} />
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

/** The project(s) the tender serves, by name. */
function ProjectLinks({ ids }: { ids: string[] }) {
  const { t } = useI18n();
  if (!ids.length) return null;
  return (
    <p data-testid="tender-projects">
      <span className="muted">{t('portal.forProject')}: </span>
      {ids.map((pid) => (
        <ProjectName key={pid} id={pid} />
      ))}
    </p>
  );
}

function ProjectName({ id }: { id: string }) {
  const { pick, t } = useI18n();
  const res = useGet<Project>(`/api/v1/projects/${id}`);
  return (
    <Link href={`/projects/${id}`} className="tag">
      {res.state === 'ok' ? pick(res.data.title) || res.data.code : t('project.title')}
    </Link>
  );
}

/** Ask and Bid for a signed-in company, where the tender's phase allows them. */
function Actions({ tender }: { tender: Tender }) {
  const { t } = useI18n();
  const session = useSession();
  const now = Date.parse(tender.serverTime);
  const enquiryOpen = tender.status === 'active' && now >= Date.parse(tender.enquiryPeriod.startDate) && now <= Date.parse(tender.enquiryPeriod.endDate);
  const biddingOpen = tender.status === 'active' && now < Date.parse(tender.tenderPeriod.endDate);
  const ask = enquiryOpen && session.can('tender.ask');
  const bid = biddingOpen && session.can('tender.bid');
  if (!ask && !bid) return null;
  return (
    <p className="actions" data-testid="tender-actions">
      {bid ? (
        <Link href={`/tenders/${tender.id}/bid`} className="btn">
          {t('portal.bidAction')}
        </Link>
      ) : null}{' '}
      {ask ? (
        <a href="#ask" className="btn ghost">
          {t('portal.askAction')}
        </a>
      ) : null}
    </p>
  );
}

function Dossier({ tender }: { tender: Tender }) {
  const { t } = useI18n();
  if (!tender.documents.length) return <p className="muted">{t('portal.noDossier')}</p>;
  return (
    <ul className="list" data-testid="dossier">
      {tender.documents.map((d) => (
        <li key={d.sha256}>
          {d.url ? (
            <a href={d.url} download>
              {t('portal.downloadDossier')}: {d.title}
            </a>
          ) : (
            d.title
          )}
        </li>
      ))}
    </ul>
  );
}

export default function TenderPage({ id }: { id: string }) {
  const { t, pick, fmt, lang } = useI18n();
  const res = useGet<Tender>(`/api/v1/tenders/${encodeURIComponent(id)}`);
  const tender = res.state === 'ok' ? res.data : null;
  const record = useGet<OpeningRecord>(tender && isOpened(tender) ? `/api/v1/tenders/${tender.id}/opening` : null);
  return (
    <div className="page">
      <Show
        value={res}
        empty={
          <>
            <PageTitle title={t('tender.title')}>{t('tender.title')}</PageTitle>
            <Empty>{t('common.notFound')}</Empty>
          </>
        }
      >
        {(x) => {
          const title = pick(x.title) || x.ocid;
          return (
            <>
              <PageTitle title={title}>{title}</PageTitle>
              <p>
                <span className="tag">{codeLabel(lang, 'tenderStatus', x.phase ?? x.status)}</span> <span className="muted">{x.ocid}</span>
              </p>
              <ProjectLinks ids={x.projectIds} />
              <Actions tender={x} />
              <div className="grid">
                <Card title={t('tender.deadline')} className="span-12" id="deadline">
                  <Deadline iso={x.tenderPeriod.endDate} serverTime={x.serverTime} />
                </Card>
                <Card title={t('common.details')} className="span-8">
                  <Localized as="p" value={x.description} />
                  <Dl
                    rows={[
                      [t('tender.value'), x.value ? fmt.moneyFull(x.value.amount, x.value.currency) : null],
                      [t('tender.method'), codeLabel(lang, 'method', x.method)],
                      [t('common.date'), fmt.date(x.openingDate)],
                    ]}
                  />
                  <h3>{t('tender.lots')}</h3>
                  <ul className="list">
                    {x.lots.map((l) => (
                      <li key={l.id}>
                        <span>{pick(l.title) || l.ref}</span>
                        <span className="muted">{l.value ? fmt.moneyFull(l.value.amount, l.value.currency) : ''}</span>
                      </li>
                    ))}
                  </ul>
                </Card>
                <Card title={t('portal.dossier')} className="span-4">
                  <Dossier tender={x} />
                </Card>
                <Card title={t('tender.questions')} className="span-6" id="questions">
                  <Questions tender={x} />
                </Card>
                <Card title={t('tender.results')} className="span-6">
                  <Results tender={x} record={record} />
                </Card>
                <Card title={t('tender.amendments')} className="span-6" id="amendments">
                  <Amendments tender={x} />
                </Card>
                <Card title={t('tender.complaints')} className="span-6" id="complaints">
                  <Complaints tender={x} />
                </Card>
                <Card title={t('tender.awarded')} className="span-12" id="award">
                  <AwardOutcome tender={x} record={record} />
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
