import { AmendmentInput } from '../../../../src/modules/tenders/schema.ts';
import type { Amendment, Tender } from '../../api/types.ts';
import { api } from '../../app/api.ts';
import { compact, Field, FormError, NumberField, useForm } from '../../app/form.tsx';
import { useI18n } from '../../app/i18n.tsx';
import { Localized } from '../../app/localized.tsx';
import { invalidate } from '../../app/query.ts';
import { useSession } from '../../app/session.tsx';
import { Empty, Show, useGet } from '../../app/ui.tsx';
import type { MessageKey } from '../../i18n/index.ts';

const amendmentsPath = (id: string) => `/api/v1/tenders/${id}/amendments`;

/** The fields an amendment may change (AmendmentInput.changes), in the order the list shows them. */
const FIELDS = ['title', 'description', 'value', 'documents', 'tenderEndDate', 'openingDate', 'enquiryEndDate'] as const;
type ChangedField = (typeof FIELDS)[number];
const DATES: readonly string[] = ['tenderEndDate', 'openingDate', 'enquiryEndDate'];

/** One changed value as the reader reads it: dates and money in the page's language (Azerbaijani by the app's own formatter). */
function ChangedValue({ field, value }: { field: ChangedField; value: unknown }) {
  const { t, fmt } = useI18n();
  if (value === null || value === undefined) return <span className="muted">—</span>;
  if (DATES.includes(field) && typeof value === 'string') return <>{fmt.dateTime(value)}</>;
  if (field === 'value' && typeof value === 'object' && 'amount' in value) {
    const m = value as { amount: number; currency: string };
    return <>{fmt.moneyFull(m.amount, m.currency)}</>;
  }
  if (field === 'documents' && Array.isArray(value)) return <>{t('tender.amend.documents', { count: value.length })}</>;
  if (field === 'title' || field === 'description') return <Localized value={value as Record<string, string>} />;
  return <>{String(value)}</>;
}

/** Every amendment of a published tender: when, why, and each changed field before and after. Public. */
function AmendmentList({ tenderId }: { tenderId: string }) {
  const { t, fmt } = useI18n();
  const res = useGet<{ items: Amendment[] }>(amendmentsPath(tenderId));
  return (
    <Show value={res}>
      {(data) =>
        data.items.length ? (
          <ol className="list amendments" data-testid="amendments">
            {data.items.map((a) => (
              <li key={a.id} className="entry" data-testid="amendment">
                <p>
                  <strong>{t('tender.amend.item', { seq: a.seq })}</strong> <span className="muted">{fmt.dateTime(a.date)}</span>{' '}
                  {a.material ? <span className="tag">{t('tender.amend.material')}</span> : null}
                </p>
                <p>
                  <span className="muted">{t('tender.amend.reason')}: </span>
                  <span data-testid="amendment-reason">{a.reason}</span>
                </p>
                <ul className="changes">
                  {FIELDS.filter((f) => f in a.changes).map((f) => (
                    <li key={f} data-field={f}>
                      {t(`tender.amend.field.${f}` as MessageKey)}: <span className="muted">{t('tender.amend.was')}</span> <ChangedValue field={f} value={a.changes[f].before} /> →{' '}
                      <span className="muted">{t('tender.amend.now')}</span> <ChangedValue field={f} value={a.changes[f].after} />
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ol>
        ) : (
          <Empty>{t('tender.amend.none')}</Empty>
        )
      }
    </Show>
  );
}

interface AmendDraft {
  reason: string;
  changes: { tenderEndDate: string; openingDate: string; enquiryEndDate: string; value: { amount: number | ''; currency: string } };
}
/** datetime-local (the browser's zone) → ISO instant; anything unparsable is left for the schema to name. */
const iso = (local: string) => (local && !Number.isNaN(new Date(local).getTime()) ? new Date(local).toISOString() : local);
/** The form → AmendmentInput: only what was filled in is a change. */
function toBody(d: AmendDraft) {
  const c = d.changes;
  return compact({
    reason: d.reason,
    changes: {
      tenderEndDate: iso(c.tenderEndDate),
      openingDate: iso(c.openingDate),
      enquiryEndDate: iso(c.enquiryEndDate),
      ...(c.value.amount === '' ? {} : { value: c.value }),
    },
  });
}

/**
 * The operator amends a published tender before its deadline, with a required reason. The server decides the rest
 * (a material change close to the deadline must move it; the legal minimum periods) and names the field it refuses.
 */
function AmendForm({ tender }: { tender: Tender }) {
  const { t, fmt } = useI18n();
  const currency = tender.value?.currency ?? 'AZN';
  const blank: AmendDraft = { reason: '', changes: { tenderEndDate: '', openingDate: '', enquiryEndDate: '', value: { amount: '', currency } } };
  const form = useForm<AmendDraft>(blank, AmendmentInput);
  const v = form.values;
  const setChange = (patch: Partial<AmendDraft['changes']>) => form.set((d) => ({ ...d, changes: { ...d.changes, ...patch } }));
  const send = async () => {
    const r = await form.submit(
      (body, key) => api(amendmentsPath(tender.id), { method: 'POST', body, idempotencyKey: key }),
      (d) => toBody(d) as unknown as AmendDraft,
    );
    if (r) {
      form.set(blank);
      form.setDirty(false);
      await invalidate(amendmentsPath(tender.id), `/api/v1/tenders/${tender.id}`);
    }
  };
  const dt = (at: 'tenderEndDate' | 'openingDate' | 'enquiryEndDate', label: MessageKey) => (
    // The native picker speaks the browser's locale; the hint repeats the instant in the page's language.
    <Field
      label={t(label)}
      at={`/changes/${at}`}
      errors={form.errors}
      hint={v.changes[at] && !Number.isNaN(new Date(v.changes[at]).getTime()) ? fmt.dateTime(v.changes[at]) : undefined}
    >
      {(a) => <input {...a} type="datetime-local" value={v.changes[at]} onChange={(x) => setChange({ [at]: x.target.value })} />}
    </Field>
  );
  return (
    <form
      className="form"
      id="amend"
      data-testid="amend-form"
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
      noValidate
    >
      <h3>{t('tender.amend.formTitle')}</h3>
      <p className="muted">{t('tender.amend.explain')}</p>
      <FormError message={form.formError} detail={form.formDetail} />
      {form.errors['/changes'] ? (
        <p className="field-error" data-field="/changes">
          {t('tender.amend.nothing')}
        </p>
      ) : null}
      <Field label={t('tender.amend.reason')} at="/reason" errors={form.errors}>
        {(a) => <textarea {...a} rows={2} value={v.reason} onChange={(e) => form.set({ reason: e.target.value })} />}
      </Field>
      {dt('tenderEndDate', 'tender.amend.newDeadline')}
      {dt('openingDate', 'tender.amend.newOpening')}
      {dt('enquiryEndDate', 'tender.amend.newEnquiryEnd')}
      <NumberField
        label={t('tender.amend.newValue', { currency })}
        at="/changes/value/amount"
        errors={form.errors}
        min={0}
        step="0.01"
        decimal
        value={v.changes.value.amount}
        onChange={(amount) => setChange({ value: { amount, currency } })}
      />
      <button className="btn" type="submit" disabled={form.busy} data-testid="amend-submit">
        {form.busy ? t('form.saving') : t('tender.amend.submit')}
      </button>
    </form>
  );
}

/** The amendments card: the list for everyone, the form for whoever may manage tenders while the tender takes bids (server clock). */
export function Amendments({ tender }: { tender: Tender }) {
  const session = useSession();
  const open = tender.status === 'active' && Date.parse(tender.serverTime) < Date.parse(tender.tenderPeriod.endDate);
  return (
    <>
      <AmendmentList tenderId={tender.id} />
      {open && session.can('tender.manage') ? <AmendForm tender={tender} /> : null}
    </>
  );
}
