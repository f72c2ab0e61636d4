import { useState } from 'react';
import { TenderInput } from '../../../../src/modules/tenders/schema.ts';
import type { CommitteeCandidates, SearchResult, Tender } from '../../api/types.ts';
import { ApiError, api } from '../../app/api.ts';
import { compact, Field, type FieldErrors, FormError, NumberField, useForm } from '../../app/form.tsx';
import { useI18n } from '../../app/i18n.tsx';
import { fieldErrorText } from '../../app/problem-text.ts';
import { invalidate } from '../../app/query.ts';
import { Link, navigate } from '../../app/router.tsx';
import { PageTitle, Show, useGet } from '../../app/ui.tsx';
import { emptyDraft, fromTender, PUBLISH_FIELDS, type TenderDraft, toBody } from './draft.ts';
import { Readiness } from './Readiness.tsx';
import { TenderDocuments } from './TenderDocuments.tsx';
import '../office-forms.css';

/** /tenders/new: an operator drafts a tender; once saved it opens for the key ceremony and publication. */
export function TenderNewPage() {
  const { lang } = useI18n();
  return <TenderForm initial={emptyDraft(lang)} />;
}

/** /tenders/:id/edit: the draft, the committee's key ceremony and publication. */
export function TenderEditPage({ id }: { id: string }) {
  const tender = useGet<Tender>(`/api/v1/tenders/${id}`);
  return <Show value={tender}>{(t) => <TenderForm key={`${t.id}-${t.status}-${t.opening.publicKey ?? ''}`} initial={fromTender(t)} tender={t} />}</Show>;
}

function TenderForm({ initial, tender }: { initial: TenderDraft; tender?: Tender }) {
  const { t, lang, pick, fmt } = useI18n();
  const edit = !!tender;
  const form = useForm<TenderDraft>(initial, TenderInput);
  const v = form.values;
  const [publishErrors, setPublishErrors] = useState<FieldErrors>({});
  const e: FieldErrors = { ...form.errors, ...publishErrors };
  const [saved, setSaved] = useState(false);
  const projects = useGet<SearchResult>('/api/v1/projects?limit=200');
  const members = useGet<CommitteeCandidates>('/api/v1/committee/members');
  const projectList = projects.state === 'ok' ? projects.data.items : [];
  const memberList = members.state === 'ok' ? members.data.items : [];
  const draft = !tender || tender.status === 'draft';
  const keySet = !!tender?.opening.publicKey;

  const send = async () => {
    setPublishErrors({});
    setSaved(false);
    const r = await form.submit(
      (body, key) => (edit ? api<Tender>(`/api/v1/tenders/${tender.id}`, { method: 'PUT', body }) : api<Tender>('/api/v1/tenders', { method: 'POST', body, idempotencyKey: key })),
      (d) => compact(toBody(d)) as unknown as TenderDraft,
    );
    if (!r) return;
    await invalidate('/api/v1/tenders');
    if (edit) setSaved(true);
    else navigate(`/tenders/${r.id}/edit?created=1`);
  };
  const onPublishRefused = (err: ApiError) => {
    const out: FieldErrors = {};
    for (const x of err.errors) out[PUBLISH_FIELDS[x.field] ?? x.field.replace(/^\/body/, '')] ??= fieldErrorText(t, x, lang);
    setPublishErrors(out);
    if (Object.keys(out).length) setTimeout(() => (document.querySelector('[aria-invalid="true"]') as HTMLElement | null)?.focus(), 0);
  };
  const setRow = <K extends 'lots' | 'criteria'>(k: K, i: number, patch: Partial<TenderDraft[K][number]>) =>
    form.set((d) => ({ ...d, [k]: d[k].map((row, n) => (n === i ? { ...row, ...patch } : row)) }));
  const removeRow = (k: 'lots' | 'criteria', i: number) => form.set((d) => ({ ...d, [k]: d[k].filter((_, n) => n !== i) }));
  const created = new URLSearchParams(location.search).has('created');
  const one = (at: string, ...more: string[]) => ({ ...e, [at]: e[at] ?? more.map((m) => e[m]).find(Boolean) });
  const dt = (at: string, value: string, onChange: (s: string) => void) => (
    // The native picker speaks the browser's locale; the hint says the same instant in the page's language.
    <Field
      label={t(`to.${at.replace(/^\//, '').replace(/\//g, '.')}` as 'to.openingDate')}
      at={at}
      errors={e}
      hint={value && !Number.isNaN(new Date(value).getTime()) ? fmt.dateTime(new Date(value)) : undefined}
    >
      {(a) => <input {...a} type="datetime-local" value={value} onChange={(x) => onChange(x.target.value)} />}
    </Field>
  );

  const heading = edit ? t('to.editTitle') : t('to.newTitle');
  return (
    <div className="page office-page">
      <PageTitle title={heading}>{heading}</PageTitle>
      {tender ? (
        <p>
          <Link href={`/tenders/${tender.id}`}>{t('to.viewPublic')}</Link> · <span className="hash">{tender.ocid}</span>
        </p>
      ) : null}
      {created ? (
        <p className="notice" role="status" data-testid="tender-created">
          {t('to.created')}
        </p>
      ) : null}
      {!draft ? <p className="notice">{t('to.notDraft')}</p> : null}
      {tender && draft ? <Readiness tender={tender} dirty={form.dirty} onRefused={onPublishRefused} onPublished={() => setPublishErrors({})} /> : null}
      <form
        className="form card office-form"
        noValidate
        data-testid="tender-form"
        onSubmit={(ev) => {
          ev.preventDefault();
          void send();
        }}
      >
        <FormError message={form.formError} detail={form.formDetail} />
        <fieldset disabled={!draft}>
          <legend>{t('to.what')}</legend>
          <Field
            label={t('to.title')}
            at="/title"
            errors={one('/title', `/title/${lang}`)}
            hint={
              Object.entries(v.title)
                .filter(([k, x]) => k !== lang && x.trim())
                .map(([k, x]) => `${k}: ${x}`)
                .join(' · ') || undefined
            }
          >
            {(a) => <input {...a} value={v.title[lang] ?? ''} onChange={(x) => form.set({ title: { ...v.title, [lang]: x.target.value } })} />}
          </Field>
          <Field label={t('to.description')} at="/description" errors={e}>
            {(a) => <textarea {...a} rows={3} value={v.description[lang] ?? ''} onChange={(x) => form.set({ description: { ...v.description, [lang]: x.target.value } })} />}
          </Field>
          <Field label={t('to.addProject')} at="/projectIds" errors={one('/projectIds', '/projectIds/0')}>
            {(a) => (
              <select {...a} value="" onChange={(x) => x.target.value && form.set({ projectIds: [...v.projectIds, x.target.value] })} data-testid="add-project">
                <option value="">—</option>
                {projectList
                  .filter((p) => !v.projectIds.includes(p.id))
                  .map((p) => (
                    <option key={p.id} value={p.id}>
                      {p.code} · {pick(p.title)}
                    </option>
                  ))}
              </select>
            )}
          </Field>
          {v.projectIds.length ? (
            <ul data-testid="tender-projects">
              {v.projectIds.map((id) => {
                const p = projectList.find((x) => x.id === id);
                return (
                  <li key={id}>
                    {p ? `${p.code} · ${pick(p.title)}` : id}{' '}
                    <button
                      type="button"
                      className="btn ghost small"
                      aria-label={`${t('po.remove')}: ${p ? p.code : id}`}
                      onClick={() => form.set({ projectIds: v.projectIds.filter((x) => x !== id) })}
                    >
                      {t('po.remove')}
                    </button>
                  </li>
                );
              })}
            </ul>
          ) : (
            <p className="muted">{t('to.noProjects')}</p>
          )}
          <div className="two">
            <Field label={t('to.method')} at="/method" errors={e}>
              {(a) => (
                <select {...a} value={v.method} onChange={(x) => form.set({ method: x.target.value as TenderDraft['method'] })}>
                  {(['open', 'selective', 'limited'] as const).map((m) => (
                    <option key={m} value={m}>
                      {t(`to.method.${m}`)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label={t('to.eligibility')} at="/eligibility" errors={e}>
              {(a) => (
                <select {...a} value={v.eligibility} onChange={(x) => form.set({ eligibility: x.target.value as TenderDraft['eligibility'] })}>
                  <option value="partners">{t('to.eligibility.partners')}</option>
                  <option value="all">{t('to.eligibility.all')}</option>
                </select>
              )}
            </Field>
            <NumberField
              label={t('to.valueAmount')}
              at="/value/amount"
              errors={one('/value/amount', '/value')}
              value={v.value.amount}
              min={0}
              decimal
              onChange={(n) => form.set({ value: { ...v.value, amount: n } })}
            />
            <Field label={t('po.currency')} at="/value/currency" errors={e}>
              {(a) => <input {...a} value={v.value.currency} maxLength={3} onChange={(x) => form.set({ value: { ...v.value, currency: x.target.value.toUpperCase() } })} />}
            </Field>
          </div>
        </fieldset>

        <fieldset disabled={!draft} data-testid="lots">
          <legend>{t('to.lots')}</legend>
          {e['/lots'] ? (
            <p className="field-error" data-field="/lots">
              {e['/lots']}
            </p>
          ) : null}
          {v.lots.map((l, i) => (
            <div className="row-box" key={i} role="group" aria-label={t('to.lotN', { n: i + 1 })}>
              <div className="two">
                <Field label={t('to.lotTitle', { n: i + 1 })} at={`/lots/${i}/title`} errors={one(`/lots/${i}/title`, `/lots/${i}/title/${lang}`)}>
                  {(a) => <input {...a} value={l.title[lang] ?? ''} onChange={(x) => setRow('lots', i, { title: { ...l.title, [lang]: x.target.value } })} />}
                </Field>
                <NumberField
                  label={t('to.lotValue')}
                  at={`/lots/${i}/value/amount`}
                  errors={e}
                  value={l.amount}
                  min={0}
                  decimal
                  onChange={(n) => setRow('lots', i, { amount: n })}
                />
              </div>
              {v.lots.length > 1 ? (
                <button type="button" className="btn ghost small" onClick={() => removeRow('lots', i)}>
                  {t('po.remove')}
                </button>
              ) : null}
            </div>
          ))}
          <div>
            <button
              type="button"
              className="btn ghost small"
              data-testid="add-lot"
              onClick={() => form.set((d) => ({ ...d, lots: [...d.lots, { title: { [lang]: '' }, amount: '' }] }))}
            >
              {t('to.addLot')}
            </button>
          </div>
        </fieldset>

        <fieldset disabled={!draft}>
          <legend>{t('to.award')}</legend>
          <Field label={t('to.awardCriteria')} at="/awardCriteria" errors={e}>
            {(a) => (
              <select
                {...a}
                value={v.awardCriteria}
                onChange={(x) => {
                  const mode = x.target.value as TenderDraft['awardCriteria'];
                  form.set({
                    awardCriteria: mode,
                    criteria:
                      mode === 'ratedCriteria' && v.criteria.length === 0
                        ? [
                            { id: 'price', name: t('to.priceCriterion'), weight: 60 },
                            { id: 'quality', name: t('to.qualityCriterion'), weight: 40 },
                          ]
                        : v.criteria,
                  });
                }}
              >
                <option value="priceOnly">{t('to.priceOnly')}</option>
                <option value="ratedCriteria">{t('to.ratedCriteria')}</option>
              </select>
            )}
          </Field>
          {e['/criteria'] ? (
            <p className="field-error" data-field="/criteria">
              {e['/criteria']}
            </p>
          ) : null}
          {v.awardCriteria === 'ratedCriteria'
            ? v.criteria.map((c, i) => (
                <div className="row-box" key={i} role="group" aria-label={t('to.criterionN', { n: i + 1 })}>
                  <div className="two">
                    <Field label={t('to.criterionId')} at={`/criteria/${i}/id`} errors={e}>
                      {(a) => <input {...a} value={c.id} onChange={(x) => setRow('criteria', i, { id: x.target.value })} />}
                    </Field>
                    <Field label={t('to.criterionName')} at={`/criteria/${i}/name`} errors={e}>
                      {(a) => <input {...a} value={c.name} onChange={(x) => setRow('criteria', i, { name: x.target.value })} />}
                    </Field>
                    <NumberField
                      label={t('to.weight')}
                      at={`/criteria/${i}/weight`}
                      errors={e}
                      value={c.weight}
                      min={0}
                      max={100}
                      onChange={(n) => setRow('criteria', i, { weight: n })}
                    />
                  </div>
                  <button type="button" className="btn ghost small" onClick={() => removeRow('criteria', i)}>
                    {t('po.remove')}
                  </button>
                </div>
              ))
            : null}
          {v.awardCriteria === 'ratedCriteria' ? (
            <div>
              <button type="button" className="btn ghost small" onClick={() => form.set((d) => ({ ...d, criteria: [...d.criteria, { id: '', name: '', weight: '' }] }))}>
                {t('to.addCriterion')}
              </button>
              <p className="muted">{t('to.weightsTotal', { total: v.criteria.reduce((s, c) => s + (c.weight === '' ? 0 : c.weight), 0) })}</p>
            </div>
          ) : null}
        </fieldset>

        <fieldset disabled={!draft}>
          <legend>{t('to.periods')}</legend>
          <p className="muted">{t('to.periodsHelp')}</p>
          <div className="two wide">
            {dt('/enquiryPeriod/startDate', v.enquiryPeriod.startDate, (s) => form.set({ enquiryPeriod: { ...v.enquiryPeriod, startDate: s } }))}
            {dt('/enquiryPeriod/endDate', v.enquiryPeriod.endDate, (s) => form.set({ enquiryPeriod: { ...v.enquiryPeriod, endDate: s } }))}
            {dt('/tenderPeriod/startDate', v.tenderPeriod.startDate, (s) => form.set({ tenderPeriod: { ...v.tenderPeriod, startDate: s } }))}
            {dt('/tenderPeriod/endDate', v.tenderPeriod.endDate, (s) => form.set({ tenderPeriod: { ...v.tenderPeriod, endDate: s } }))}
            {dt('/openingDate', v.openingDate, (s) => form.set({ openingDate: s }))}
            <NumberField
              label={t('to.standstillDays')}
              at="/standstillDays"
              errors={e}
              value={v.standstillDays}
              min={0}
              max={90}
              onChange={(n) => form.set({ standstillDays: n })}
            />
            <NumberField
              label={t('to.amendmentWindowDays')}
              hint={t('to.amendmentWindowHelp')}
              at="/amendmentWindowDays"
              errors={e}
              value={v.amendmentWindowDays}
              min={0}
              max={60}
              onChange={(n) => form.set({ amendmentWindowDays: n })}
            />
            <NumberField label={t('to.minBids')} at="/minBids" errors={e} value={v.minBids} min={1} max={100} onChange={(n) => form.set({ minBids: n })} />
          </div>
        </fieldset>

        <fieldset disabled={!draft || keySet} data-testid="committee">
          <legend>{t('to.committee')}</legend>
          <p className="muted">{keySet ? t('to.committeeFixed') : t('to.committeeHelp')}</p>
          {e['/committee'] || e['/committee/memberUserIds'] ? (
            <p className="field-error" data-field="/committee/memberUserIds">
              {e['/committee'] ?? e['/committee/memberUserIds']}
            </p>
          ) : null}
          <div className="checks" role="group" aria-label={t('to.committeeMembers')}>
            {memberList.map((m) => (
              <label key={m.userId} className="check">
                <input
                  type="checkbox"
                  checked={v.committee.memberUserIds.includes(m.userId)}
                  onChange={(x) =>
                    form.set({
                      committee: {
                        ...v.committee,
                        memberUserIds: x.target.checked ? [...v.committee.memberUserIds, m.userId] : v.committee.memberUserIds.filter((u) => u !== m.userId),
                      },
                    })
                  }
                />
                {m.name}
                {m.hasKey ? '' : ` (${t('to.noKeyYet')})`}
              </label>
            ))}
          </div>
          <NumberField
            label={t('to.k', { n: v.committee.memberUserIds.length })}
            at="/committee/k"
            errors={e}
            value={v.committee.k}
            min={1}
            max={15}
            onChange={(n) => form.set({ committee: { ...v.committee, k: n } })}
          />
        </fieldset>

        <TenderDocuments disabled={!draft} documents={v.documents} onChange={(documents) => form.set({ documents })} error={e['/documents']} />

        {draft ? (
          <div className="actions">
            <button className="btn" type="submit" disabled={form.busy} data-testid="tender-submit">
              {form.busy ? t('form.saving') : edit ? t('to.saveDraft') : t('to.create')}
            </button>
            {saved ? (
              <span role="status" className="muted" data-testid="tender-saved">
                {t('po.saved')}
              </span>
            ) : null}
          </div>
        ) : null}
      </form>
    </div>
  );
}
