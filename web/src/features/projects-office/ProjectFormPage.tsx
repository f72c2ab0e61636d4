import { useEffect, useState } from 'react';
import { ProjectInput, ProjectPatch } from '../../../../src/modules/projects/schema.ts';
import type { Page, Partner, Pledge, Project, SiteFile } from '../../api/types.ts';
import { api } from '../../app/api.ts';
import { DateField } from '../../app/date-field.tsx';
import { compact, Field, type FieldErrors, FormError, NumberField, useForm } from '../../app/form.tsx';
import { useI18n } from '../../app/i18n.tsx';
import { invalidate } from '../../app/query.ts';
import { Link, navigate } from '../../app/router.tsx';
import { PageTitle, Show, useGet } from '../../app/ui.tsx';
import type { MessageKey } from '../../i18n/index.ts';
import { emptyDraft, FUNDING_SOURCES, fromProject, OUTPUT_UNITS, PROJECT_TYPES, type ProjectDraft, SECTOR_CHOICES, toBody } from './draft.ts';
import { ProjectRecords } from './ProjectRecords.tsx';
import { SiteField } from './SiteField.tsx';
import '../office-forms.css';

interface AreaList {
  items: { id: string; code: string; name: Record<string, string> }[];
}

/** /projects/new: an operator records a project; it opens for editing (documents, status) once saved. */
export function ProjectNewPage() {
  const { lang } = useI18n();
  return <ProjectForm initial={emptyDraft(lang)} />;
}

/** /projects/:id/edit: the record, its documents and photos, and its status with reasons. */
export function ProjectEditPage({ id }: { id: string }) {
  const project = useGet<Project>(`/api/v1/projects/${id}`);
  return (
    <Show value={project}>
      {(p) => (
        <>
          {/* Keyed by id only: a status change or a new photo refreshes the project without resetting the form being edited. */}
          <ProjectForm key={p.id} initial={fromProject(p)} project={p} />
          <div className="page office-page">
            <ProjectRecords project={p} />
          </div>
        </>
      )}
    </Show>
  );
}

function ProjectForm({ initial, project }: { initial: ProjectDraft; project?: Project }) {
  const { t, lang, pick, fmt } = useI18n();
  const edit = !!project;
  const form = useForm<ProjectDraft>(initial, edit ? ProjectPatch : ProjectInput);
  const v = form.values;
  const e = form.errors;
  const [saved, setSaved] = useState(false);
  const [district, setDistrict] = useState<{ id: string; code: string } | null>(null);
  const areas = useGet<AreaList>('/api/v1/areas?level=district');
  const partners = useGet<{ items: Partner[] }>('/api/v1/partners');
  const pledges = useGet<Page<Pledge>>('/api/v1/pledges?limit=200');
  const districtName = (id: string) => (areas.state === 'ok' ? pick(areas.data.items.find((a) => a.id === id)?.name) : '') || id;
  useEffect(() => setSaved(false), [v]);

  const send = async () => {
    const prepare = (d: ProjectDraft) => compact(toBody(d, { edit })) as unknown as ProjectDraft;
    const r = await form.submit(
      (body, key) =>
        edit ? api<Project>(`/api/v1/projects/${project.id}`, { method: 'PATCH', body }) : api<Project>('/api/v1/projects', { method: 'POST', body, idempotencyKey: key }),
      prepare,
    );
    if (!r) return;
    await invalidate('/api/v1/projects', '/api/v1/geo/projects');
    if (edit) setSaved(true);
    else navigate(`/projects/${r.id}/edit?created=1`);
  };
  const onSite = (r: SiteFile | null) => {
    setDistrict(r?.district ?? null);
    form.set({
      site: (r?.site ?? null) as ProjectDraft['site'],
      location: (r?.location ?? (r ? null : v.location)) as ProjectDraft['location'],
      districtId: r?.district?.id ?? (r ? '' : v.districtId),
    });
  };
  const setRow = <K extends 'funding' | 'outputs'>(k: K, i: number, patch: Partial<ProjectDraft[K][number]>) =>
    form.set((d) => ({ ...d, [k]: d[k].map((row, n) => (n === i ? { ...row, ...patch } : row)) }));
  const removeRow = (k: 'funding' | 'outputs', i: number) => form.set((d) => ({ ...d, [k]: d[k].filter((_, n) => n !== i) }));
  const pledgeList = pledges.state === 'ok' ? pledges.data.items : [];
  const partnerList = partners.state === 'ok' ? partners.data.items : [];
  const created = typeof location !== 'undefined' && new URLSearchParams(location.search).has('created');
  const titleErr: FieldErrors = { ...e, '/title': e['/title'] ?? e[`/title/${lang}`] };
  const shownDistrict = district?.id ?? (v.districtId || project?.districtId || '');

  const heading = edit ? t('po.editTitle', { code: project.code }) : t('po.newTitle');
  return (
    <div className="page office-page">
      <PageTitle title={heading}>{heading}</PageTitle>
      {edit ? (
        <p>
          <Link href={`/projects/${project.id}`}>{t('po.viewPublic')}</Link>
        </p>
      ) : null}
      {created ? (
        <p className="notice" role="status" data-testid="project-created">
          {t('po.created')}
        </p>
      ) : null}
      <form
        className="form card office-form"
        noValidate
        data-testid="project-form"
        onSubmit={(ev) => {
          ev.preventDefault();
          void send();
        }}
      >
        <FormError message={form.formError} detail={form.formDetail} />
        <fieldset>
          <legend>{t('po.identity')}</legend>
          {edit ? null : (
            <Field label={t('po.code')} at="/code" errors={e} hint={t('po.codeHint')}>
              {(a) => <input {...a} value={v.code} onChange={(x) => form.set({ code: x.target.value })} autoComplete="off" />}
            </Field>
          )}
          <Field label={t('po.name')} at="/title" errors={titleErr} hint={otherLanguages(v.title, lang)}>
            {(a) => <input {...a} value={v.title[lang] ?? ''} onChange={(x) => form.set({ title: { ...v.title, [lang]: x.target.value } })} />}
          </Field>
          <Field label={t('project.description')} at="/description" errors={e}>
            {(a) => <textarea {...a} rows={3} value={v.description[lang] ?? ''} onChange={(x) => form.set({ description: { ...v.description, [lang]: x.target.value } })} />}
          </Field>
          <div className="two">
            <Field label={t('common.sector')} at="/sector" errors={{ ...e, '/sector': e['/sector'] ?? e['/sector/0'] ?? e['/sector/1'] }}>
              {(a) => (
                <select {...a} value={v.sector} onChange={(x) => form.set({ sector: x.target.value })}>
                  <option value="">—</option>
                  {SECTOR_CHOICES.map((s) => (
                    <option key={s} value={s}>
                      {t(`sector.${s}` as MessageKey)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label={t('project.type')} at="/type" errors={e}>
              {(a) => (
                <select {...a} value={v.type} onChange={(x) => form.set({ type: x.target.value })}>
                  {PROJECT_TYPES.map((s) => (
                    <option key={s} value={s}>
                      {t(`po.type.${s}` as MessageKey)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          </div>
        </fieldset>

        <SiteField site={v.site as SiteFile['site'] | null} error={e['/site'] ?? e['/location']} onSite={onSite} />
        <p data-testid="site-district">
          <strong>{t('common.district')}: </strong>
          {shownDistrict ? districtName(shownDistrict) : v.site ? t('po.noDistrict') : t('po.districtFromSite')}
        </p>

        <fieldset>
          <legend>{t('po.budget')}</legend>
          <div className="two">
            <NumberField
              label={t('po.amount')}
              at="/budget/amount"
              errors={{ ...e, '/budget/amount': e['/budget/amount'] ?? e['/budget'] }}
              value={v.budget.amount}
              min={0}
              step="0.01"
              decimal
              onChange={(n) => form.set({ budget: { ...v.budget, amount: n } })}
            />
            <Field label={t('po.currency')} at="/budget/currency" errors={e}>
              {(a) => <input {...a} value={v.budget.currency} maxLength={3} onChange={(x) => form.set({ budget: { ...v.budget, currency: x.target.value.toUpperCase() } })} />}
            </Field>
            <DateField
              label={t('po.plannedStart')}
              at="/plannedPeriod/startDate"
              errors={e}
              value={v.plannedPeriod.startDate}
              onChange={(d) => form.set({ plannedPeriod: { ...v.plannedPeriod, startDate: d } })}
            />
            <DateField
              label={t('po.plannedEnd')}
              at="/plannedPeriod/endDate"
              errors={e}
              value={v.plannedPeriod.endDate}
              onChange={(d) => form.set({ plannedPeriod: { ...v.plannedPeriod, endDate: d } })}
            />
          </div>
        </fieldset>

        <fieldset data-testid="funding">
          <legend>{t('po.funding')}</legend>
          {e['/funding'] ? (
            <p className="field-error" data-field="/funding">
              {e['/funding']}
            </p>
          ) : null}
          {v.funding.map((f, i) => (
            <div className="row-box" key={i} role="group" aria-label={t('po.sourceN', { n: i + 1 })}>
              <div className="two">
                <Field label={t('po.sourceType')} at={`/funding/${i}/sourceType`} errors={e}>
                  {(a) => (
                    <select
                      {...a}
                      value={f.sourceType}
                      onChange={(x) =>
                        setRow('funding', i, { sourceType: x.target.value as typeof f.sourceType, ...(x.target.value === 'partner_country' ? {} : { pledgeId: '' }) })
                      }
                    >
                      {FUNDING_SOURCES.map((s) => (
                        <option key={s} value={s}>
                          {t(`po.source.${s}` as MessageKey)}
                        </option>
                      ))}
                    </select>
                  )}
                </Field>
                {f.sourceType === 'partner_country' ? (
                  <Field label={t('common.country')} at={`/funding/${i}/country`} errors={e}>
                    {(a) => (
                      <select {...a} value={f.country} onChange={(x) => setRow('funding', i, { country: x.target.value, pledgeId: '' })}>
                        <option value="">—</option>
                        {partnerList.map((p) => (
                          <option key={p.country} value={p.country}>
                            {p.names[lang] ?? p.country}
                          </option>
                        ))}
                      </select>
                    )}
                  </Field>
                ) : null}
                {f.sourceType === 'partner_country' ? (
                  <Field label={t('po.pledge')} at={`/funding/${i}/pledgeId`} errors={e}>
                    {(a) => (
                      <select
                        {...a}
                        value={f.pledgeId}
                        onChange={(x) => {
                          const p = pledgeList.find((q) => q.id === x.target.value);
                          setRow('funding', i, { pledgeId: x.target.value, ...(p ? { country: p.country, currency: p.currency } : {}) });
                        }}
                      >
                        <option value="">{t('po.noPledge')}</option>
                        {pledgeList
                          .filter((p) => !f.country || p.country === f.country)
                          .map((p) => (
                            <option key={p.id} value={p.id}>
                              {p.pledger} · {fmt.money(p.pledged.amount, p.currency)}
                            </option>
                          ))}
                      </select>
                    )}
                  </Field>
                ) : null}
                <NumberField
                  label={t('po.amount')}
                  at={`/funding/${i}/amount`}
                  errors={e}
                  value={f.amount}
                  min={0}
                  step="0.01"
                  decimal
                  onChange={(n) => setRow('funding', i, { amount: n })}
                />
                <Field label={t('po.currency')} at={`/funding/${i}/currency`} errors={e}>
                  {(a) => <input {...a} value={f.currency} maxLength={3} onChange={(x) => setRow('funding', i, { currency: x.target.value.toUpperCase() })} />}
                </Field>
              </div>
              <button type="button" className="btn ghost small" onClick={() => removeRow('funding', i)}>
                {t('po.remove')}
              </button>
            </div>
          ))}
          <div>
            <button
              type="button"
              className="btn ghost small"
              data-testid="add-funding"
              onClick={() =>
                form.set((d) => ({ ...d, funding: [...d.funding, { sourceType: 'government', country: '', pledgeId: '', amount: '', currency: d.budget.currency || 'AZN' }] }))
              }
            >
              {t('po.addSource')}
            </button>
          </div>
        </fieldset>

        <fieldset data-testid="outputs">
          <legend>{t('project.outputs')}</legend>
          {v.outputs.map((o, i) => (
            <div className="row-box" key={i} role="group" aria-label={t('po.outputN', { n: i + 1 })}>
              <div className="two">
                <Field label={t('po.metric')} at={`/outputs/${i}/metric`} errors={e}>
                  {(a) => (
                    <select {...a} value={o.metric} onChange={(x) => setRow('outputs', i, { metric: x.target.value, unit: OUTPUT_UNITS[x.target.value] ?? o.unit })}>
                      {Object.keys(OUTPUT_UNITS).map((m) => (
                        <option key={m} value={m}>
                          {t(`po.metric.${m}` as MessageKey)}
                        </option>
                      ))}
                    </select>
                  )}
                </Field>
                <Field label={t('po.unit')} at={`/outputs/${i}/unit`} errors={e}>
                  {(a) => <input {...a} value={o.unit} onChange={(x) => setRow('outputs', i, { unit: x.target.value })} />}
                </Field>
                <NumberField
                  label={t('project.planned')}
                  at={`/outputs/${i}/planned`}
                  errors={e}
                  value={o.planned}
                  min={0}
                  decimal
                  onChange={(n) => setRow('outputs', i, { planned: n })}
                />
                <NumberField
                  label={t('project.achieved')}
                  at={`/outputs/${i}/achieved`}
                  errors={e}
                  value={o.achieved}
                  min={0}
                  decimal
                  onChange={(n) => setRow('outputs', i, { achieved: n })}
                />
              </div>
              <button type="button" className="btn ghost small" onClick={() => removeRow('outputs', i)}>
                {t('po.remove')}
              </button>
            </div>
          ))}
          <div>
            <button
              type="button"
              className="btn ghost small"
              data-testid="add-output"
              onClick={() => form.set((d) => ({ ...d, outputs: [...d.outputs, { metric: 'homes', unit: 'units', planned: '', achieved: '' }] }))}
            >
              {t('po.addOutput')}
            </button>
          </div>
        </fieldset>

        <div className="actions">
          <button className="btn" type="submit" disabled={form.busy} data-testid="project-submit">
            {form.busy ? t('form.saving') : edit ? t('form.save') : t('po.create')}
          </button>
          {saved ? (
            <span role="status" className="muted" data-testid="project-saved">
              {t('po.saved')}
            </span>
          ) : null}
        </div>
      </form>
    </div>
  );
}

/** The text in the languages other than the one being typed, so an editor sees what is there. */
function otherLanguages(text: Record<string, string>, lang: string): string | undefined {
  const others = Object.entries(text).filter(([k, x]) => k !== lang && x.trim());
  return others.length ? others.map(([k, x]) => `${k}: ${x}`).join(' · ') : undefined;
}
