import type { ReactNode } from 'react';
import { HAZARD_TYPES, RELEASE_METHODS } from '../../../../src/modules/land/features.ts';
import { HazardCorrection, ReleaseCorrection } from '../../../../src/modules/land/schema.ts';
import type { HazardDetail, ReleaseDetail } from '../../api/types.ts';
import { api } from '../../app/api.ts';
import { DateField } from '../../app/date-field.tsx';
import { Field, FormError, useForm } from '../../app/form.tsx';
import { useI18n } from '../../app/i18n.tsx';
import { invalidate } from '../../app/query.ts';
import { Link } from '../../app/router.tsx';
import { PageTitle, Show, useGet } from '../../app/ui.tsx';
import type { MessageKey } from '../../i18n/index.ts';
import { GeometryUpload } from './GeometryUpload.tsx';
import PreviewMap, { outlineOf, Swatch } from './PreviewMap.tsx';

/**
 * Corrections of one recorded hazardous area or land release (issue 12: "edited
 * and corrected with reasons"): the form starts from the record, sends only
 * what changed with the reason (PATCH; the server audits before/after and
 * recomputes statuses and land figures in the same transaction).
 */

/** The changed fields only, plus the reason; nothing changed leaves just the reason, which the schema refuses (minProperties 2). */
function changes<V extends Record<string, unknown>>(now: V, was: V): Partial<V> {
  const out: Partial<V> = {};
  for (const k of Object.keys(now) as (keyof V)[]) if (JSON.stringify(now[k]) !== JSON.stringify(was[k])) out[k] = now[k];
  return out;
}
const nullIfBlank = (s: string) => (s.trim() === '' ? null : s.trim());

/**
 * What every correction form shares: the record's outline on a map with a new
 * one from a file, the record's own fields (children), the reason box with the
 * whole-form refusal (nothing changed), and the submit button.
 */
function CorrectionForm<V extends { reason: string }>({
  title,
  testid,
  kind,
  reference,
  current,
  geometry,
  onGeometry,
  form,
  onSubmit,
  children,
}: {
  title: string;
  testid: string;
  kind: 'hazards' | 'releases';
  reference: string;
  /** The record's outline as saved; `geometry` is the form's, a new one once a file is read. */
  current: unknown;
  geometry: unknown;
  onGeometry: (g: unknown) => void;
  form: ReturnType<typeof useForm<V>>;
  onSubmit: () => Promise<void>;
  children: ReactNode;
}) {
  const { t } = useI18n();
  const e = form.errors;
  return (
    <div className="page narrow">
      <PageTitle title={title}>{title}</PageTitle>
      <form
        className="form card"
        noValidate
        data-testid={testid}
        onSubmit={(x) => {
          x.preventDefault();
          void onSubmit();
        }}
      >
        <FormError message={form.formError} detail={form.formDetail} />
        <OutlineMap reference={reference} current={current} geometry={geometry} />
        <Field label={t('landfix.newOutline')} at="/geometry" errors={e} hint={t('land.geometryHint')}>
          {(a) => <GeometryUpload kind={kind} id={a.id} invalid={a['aria-invalid']} describedBy={a['aria-describedby']} onGeometry={onGeometry} />}
        </Field>
        {children}
        {e['/'] ? (
          <p className="field-error" data-field="/">
            {t('landfix.nothing')}
          </p>
        ) : null}
        <Field label={t('landfix.reason')} at="/reason" errors={e} hint={t('landfix.reasonHint')}>
          {(a) => <textarea {...a} rows={3} value={form.values.reason} onChange={(x) => form.set({ reason: x.target.value } as Partial<V>)} data-testid="correction-reason" />}
        </Field>
        <button className="btn" type="submit" disabled={form.busy} data-testid="correction-submit">
          {form.busy ? t('form.saving') : t('landfix.submit')}
        </button>
      </form>
    </div>
  );
}

/**
 * The record's outline on the map and, once a file is read, the new one over
 * it: the current outline red as the one to be replaced, the new one green;
 * the legend says which is which.
 */
function OutlineMap({ reference, current, geometry }: { reference: string; current: unknown; geometry: unknown }) {
  const { t } = useI18n();
  const replaced = geometry !== current;
  const features = [
    ...(outlineOf(current, reference, replaced ? 'refuse' : 'update')?.features ?? []),
    ...(replaced ? (outlineOf(geometry, `${reference} (${t('landfix.mapNew')})`)?.features ?? []) : []),
  ];
  const caption = (
    <span data-testid="correction-legend">
      {t('landfix.mapLabel')}:{' '}
      {replaced ? (
        <>
          <Swatch colour="refuse" /> {t('landfix.mapReplaced')}, <Swatch colour="ok" /> {t('landfix.mapNew')}
        </>
      ) : (
        <>
          <Swatch colour="ok" /> {t('landfix.mapCurrent')}
        </>
      )}
    </span>
  );
  return <PreviewMap preview={features.length ? { type: 'FeatureCollection', features } : null} caption={caption} />;
}

/** Sends the prepared changes by PATCH; once saved, the land figures are refetched and the form shows "saved". */
async function sendCorrection<V extends { reason: string; saved?: boolean }>(form: ReturnType<typeof useForm<V>>, url: string, prepare: (v: V) => V) {
  const r = await form.submit((body) => api(url, { method: 'PATCH', body }), prepare);
  if (r) {
    await invalidate('/api/v1/land');
    form.set({ saved: true } as Partial<V>);
    form.setDirty(false);
  }
}

function Saved({ title, href }: { title: string; href: string }) {
  const { t } = useI18n();
  return (
    <div className="page narrow">
      <PageTitle title={title}>{title}</PageTitle>
      <p data-testid="correction-saved">{t('landfix.saved')}</p>
      <p>
        <Link href={href}>{t('landfix.again')}</Link>
      </p>
    </div>
  );
}

interface HazardFields extends Record<string, unknown> {
  name: string;
  classification: 'SHA' | 'CHA';
  hazardTypes: string[];
  recordedOn: string;
  notes: string | null;
  geometry: unknown;
}

/** /land/hazards/:id/edit */
export function HazardEditPage({ id }: { id: string }) {
  const hazard = useGet<HazardDetail>(`/api/v1/land/hazard-areas/${id}`);
  return <Show value={hazard}>{(h) => <HazardCorrectionForm key={h.id} hazard={h} />}</Show>;
}

function HazardCorrectionForm({ hazard: h }: { hazard: HazardDetail }) {
  const { t } = useI18n();
  const was: HazardFields = {
    name: h.name,
    classification: h.classification as HazardFields['classification'],
    hazardTypes: h.hazardTypes,
    recordedOn: h.recordedOn,
    notes: h.notes ?? null,
    geometry: h.geometry,
  };
  const form = useForm<HazardFields & { reason: string; saved?: boolean }>({ ...was, notes: was.notes ?? '', reason: '' }, HazardCorrection);
  const v = form.values;
  const e = form.errors;
  const send = () =>
    sendCorrection(
      form,
      `/api/v1/land/hazard-areas/${h.id}`,
      ({ reason, saved: _, ...now }) => ({ ...changes({ ...now, notes: nullIfBlank(now.notes ?? '') }, was), reason: reason.trim() }) as typeof v,
    );
  const title = t('landfix.hazardTitle', { ref: h.reference });
  if (v.saved) return <Saved title={title} href={`/land/hazards/${h.id}/edit`} />;
  return (
    <CorrectionForm
      title={title}
      testid="hazard-correction"
      kind="hazards"
      reference={h.reference}
      current={h.geometry}
      geometry={v.geometry}
      onGeometry={(g) => form.set({ geometry: g ?? h.geometry })}
      form={form}
      onSubmit={send}
    >
      <Field label={t('land.name')} at="/name" errors={e}>
        {(a) => <input {...a} value={v.name} onChange={(x) => form.set({ name: x.target.value })} />}
      </Field>
      <Field label={t('land.classification')} at="/classification" errors={e}>
        {(a) => (
          <select {...a} value={v.classification} onChange={(x) => form.set({ classification: x.target.value as HazardFields['classification'] })}>
            <option value="SHA">{t('land.sha')}</option>
            <option value="CHA">{t('land.cha')}</option>
          </select>
        )}
      </Field>
      <fieldset className={`field${e['/hazardTypes'] ? ' has-error' : ''}`}>
        <legend>{t('land.hazardTypes')}</legend>
        <div className="checks">
          {HAZARD_TYPES.map((ty) => (
            <label key={ty} className="check">
              <input
                type="checkbox"
                checked={v.hazardTypes.includes(ty)}
                onChange={(x) => form.set({ hazardTypes: x.target.checked ? [...v.hazardTypes, ty] : v.hazardTypes.filter((y) => y !== ty) })}
              />{' '}
              {t(`land.type.${ty}` as MessageKey)}
            </label>
          ))}
        </div>
        {e['/hazardTypes'] ? (
          <small className="field-error" data-field="/hazardTypes">
            {e['/hazardTypes']}
          </small>
        ) : null}
      </fieldset>
      <DateField label={t('land.recordedOn')} at="/recordedOn" errors={e} value={v.recordedOn} onChange={(d) => form.set({ recordedOn: d })} />
      <Field label={t('land.notes')} at="/notes" errors={e} hint={t('land.notesHint')}>
        {(a) => <textarea {...a} rows={3} value={v.notes ?? ''} onChange={(x) => form.set({ notes: x.target.value })} />}
      </Field>
    </CorrectionForm>
  );
}

interface ReleaseFields extends Record<string, unknown> {
  method: string;
  hazardReference: string | null;
  startedOn: string | null;
  completedOn: string;
  clearanceDepthCm: number | null;
  notes: string | null;
  geometry: unknown;
}

/** /land/releases/:id/edit */
export function ReleaseEditPage({ id }: { id: string }) {
  const release = useGet<ReleaseDetail>(`/api/v1/land/releases/${id}`);
  return <Show value={release}>{(r) => <ReleaseCorrectionForm key={r.id} release={r} />}</Show>;
}

function ReleaseCorrectionForm({ release: r }: { release: ReleaseDetail }) {
  const { t } = useI18n();
  const was: ReleaseFields = {
    method: r.method,
    hazardReference: r.hazardReference,
    startedOn: r.startedOn,
    completedOn: r.completedOn,
    clearanceDepthCm: r.clearanceDepthCm,
    notes: r.notes ?? null,
    geometry: r.geometry,
  };
  const form = useForm(
    {
      ...was,
      hazardReference: was.hazardReference ?? '',
      startedOn: was.startedOn ?? '',
      notes: was.notes ?? '',
      depth: was.clearanceDepthCm ?? ('' as number | ''),
      reason: '',
      saved: false,
    },
    ReleaseCorrection,
  );
  const v = form.values;
  const e = form.errors;
  const send = () =>
    sendCorrection(
      form,
      `/api/v1/land/releases/${r.id}`,
      ({ reason, saved: _, depth, ...now }) =>
        ({
          ...changes(
            {
              ...now,
              hazardReference: nullIfBlank(now.hazardReference ?? ''),
              startedOn: nullIfBlank(now.startedOn ?? ''),
              notes: nullIfBlank(now.notes ?? ''),
              clearanceDepthCm: depth === '' ? null : depth,
            },
            was,
          ),
          reason: reason.trim(),
        }) as unknown as typeof v,
    );
  const title = t('landfix.releaseTitle', { ref: r.reference });
  if (v.saved) return <Saved title={title} href={`/land/releases/${r.id}/edit`} />;
  return (
    <CorrectionForm
      title={title}
      testid="release-correction"
      kind="releases"
      reference={r.reference}
      current={r.geometry}
      geometry={v.geometry}
      onGeometry={(g) => form.set({ geometry: g ?? r.geometry })}
      form={form}
      onSubmit={send}
    >
      <Field label={t('land.method')} at="/method" errors={e}>
        {(a) => (
          <select {...a} value={v.method} onChange={(x) => form.set({ method: x.target.value })}>
            {RELEASE_METHODS.map((m) => (
              <option key={m} value={m}>
                {t(`land.method.${m}` as MessageKey)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('land.hazardReference')} at="/hazardReference" errors={e} hint={t('landfix.hazardReferenceHint')}>
        {(a) => <input {...a} value={v.hazardReference ?? ''} onChange={(x) => form.set({ hazardReference: x.target.value })} />}
      </Field>
      <DateField label={t('land.startedOn')} at="/startedOn" errors={e} value={v.startedOn ?? ''} onChange={(d) => form.set({ startedOn: d })} />
      <DateField label={t('land.completedOn')} at="/completedOn" errors={e} value={v.completedOn} onChange={(d) => form.set({ completedOn: d })} />
      <Field label={t('land.depth')} at="/clearanceDepthCm" errors={e}>
        {(a) => <input {...a} type="number" min={0} max={1000} value={v.depth} onChange={(x) => form.set({ depth: x.target.value === '' ? '' : Number(x.target.value) })} />}
      </Field>
      <Field label={t('land.notes')} at="/notes" errors={e} hint={t('land.notesHint')}>
        {(a) => <textarea {...a} rows={3} value={v.notes ?? ''} onChange={(x) => form.set({ notes: x.target.value })} />}
      </Field>
    </CorrectionForm>
  );
}
