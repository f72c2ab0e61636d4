import { api, itemsOf } from '../../app/api.ts';
import { codeLabel } from '../../app/codes.ts';
import { useI18n } from '../../app/i18n.tsx';
import { Link } from '../../app/router.tsx';
import { Card, Dl, Empty, PageTitle, Show, num, str, useGet, useLoad } from '../../app/ui.tsx';
import { maybe } from '../home/api.ts';
import { Deadline } from './Countdown.tsx';

type T = Record<string, unknown>;

function Questions({ id }: { id: string }) {
  const { t } = useI18n();
  const res = useLoad(async (signal) => maybe(api<unknown>(`/api/v1/tenders/${id}/enquiries`, { signal })), [id]);
  return (
    <Show value={res}>
      {(data) => {
        const rows = itemsOf(data);
        if (!rows.length) return <Empty>{t('common.empty')}</Empty>;
        return (
          <ul className="list">
            {rows.map((q, i) => (
              <li key={i} style={{ display: 'block' }}>
                <p style={{ margin: 0, fontWeight: 600 }}>{str(q, 'question', 'description')}</p>
                {str(q, 'answer') ? (
                  <p style={{ margin: '0.2rem 0 0' }}>
                    <span className="muted">{t('tender.answer')}: </span>
                    {str(q, 'answer')}
                  </p>
                ) : null}
              </li>
            ))}
          </ul>
        );
      }}
    </Show>
  );
}

/** The published opening record: bidders and their prices per lot. Before the opening there is none (404). */
function Results({ id }: { id: string }) {
  const { t, fmt } = useI18n();
  const res = useLoad(async (signal) => maybe(api<T>(`/api/v1/tenders/${id}/opening`, { signal })), [id]);
  return (
    <Show value={res} empty={<p className="muted">{t('tender.resultsLater')}</p>}>
      {(data) => {
        const rows = itemsOf(data.bids);
        if (!rows.length) return <p className="muted">{t('tender.resultsLater')}</p>;
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
                {rows.map((b, i) => (
                  <tr key={i}>
                    <td>{str(b, 'bidder.name')}</td>
                    <td>
                      {itemsOf(b.prices).map((p, k) => (
                        <div key={k}>
                          {str(p, 'lotRef') ? `${str(p, 'lotRef')}: ` : ''}
                          {fmt.money(num(p, 'amount') ?? 0, str(p, 'currency') ?? 'AZN')}
                        </div>
                      ))}
                    </td>
                    <td>{str(b, 'status')}</td>
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
  const res = useGet<T>(`/api/v1/tenders/${encodeURIComponent(id)}`);
  return (
    <div className="page">
      <Show value={res} empty={<><PageTitle title={t('tender.title')}>{t('tender.title')}</PageTitle><Empty>{t('common.notFound')}</Empty></>}>
        {(x) => {
          const title = pick(x.title) || str(x, 'ocid') || t('tender.title');
          const end = str(x, 'tenderPeriod.endDate');
          const status = str(x, 'status') ?? '';
          const phase = str(x, 'phase');
          const value = x.value as { amount: number; currency: string } | null;
          return (
            <>
              <PageTitle title={title}>{title}</PageTitle>
              <p>
                <span className="tag">{codeLabel(lang, 'tenderStatus', phase ?? status)}</span> <span className="muted">{str(x, 'ocid')}</span>
              </p>
              <div className="grid">
                <Card title={t('tender.deadline')} className="span-12" id="deadline">
                  {end ? <Deadline iso={end} serverTime={str(x, 'serverTime')} /> : <Empty />}
                </Card>
                <Card title={t('common.details')} className="span-8">
                  <p>{pick(x.description)}</p>
                  <Dl
                    rows={[
                      [t('tender.value'), value ? fmt.money(value.amount, value.currency) : null],
                      [t('tender.method'), str(x, 'method')],
                      [t('common.date'), str(x, 'openingDate') ? fmt.date(str(x, 'openingDate')!) : null],
                    ]}
                  />
                  <h3>{t('tender.lots')}</h3>
                  <ul className="list">
                    {itemsOf(x.lots).map((l, i) => (
                      <li key={i}>
                        <span>{pick(l.title) || str(l, 'ref')}</span>
                        <span className="muted">{num(l, 'value.amount') !== null ? fmt.money(num(l, 'value.amount')!, str(l, 'value.currency') ?? 'AZN') : ''}</span>
                      </li>
                    ))}
                  </ul>
                  {itemsOf(x.projectIds).length ? (
                    <p>
                      {(x.projectIds as string[]).map((pid) => (
                        <Link key={pid} href={`/projects/${pid}`} className="tag">
                          {t('project.title')}
                        </Link>
                      ))}
                    </p>
                  ) : null}
                </Card>
                <Card title={t('common.documents')} className="span-4">
                  {itemsOf(x.documents).length ? (
                    <ul className="list">
                      {itemsOf(x.documents).map((d, i) => (
                        <li key={i}>{str(d, 'url') ? <a href={str(d, 'url')!}>{str(d, 'title')}</a> : str(d, 'title')}</li>
                      ))}
                    </ul>
                  ) : (
                    <Empty />
                  )}
                </Card>
                <Card title={t('tender.questions')} className="span-6">
                  <Questions id={id} />
                </Card>
                <Card title={t('tender.results')} className="span-6">
                  <Results id={id} />
                </Card>
              </div>
            </>
          );
        }}
      </Show>
    </div>
  );
}
