import type { Organisation } from '../../api/types.ts';
import { codeLabel } from '../../app/codes.ts';
import { useI18n } from '../../app/i18n.tsx';
import { Link } from '../../app/router.tsx';
import { Card, Dl, Empty, PageTitle, Show, useGet } from '../../app/ui.tsx';
import { countryName } from '../../lib/regions.ts';

export function StatusTag({ status }: { status: string }) {
  const { t } = useI18n();
  const label = status === 'verified' ? t('org.verified') : status === 'rejected' ? t('org.rejected') : t('org.unverified');
  return <span className="tag">{label}</span>;
}

export default function OrganisationPage({ id }: { id: string }) {
  const { t, pick, lang } = useI18n();
  const res = useGet<Organisation>(`/api/v1/organisations/${encodeURIComponent(id)}`);
  return (
    <div className="page">
      <Show
        value={res}
        empty={
          <>
            <PageTitle title={t('org.title')}>{t('org.title')}</PageTitle>
            <Empty>{t('common.notFound')}</Empty>
          </>
        }
      >
        {(o) => {
          const name = pick(o.nameI18n) || o.name;
          const country = o.country;
          return (
            <>
              <PageTitle title={name}>{name}</PageTitle>
              <p>
                <StatusTag status={o.verificationStatus} /> {o.isDemo ? <span className="tag">{t('org.demo')}</span> : null}
              </p>
              <Card title={t('common.details')}>
                <Dl
                  rows={[
                    [t('org.identifier'), <code>{`${o.identifier.scheme} ${o.identifier.id}`}</code>],
                    [t('common.country'), <Link href={`/countries/${country}`}>{countryName(lang, country)}</Link>],
                    [t('org.roles'), o.roles.map((r) => codeLabel(lang, 'orgRole', r)).join(', ') || null],
                    [t('common.name'), o.name],
                  ]}
                />
              </Card>
            </>
          );
        }}
      </Show>
    </div>
  );
}
