import type { Organisation, Page } from '../../api/types.ts';
import { api } from '../../app/api.ts';
import { useI18n } from '../../app/i18n.tsx';
import { Link, navigate, useLocation } from '../../app/router.tsx';
import { Empty, PageTitle, Show, useLoad } from '../../app/ui.tsx';
import { countryName } from '../../lib/regions.ts';
import { sortBy } from '../../lib/text.ts';
import { StatusTag } from './OrganisationPage.tsx';

export default function OrganisationsPage() {
  const { t, pick, lang } = useI18n();
  const { query } = useLocation();
  const status = query.get('status');
  const qs = new URLSearchParams({ limit: '200' });
  if (status) qs.set('status', status);
  const res = useLoad((signal) => api<Page<Organisation>>(`/api/v1/organisations?${qs}`, { signal }), ['/api/v1/organisations', qs.toString()]);
  return (
    <div className="page">
      <PageTitle title={t('org.list')}>{t('org.list')}</PageTitle>
      <p>
        <label>
          {t('org.verification')}{' '}
          <select value={status ?? ''} onChange={(e) => navigate(e.target.value ? `/organisations?status=${e.target.value}` : '/organisations', { replace: true })}>
            <option value="">{t('org.all')}</option>
            <option value="verified">{t('org.verified')}</option>
            <option value="unverified">{t('org.unverified')}</option>
            <option value="rejected">{t('org.rejected')}</option>
          </select>
        </label>
      </p>
      <Show value={res}>
        {(data) => {
          const rows = sortBy(data.items, lang, (o) => pick(o.nameI18n) || o.name);
          if (!rows.length) return <Empty>{t('common.empty')}</Empty>;
          return (
            <div className="card table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('common.name')}</th>
                    <th scope="col">{t('common.country')}</th>
                    <th scope="col">{t('org.identifier')}</th>
                    <th scope="col">{t('org.verification')}</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((o) => (
                    <tr key={o.id}>
                      <td>
                        <Link href={`/organisations/${o.id}`}>{pick(o.nameI18n) || o.name}</Link>
                      </td>
                      <td>
                        <Link href={`/countries/${o.country}`}>{countryName(lang, o.country)}</Link>
                      </td>
                      <td>
                        <code>{`${o.identifier.scheme} ${o.identifier.id}`}</code>
                      </td>
                      <td>
                        <StatusTag status={o.verificationStatus} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          );
        }}
      </Show>
    </div>
  );
}
