import { type ReactNode, useMemo } from 'react';
import { allCountries } from '../../../../src/modules/partners/countries.ts';
import { ENGAGEMENT_KINDS, ENGAGEMENT_STATUSES } from '../../../../src/modules/partners/schema.ts';
import type { SearchResult } from '../../api/types.ts';
import { codeLabel } from '../../app/codes.ts';
import { DateField } from '../../app/date-field.tsx';
import { Field, type FieldErrors, FormError, type useForm } from '../../app/form.tsx';
import { useI18n } from '../../app/i18n.tsx';
import { useGet } from '../../app/ui.tsx';
import { LANG_NAMES, LANGS, type MessageKey, pickLocalized } from '../../i18n/index.ts';
import { countryName } from '../../lib/regions.ts';
import { sortBy } from '../../lib/text.ts';
import { type EngagementDraft, emptyParticipant, emptySource } from './draft.ts';
import '../office-forms.css';

/**
 * The engagement form both /engagements/new and /engagements/:id/edit show:
 * what, texts per language, dates and place, participants, sources, related
 * projects; each field's refusal (the client's schema check or the server's)
 * beside it. `lockCountry`: an edit cannot move an engagement to another
 * country (PATCH has no country). `children` go above the submit button.
 */
export function EngagementForm<D extends EngagementDraft>({
  form,
  onSubmit,
  lockCountry = false,
  children,
}: {
  form: ReturnType<typeof useForm<D>>;
  onSubmit: () => Promise<void>;
  lockCountry?: boolean;
  children?: ReactNode;
}) {
  const { t, lang } = useI18n();
  // Names through the app's helper: Debian's Chromium has no Azerbaijani region names, so Intl would answer in English.
  const countries = useMemo(
    () =>
      sortBy(
        allCountries().map((c) => ({ code: c.code, name: countryName(lang, c.code) || c.names[lang] })),
        lang,
        (c) => c.name,
      ),
    [lang],
  );
  const projects = useGet<SearchResult>('/api/v1/projects?limit=200');
  const v = form.values;
  const e = form.errors;
  // The page's draft may carry more (the edit's reason); a change of the engagement's own fields keeps the rest.
  const set = (patch: Partial<EngagementDraft> | ((d: EngagementDraft) => EngagementDraft)) => form.set((d) => ({ ...d, ...(typeof patch === 'function' ? patch(d) : patch) }));
  const setRow = <K extends 'participants' | 'sources'>(k: K, i: number, patch: Partial<EngagementDraft[K][number]>) =>
    set((d) => ({ ...d, [k]: d[k].map((r, n) => (n === i ? { ...r, ...patch } : r)) }));
  const removeRow = (k: 'participants' | 'sources', i: number) => set((d) => ({ ...d, [k]: d[k].filter((_, n) => n !== i) }));
  const countryOptions = (
    <>
      <option value="">—</option>
      {countries.map((c) => (
        <option key={c.code} value={c.code}>
          {c.name}
        </option>
      ))}
    </>
  );
  // An error on the whole localized object (none given) shows on the first language's box.
  const titleErrors: FieldErrors = { ...e, [`/title/${LANGS[0]}`]: e[`/title/${LANGS[0]}`] ?? e['/title'] };
  const summaryErrors: FieldErrors = { ...e, [`/summary/${LANGS[0]}`]: e[`/summary/${LANGS[0]}`] ?? e['/summary'] };

  return (
    <form
      className="form card office-form"
      noValidate
      data-testid="engagement-form"
      onSubmit={(x) => {
        x.preventDefault();
        void onSubmit();
      }}
    >
      <FormError message={form.formError} detail={form.formDetail} />
      <fieldset>
        <legend>{t('eng.what')}</legend>
        <div className="two">
          <Field label={t('eng.country')} at="/country" errors={e}>
            {(a) => (
              <select {...a} value={v.country} disabled={lockCountry} onChange={(x) => set({ country: x.target.value })}>
                {countryOptions}
              </select>
            )}
          </Field>
          <Field label={t('eng.kind')} at="/kind" errors={e}>
            {(a) => (
              <select {...a} value={v.kind} onChange={(x) => set({ kind: x.target.value as EngagementDraft['kind'] })}>
                {ENGAGEMENT_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {codeLabel(lang, 'engagementKind', k)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('eng.status')} at="/status" errors={e}>
            {(a) => (
              <select {...a} value={v.status} onChange={(x) => set({ status: x.target.value as EngagementDraft['status'] })}>
                {ENGAGEMENT_STATUSES.map((s) => (
                  <option key={s} value={s}>
                    {t(`eng.status.${s}` as MessageKey)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
      </fieldset>

      <fieldset>
        <legend>{t('eng.texts')}</legend>
        <p className="muted">{t('eng.textsHint')}</p>
        <div className="two wide">
          {LANGS.map((l) => (
            <Field key={l} label={t('eng.titleIn', { lang: LANG_NAMES[l] })} at={`/title/${l}`} errors={titleErrors}>
              {(a) => <input {...a} lang={l} value={v.title[l]} onChange={(x) => set({ title: { ...v.title, [l]: x.target.value } })} />}
            </Field>
          ))}
        </div>
        <div className="two wide">
          {LANGS.map((l) => (
            <Field key={l} label={t('eng.summaryIn', { lang: LANG_NAMES[l] })} at={`/summary/${l}`} errors={summaryErrors}>
              {(a) => <textarea {...a} lang={l} rows={3} value={v.summary[l]} onChange={(x) => set({ summary: { ...v.summary, [l]: x.target.value } })} />}
            </Field>
          ))}
        </div>
      </fieldset>

      <fieldset>
        <legend>{t('eng.whenWhere')}</legend>
        <div className="two">
          <DateField label={t('eng.startsOn')} at="/startsOn" errors={e} value={v.startsOn} onChange={(d) => set({ startsOn: d })} />
          <DateField label={t('eng.endsOn')} at="/endsOn" errors={e} value={v.endsOn} onChange={(d) => set({ endsOn: d })} />
          <Field label={t('eng.place')} at="/place" errors={e}>
            {(a) => <input {...a} value={v.place} onChange={(x) => set({ place: x.target.value })} />}
          </Field>
          <Field label={t('eng.placeCountry')} at="/placeCountry" errors={e}>
            {(a) => (
              <select {...a} value={v.placeCountry} onChange={(x) => set({ placeCountry: x.target.value })}>
                {countryOptions}
              </select>
            )}
          </Field>
        </div>
        <Field label={t('eng.topics')} at="/topics" errors={e} hint={t('eng.topicsHint')}>
          {(a) => <input {...a} value={v.topics} onChange={(x) => set({ topics: x.target.value })} />}
        </Field>
      </fieldset>

      <fieldset data-testid="participants">
        <legend>{t('eng.participants')}</legend>
        <ListError at="/participants" errors={e} />
        {v.participants.map((p, i) => (
          <div className="row-box" key={i} role="group" aria-label={t('eng.participantN', { n: i + 1 })}>
            <div className="two">
              <Field label={t('eng.personName')} at={`/participants/${i}/name`} errors={e}>
                {(a) => <input {...a} value={p.name} onChange={(x) => setRow('participants', i, { name: x.target.value })} />}
              </Field>
              <Field label={t('eng.personTitle')} at={`/participants/${i}/title`} errors={e}>
                {(a) => <input {...a} value={p.title} onChange={(x) => setRow('participants', i, { title: x.target.value })} />}
              </Field>
              <Field label={t('eng.personOrg')} at={`/participants/${i}/organisationName`} errors={e}>
                {(a) => <input {...a} value={p.organisationName} onChange={(x) => setRow('participants', i, { organisationName: x.target.value })} />}
              </Field>
              <Field label={t('eng.personCountry')} at={`/participants/${i}/country`} errors={e}>
                {(a) => (
                  <select {...a} value={p.country} onChange={(x) => setRow('participants', i, { country: x.target.value })}>
                    {countryOptions}
                  </select>
                )}
              </Field>
            </div>
            <button type="button" className="btn ghost small" onClick={() => removeRow('participants', i)}>
              {t('eng.remove')}
            </button>
          </div>
        ))}
        <button type="button" className="btn ghost" data-testid="add-participant" onClick={() => set((d) => ({ ...d, participants: [...d.participants, emptyParticipant()] }))}>
          {t('eng.addParticipant')}
        </button>
      </fieldset>

      <fieldset data-testid="sources">
        <legend>{t('eng.sources')}</legend>
        <ListError at="/sources" errors={e} />
        {v.sources.map((s, i) => (
          <div className="row-box" key={i} role="group" aria-label={t('eng.sourceN', { n: i + 1 })}>
            <ListError at={`/sources/${i}`} errors={e} />
            <div className="two">
              <Field label={t('eng.sourceTitle')} at={`/sources/${i}/title`} errors={e}>
                {(a) => <input {...a} value={s.title} onChange={(x) => setRow('sources', i, { title: x.target.value })} />}
              </Field>
              <Field label={t('eng.sourcePublisher')} at={`/sources/${i}/publisher`} errors={e}>
                {(a) => <input {...a} value={s.publisher} onChange={(x) => setRow('sources', i, { publisher: x.target.value })} />}
              </Field>
              <Field label={t('eng.sourceUrl')} at={`/sources/${i}/url`} errors={e} hint="https://…">
                {(a) => <input {...a} type="url" inputMode="url" value={s.url} onChange={(x) => setRow('sources', i, { url: x.target.value })} />}
              </Field>
              <DateField label={t('eng.sourceDate')} at={`/sources/${i}/publishedOn`} errors={e} value={s.publishedOn} onChange={(d) => setRow('sources', i, { publishedOn: d })} />
            </div>
            <Field label={t('eng.sourceNote')} at={`/sources/${i}/note`} errors={e}>
              {(a) => <input {...a} value={s.note} onChange={(x) => setRow('sources', i, { note: x.target.value })} />}
            </Field>
            <button type="button" className="btn ghost small" onClick={() => removeRow('sources', i)}>
              {t('eng.remove')}
            </button>
          </div>
        ))}
        <button type="button" className="btn ghost" data-testid="add-source" onClick={() => set((d) => ({ ...d, sources: [...d.sources, emptySource()] }))}>
          {t('eng.addSource')}
        </button>
      </fieldset>

      <fieldset>
        <legend>{t('eng.related')}</legend>
        <Field label={t('eng.relatedProjects')} at="/related/projects" errors={e} hint={t('eng.relatedHint')}>
          {(a) => (
            <select {...a} multiple size={5} value={v.projects} onChange={(x) => set({ projects: [...x.target.selectedOptions].map((o) => o.value) })}>
              {(projects.state === 'ok' ? projects.data.items : []).map((p) => (
                <option key={p.id} value={p.id}>
                  {p.code} — {pickLocalized(p.title, lang)}
                </option>
              ))}
            </select>
          )}
        </Field>
      </fieldset>

      {children}
      <button className="btn" type="submit" disabled={form.busy} data-testid="engagement-submit">
        {form.busy ? t('form.saving') : t('form.save')}
      </button>
    </form>
  );
}

/** A refusal of a whole list or row (no single box to put it beside). */
function ListError({ at, errors }: { at: string; errors: FieldErrors }) {
  return errors[at] ? (
    <p className="field-error" data-field={at}>
      {errors[at]}
    </p>
  ) : null;
}
