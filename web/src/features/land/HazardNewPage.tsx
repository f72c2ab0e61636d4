import { useState } from 'react';
import { HAZARD_TYPES } from '../../../../src/modules/land/features.ts';
import type { LandImportResult } from '../../api/types.ts';
import { DateField } from '../../app/date-field.tsx';
import { Field, FormError, useForm } from '../../app/form.tsx';
import { useI18n } from '../../app/i18n.tsx';
import { invalidate } from '../../app/query.ts';
import { PageTitle } from '../../app/ui.tsx';
import type { MessageKey } from '../../i18n/index.ts';
import { GeometryUpload } from './GeometryUpload.tsx';
import PreviewMap from './PreviewMap.tsx';
import { SavedRecord } from './SavedRecord.tsx';
import { HazardDraft } from './schemas.ts';
import { submitOne } from './submitOne.ts';

interface Draft {
  reference: string;
  name: string;
  classification: 'SHA' | 'CHA';
  hazard_types: string[];
  recorded_on: string;
  notes: string;
  geometry: unknown;
}

/** A mine-action officer records one hazardous area: its outline from a file, its attributes in the form. */
export default function HazardNewPage() {
  const { t } = useI18n();
  const form = useForm<Draft>(
    { reference: '', name: '', classification: 'SHA', hazard_types: [], recorded_on: new Date().toISOString().slice(0, 10), notes: '', geometry: undefined },
    HazardDraft,
  );
  const [saved, setSaved] = useState<LandImportResult | null>(null);
  const v = form.values;
  const send = async () => {
    const r = await form.submit(({ geometry, ...props }) => submitOne('hazards', props, geometry));
    if (r) {
      setSaved(r);
      await invalidate('/api/v1/land');
    }
  };
  if (saved) return <SavedRecord title={t('land.hazardSaved')} kind="hazards" reference={v.reference} saved={saved} />;
  const preview = v.geometry
    ? {
        type: 'FeatureCollection' as const,
        features: [{ type: 'Feature' as const, id: 'new', geometry: v.geometry, properties: { label: v.reference, action: 'create' as const, errors: [] } }],
      }
    : null;
  return (
    <div className="page narrow">
      <PageTitle title={t('land.hazardTitle')}>{t('land.hazardTitle')}</PageTitle>
      <form
        className="form card"
        noValidate
        data-testid="hazard-form"
        onSubmit={(e) => {
          e.preventDefault();
          void send();
        }}
      >
        <FormError message={form.formError} detail={form.formDetail} />
        <Field label={t('land.geometry')} at="/geometry" errors={form.errors} hint={t('land.geometryHint')}>
          {(a) => (
            <GeometryUpload kind="hazards" id={a.id} invalid={a['aria-invalid']} describedBy={a['aria-describedby']} onGeometry={(g) => form.set({ geometry: g ?? undefined })} />
          )}
        </Field>
        <PreviewMap preview={preview} onDraw={(g) => form.set({ geometry: g })} />
        <Field label={t('land.reference')} at="/reference" errors={form.errors}>
          {(a) => <input {...a} value={v.reference} onChange={(e) => form.set({ reference: e.target.value })} />}
        </Field>
        <Field label={t('land.name')} at="/name" errors={form.errors}>
          {(a) => <input {...a} value={v.name} onChange={(e) => form.set({ name: e.target.value })} />}
        </Field>
        <Field label={t('land.classification')} at="/classification" errors={form.errors}>
          {(a) => (
            <select {...a} value={v.classification} onChange={(e) => form.set({ classification: e.target.value as Draft['classification'] })}>
              <option value="SHA">{t('land.sha')}</option>
              <option value="CHA">{t('land.cha')}</option>
            </select>
          )}
        </Field>
        <fieldset className={`field${form.errors['/hazard_types'] ? ' has-error' : ''}`} aria-describedby={form.errors['/hazard_types'] ? 'f-hazard-types-err' : undefined}>
          <legend>{t('land.hazardTypes')}</legend>
          <div className="checks">
            {HAZARD_TYPES.map((h) => (
              <label key={h} className="check">
                <input
                  type="checkbox"
                  data-testid={`type-${h}`}
                  checked={v.hazard_types.includes(h)}
                  onChange={(e) => form.set({ hazard_types: e.target.checked ? [...v.hazard_types, h] : v.hazard_types.filter((x) => x !== h) })}
                />{' '}
                {t(`land.type.${h}` as MessageKey)}
              </label>
            ))}
          </div>
          {form.errors['/hazard_types'] ? (
            <small id="f-hazard-types-err" className="field-error" data-field="/hazard_types">
              {form.errors['/hazard_types']}
            </small>
          ) : null}
        </fieldset>
        <DateField label={t('land.recordedOn')} at="/recorded_on" errors={form.errors} value={v.recorded_on} onChange={(d) => form.set({ recorded_on: d })} />
        <Field label={t('land.notes')} at="/notes" errors={form.errors} hint={t('land.notesHint')}>
          {(a) => <textarea {...a} rows={3} value={v.notes} onChange={(e) => form.set({ notes: e.target.value })} />}
        </Field>
        <button className="btn" type="submit" disabled={form.busy} data-testid="hazard-submit">
          {form.busy ? t('form.saving') : t('form.save')}
        </button>
      </form>
    </div>
  );
}
