import { useState } from 'react';
import { DEVICE_CATEGORIES, DEVICE_CONDITIONS, RELEASE_METHODS } from '../../../../src/modules/land/features.ts';
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
import { ReleaseDraft } from './schemas.ts';
import { submitOne } from './submitOne.ts';

interface DeviceDraft {
  category: string;
  condition: string;
  quantity: number | '';
  depth_cm: number | '';
}
interface Draft {
  reference: string;
  method: string;
  hazard_reference: string;
  started_on: string;
  completed_on: string;
  clearance_depth_cm: number | '';
  notes: string;
  devices: DeviceDraft[];
  geometry: unknown;
}

const num = (s: string) => (s === '' ? '' : Number(s));

/** A mine-action officer records one land-release activity (survey or clearance) with the devices found. */
export default function ReleaseNewPage() {
  const { t } = useI18n();
  const form = useForm<Draft>(
    {
      reference: '',
      method: 'clearance',
      hazard_reference: '',
      started_on: '',
      completed_on: new Date().toISOString().slice(0, 10),
      clearance_depth_cm: '',
      notes: '',
      devices: [],
      geometry: undefined,
    },
    ReleaseDraft,
  );
  const [saved, setSaved] = useState<LandImportResult | null>(null);
  const v = form.values;
  const setDevice = (i: number, patch: Partial<DeviceDraft>) => form.set({ devices: v.devices.map((d, k) => (k === i ? { ...d, ...patch } : d)) });
  const send = async () => {
    const r = await form.submit(({ geometry, ...props }) => submitOne('releases', props, geometry));
    if (r) {
      setSaved(r);
      await invalidate('/api/v1/land');
    }
  };
  if (saved) return <SavedRecord title={t('land.releaseSaved')} kind="releases" reference={v.reference} saved={saved} />;
  const preview = v.geometry
    ? {
        type: 'FeatureCollection' as const,
        features: [{ type: 'Feature' as const, id: 'new', geometry: v.geometry, properties: { label: v.reference, action: 'create' as const, errors: [] } }],
      }
    : null;
  return (
    <div className="page narrow">
      <PageTitle title={t('land.releaseTitle')}>{t('land.releaseTitle')}</PageTitle>
      <form
        className="form card"
        noValidate
        data-testid="release-form"
        onSubmit={(e) => {
          e.preventDefault();
          void send();
        }}
      >
        <FormError message={form.formError} detail={form.formDetail} />
        <Field label={t('land.geometry')} at="/geometry" errors={form.errors} hint={t('land.geometryHint')}>
          {(a) => (
            <GeometryUpload kind="releases" id={a.id} invalid={a['aria-invalid']} describedBy={a['aria-describedby']} onGeometry={(g) => form.set({ geometry: g ?? undefined })} />
          )}
        </Field>
        <PreviewMap preview={preview} onDraw={(g) => form.set({ geometry: g })} />
        <Field label={t('land.reference')} at="/reference" errors={form.errors}>
          {(a) => <input {...a} value={v.reference} onChange={(e) => form.set({ reference: e.target.value })} />}
        </Field>
        <Field label={t('land.method')} at="/method" errors={form.errors}>
          {(a) => (
            <select {...a} value={v.method} onChange={(e) => form.set({ method: e.target.value })}>
              {RELEASE_METHODS.map((m) => (
                <option key={m} value={m}>
                  {t(`land.method.${m}` as MessageKey)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('land.hazardReference')} at="/hazard_reference" errors={form.errors} hint={t('land.hazardReferenceHint')}>
          {(a) => <input {...a} value={v.hazard_reference} onChange={(e) => form.set({ hazard_reference: e.target.value })} />}
        </Field>
        <DateField label={t('land.startedOn')} at="/started_on" errors={form.errors} value={v.started_on} onChange={(d) => form.set({ started_on: d })} />
        <DateField label={t('land.completedOn')} at="/completed_on" errors={form.errors} value={v.completed_on} onChange={(d) => form.set({ completed_on: d })} />
        <Field label={t('land.depth')} at="/clearance_depth_cm" errors={form.errors}>
          {(a) => <input {...a} type="number" min={0} max={1000} value={v.clearance_depth_cm} onChange={(e) => form.set({ clearance_depth_cm: num(e.target.value) })} />}
        </Field>
        <fieldset className="field">
          <legend>{t('land.devices')}</legend>
          {v.devices.map((d, i) => (
            <div key={i} className="checks" data-testid={`device-${i}`}>
              <Field label={t('land.deviceCategory')} at={`/devices/${i}/category`} errors={form.errors}>
                {(a) => (
                  <select {...a} value={d.category} onChange={(e) => setDevice(i, { category: e.target.value })}>
                    {DEVICE_CATEGORIES.map((c) => (
                      <option key={c} value={c}>
                        {t(`land.device.${c}` as MessageKey)}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <Field label={t('land.deviceCondition')} at={`/devices/${i}/condition`} errors={form.errors}>
                {(a) => (
                  <select {...a} value={d.condition} onChange={(e) => setDevice(i, { condition: e.target.value })}>
                    {DEVICE_CONDITIONS.map((c) => (
                      <option key={c} value={c}>
                        {t(`land.condition.${c}` as MessageKey)}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <Field label={t('land.quantity')} at={`/devices/${i}/quantity`} errors={form.errors}>
                {(a) => <input {...a} type="number" min={1} value={d.quantity} onChange={(e) => setDevice(i, { quantity: num(e.target.value) })} />}
              </Field>
              <button type="button" className="btn secondary" onClick={() => form.set({ devices: v.devices.filter((_, k) => k !== i) })}>
                {t('land.removeDevice')}
              </button>
            </div>
          ))}
          <button
            type="button"
            className="btn secondary"
            data-testid="add-device"
            onClick={() => form.set({ devices: [...v.devices, { category: 'ap_mine', condition: 'destroyed_in_situ', quantity: 1, depth_cm: '' }] })}
          >
            {t('land.addDevice')}
          </button>
        </fieldset>
        <Field label={t('land.notes')} at="/notes" errors={form.errors} hint={t('land.notesHint')}>
          {(a) => <textarea {...a} rows={3} value={v.notes} onChange={(e) => form.set({ notes: e.target.value })} />}
        </Field>
        <button className="btn" type="submit" disabled={form.busy} data-testid="release-submit">
          {form.busy ? t('form.saving') : t('form.save')}
        </button>
      </form>
    </div>
  );
}
