import { ContractInput } from '../../../../src/modules/tenders/schema.ts';
import type { Outcome } from '../../api/types.ts';
import { api } from '../../app/api.ts';
import { DateField } from '../../app/date-field.tsx';
import { FormError, useForm } from '../../app/form.tsx';
import { useI18n } from '../../app/i18n.tsx';
import { Link } from '../../app/router.tsx';
import { useSession } from '../../app/session.tsx';
import { Card } from '../../app/ui.tsx';
import { ErrorLine, send, type Tender, useAction } from '../bidding/shared.tsx';

type Contract = Outcome['contracts'][number];
const today = () => new Date().toISOString().slice(0, 10);

/**
 * What follows the award, for the operator: confirm it once the standstill is
 * over (the server decides by its clock and says so if it is not), then sign
 * the contract with the awarded supplier. Execution continues on the
 * contract's own pages.
 */
export function AwardFollowUp({ tender, outcome, onChange }: { tender: Tender; outcome: Outcome | null; onChange: () => void }) {
  const { t } = useI18n();
  const session = useSession();
  const confirming = useAction();
  const form = useForm({ periodStart: today(), periodEnd: '' }, ContractInput);
  const pending = outcome?.awards.find((a) => a.status === 'pending');
  const signed = outcome?.contracts ?? [];
  if (signed.length)
    return (
      <Card title={t('eval.contractTitle')} id="contract">
        <ul className="list" data-testid="signed-contracts">
          {signed.map((c) => (
            <li key={c.id}>
              <Link href={`/contracts/${c.id}`}>{t('eval.contractSigned')}</Link>
            </li>
          ))}
        </ul>
      </Card>
    );
  if (tender.status === 'standstill' && pending && session.can('tender.award'))
    return (
      <Card title={t('eval.confirmTitle')} id="confirm">
        <p>{t('eval.confirmExplain')}</p>
        <ErrorLine error={confirming.error} />
        <button
          className="btn"
          disabled={confirming.busy}
          data-testid="award-confirm"
          onClick={() =>
            confirming.run(async () => {
              await send(`/api/v1/tenders/${tender.id}/award/confirm`, { method: 'POST', csrf: session.csrfToken });
              onChange();
            })
          }
        >
          {t('eval.confirmSubmit')}
        </button>
      </Card>
    );
  if (tender.status !== 'awarded' || !session.can('tender.contract')) return null;
  const sign = async () => {
    const r = await form.submit((body) => api<Contract>(`/api/v1/tenders/${tender.id}/contract`, { method: 'POST', body }));
    if (r) onChange();
  };
  return (
    <Card title={t('eval.contractTitle')} id="contract">
      <form
        className="form"
        data-testid="contract-form"
        onSubmit={(e) => {
          e.preventDefault();
          void sign();
        }}
        noValidate
      >
        <FormError message={form.formError} detail={form.formDetail} />
        <DateField label={t('eval.periodStart')} at="/periodStart" errors={form.errors} value={form.values.periodStart} onChange={(d) => form.set({ periodStart: d })} />
        <DateField label={t('eval.periodEnd')} at="/periodEnd" errors={form.errors} value={form.values.periodEnd} onChange={(d) => form.set({ periodEnd: d })} />
        <button className="btn" type="submit" disabled={form.busy} data-testid="contract-submit">
          {form.busy ? t('form.saving') : t('eval.contractSubmit')}
        </button>
      </form>
    </Card>
  );
}
