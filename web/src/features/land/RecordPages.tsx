import type { ReactNode } from 'react';
import type { HazardDetail, Organisation, ReleaseDetail } from '../../api/types.ts';
import { useDistrictName } from '../../app/districts.ts';
import { useI18n } from '../../app/i18n.tsx';
import { Link } from '../../app/router.tsx';
import { useSession } from '../../app/session.tsx';
import { Card, Dl, Empty, PageTitle, Show, useGet } from '../../app/ui.tsx';
import type { MessageKey } from '../../i18n/index.ts';
import PreviewMap, { outlineOf, Swatch } from './PreviewMap.tsx';

/**
 * /land/hazards/:id and /land/releases/:id: one recorded hazardous area or
 * land-release activity, read by anyone (the land API is public; notes and
 * devices come only to the readers the server gives them to). The API keeps no
 * correction history of its own: readers of the audit log get a link to the
 * record's events there, mine-action staff a link to correct the record.
 */

/** Small records need more than the one decimal of the headline figures. */
function useKm2() {
  const { fmt } = useI18n();
  return (n: number) => (n >= 10 ? fmt.km2(n) : `${fmt.number(n, 3)} km²`);
}

function District({ code }: { code: string | null }) {
  const name = useDistrictName();
  if (!code) return <>—</>;
  return <Link href={`/districts/${encodeURIComponent(code)}`}>{name(code) || code}</Link>;
}

function OrgLink({ id }: { id: string | null }) {
  const { pick } = useI18n();
  const org = useGet<Organisation>(id ? `/api/v1/organisations/${id}` : null);
  if (!id) return <>—</>;
  return <Link href={`/organisations/${id}`}>{org.state === 'ok' ? pick(org.data.nameI18n) || org.data.name : id}</Link>;
}

/** What the viewer may do next: correct (mine-action staff, admins) and read the record's audit events (audit readers). */
function RecordActions({ edit, editPermission, entityType, id }: { edit: string; editPermission: string; entityType: string; id: string }) {
  const { t } = useI18n();
  const session = useSession();
  const canEdit = session.can(editPermission);
  const canAudit = session.can('audit.read');
  if (!canEdit && !canAudit) return null;
  return (
    <p className="actions">
      {canEdit ? (
        <Link className="btn" href={edit} data-testid="record-correct">
          {t('landfix.correct')}
        </Link>
      ) : null}
      {canAudit ? (
        <Link className="btn ghost" href={`/audit?${new URLSearchParams({ entityType, entityId: id })}`} data-testid="record-history">
          {t('landrec.history')}
        </Link>
      ) : null}
    </p>
  );
}

function Layout({ title, demo, actions, map, children }: { title: string; demo: boolean; actions: ReactNode; map: ReactNode; children: ReactNode }) {
  const { t } = useI18n();
  return (
    <div className="page">
      <PageTitle title={title}>{title}</PageTitle>
      {demo ? (
        <p>
          <span className="tag">{t('landrec.demo')}</span>
        </p>
      ) : null}
      {actions}
      <div className="grid">
        <Card title={t('landrec.outline')} className="span-6">
          {map}
        </Card>
        {children}
      </div>
    </div>
  );
}

/** /land/hazards/:id */
export function HazardPage({ id }: { id: string }) {
  const hazard = useGet<HazardDetail>(`/api/v1/land/hazard-areas/${id}`);
  return (
    <Show value={hazard} empty={<Missing />}>
      {(h) => <Hazard h={h} />}
    </Show>
  );
}

function Hazard({ h }: { h: HazardDetail }) {
  const { t, fmt } = useI18n();
  const km2 = useKm2();
  const title = t('landrec.hazardTitle', { ref: h.reference });
  return (
    <Layout
      title={title}
      demo={h.isDemo}
      actions={<RecordActions edit={`/land/hazards/${h.id}/edit`} editPermission="land.importHazards" entityType="hazard_area" id={h.id} />}
      map={
        <PreviewMap
          height={300}
          preview={outlineOf(h.geometry, h.reference, 'refuse')}
          caption={
            <>
              <Swatch colour="refuse" /> {t('landrec.hazardOutline')}
            </>
          }
        />
      }
    >
      <Card title={t('common.details')} className="span-6">
        <div data-testid="hazard-record">
          <Dl
            rows={[
              [t('land.reference'), h.reference],
              [t('land.name'), h.name],
              [t('land.classification'), h.classification === 'CHA' ? t('land.cha') : t('land.sha')],
              [t('land.hazardTypes'), h.hazardTypes.map((ty) => t(`land.type.${ty}` as MessageKey)).join(', ')],
              [t('common.status'), <span data-testid="hazard-status">{t(`landrec.status.${h.status}` as MessageKey)}</span>],
              [t('landrec.district'), <District code={h.district} />],
              [t('land.recordedOn'), fmt.date(h.recordedOn)],
              [t('landrec.releasedOn'), h.releasedOn ? fmt.date(h.releasedOn) : '—'],
              [t('landrec.area'), km2(h.areaKm2)],
              [t('landrec.remaining'), <span data-testid="hazard-remaining">{km2(h.remainingKm2)}</span>],
              [t('landrec.recordedBy'), <OrgLink id={h.recordingOrgId} />],
              ...(h.notes ? ([[t('land.notes'), h.notes]] as [string, string][]) : []),
            ]}
          />
        </div>
      </Card>
      <Card title={t('landrec.releases')} className="span-12">
        {h.releases.length ? (
          <ul className="list" data-testid="hazard-releases">
            {h.releases.map((r) => (
              <li key={r.id}>
                <Link href={`/land/releases/${r.id}`}>{r.reference}</Link>
                <span className="muted">
                  {t(`land.method.${r.method}` as MessageKey)} · {fmt.date(r.completedOn)} · {km2(r.areaKm2)}
                </span>
              </li>
            ))}
          </ul>
        ) : (
          <Empty>{t('landrec.noReleases')}</Empty>
        )}
      </Card>
    </Layout>
  );
}

/** /land/releases/:id */
export function ReleasePage({ id }: { id: string }) {
  const release = useGet<ReleaseDetail>(`/api/v1/land/releases/${id}`);
  return (
    <Show value={release} empty={<Missing />}>
      {(r) => <Release r={r} />}
    </Show>
  );
}

function Release({ r }: { r: ReleaseDetail }) {
  const { t, fmt } = useI18n();
  const km2 = useKm2();
  const hazard = useGet<HazardDetail>(r.hazardAreaId ? `/api/v1/land/hazard-areas/${r.hazardAreaId}` : null);
  const title = t('landrec.releaseTitle', { ref: r.reference });
  return (
    <Layout
      title={title}
      demo={r.isDemo}
      actions={<RecordActions edit={`/land/releases/${r.id}/edit`} editPermission="land.importReleases" entityType="land_release" id={r.id} />}
      map={
        <PreviewMap
          height={300}
          preview={outlineOf(r.geometry, r.reference)}
          caption={
            <>
              <Swatch colour="ok" /> {t('landrec.releaseOutline')}
            </>
          }
        />
      }
    >
      <Card title={t('common.details')} className="span-6">
        <div data-testid="release-record">
          <Dl
            rows={[
              [t('land.reference'), r.reference],
              [t('land.method'), t(`land.method.${r.method}` as MessageKey)],
              [t('landrec.outcome'), <span data-testid="release-outcome">{t(`land.${r.outcome}` as MessageKey)}</span>],
              [
                t('landrec.hazard'),
                r.hazardAreaId ? (
                  <Link href={`/land/hazards/${r.hazardAreaId}`} data-testid="release-hazard">
                    {hazard.state === 'ok' ? `${hazard.data.reference} — ${hazard.data.name}` : t('landrec.hazardLink')}
                  </Link>
                ) : (
                  t('landrec.noHazard')
                ),
              ],
              [t('landrec.district'), <District code={r.district} />],
              [t('land.startedOn'), r.startedOn ? fmt.date(r.startedOn) : '—'],
              [t('land.completedOn'), fmt.date(r.completedOn)],
              [t('landrec.releasedArea'), <span data-testid="release-km2">{km2(r.areaKm2)}</span>],
              [t('land.depth'), r.clearanceDepthCm === null ? '—' : fmt.number(r.clearanceDepthCm)],
              [t('landrec.operator'), <OrgLink id={r.operatorOrgId} />],
              [t('landrec.deviceCount'), fmt.number(r.deviceCount)],
              ...(r.notes ? ([[t('land.notes'), r.notes]] as [string, string][]) : []),
            ]}
          />
        </div>
      </Card>
      {r.devices?.length ? <Devices devices={r.devices} /> : null}
    </Layout>
  );
}

/** Devices with their conditions: only the readers the server sends them to (never public). */
function Devices({ devices }: { devices: NonNullable<ReleaseDetail['devices']> }) {
  const { t, fmt } = useI18n();
  return (
    <Card title={t('land.devices')} className="span-12">
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('land.deviceCategory')}</th>
              <th scope="col">{t('land.deviceCondition')}</th>
              <th scope="col" className="num">
                {t('land.quantity')}
              </th>
              <th scope="col" className="num">
                {t('landrec.deviceDepth')}
              </th>
            </tr>
          </thead>
          <tbody>
            {devices.map((d, i) => (
              <tr key={i}>
                <td>
                  {t(`land.device.${d.category}` as MessageKey)}
                  {d.model ? ` (${d.model})` : ''}
                </td>
                <td>{t(`land.condition.${d.condition}` as MessageKey)}</td>
                <td className="num">{fmt.number(d.quantity)}</td>
                <td className="num">{d.depthCm === null ? '—' : fmt.number(d.depthCm)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Card>
  );
}

function Missing() {
  const { t } = useI18n();
  return (
    <div className="page">
      <PageTitle title={t('common.notFound')}>{t('common.notFound')}</PageTitle>
      <Empty>{t('common.notFound')}</Empty>
    </div>
  );
}
