import { EngagementInput } from '../../../../src/modules/partners/schema.ts';
import type { Engagement } from '../../api/types.ts';
import { api } from '../../app/api.ts';
import { useForm } from '../../app/form.tsx';
import { useI18n } from '../../app/i18n.tsx';
import { invalidate } from '../../app/query.ts';
import { navigate } from '../../app/router.tsx';
import { PageTitle } from '../../app/ui.tsx';
import { type EngagementDraft, emptyDraft, toBody } from './draft.ts';
import { EngagementForm } from './EngagementForm.tsx';

/**
 * /engagements/new: an operator records a visit, meeting, delegation or
 * agreement with a partner country — its title in the languages at hand,
 * dates, place, participants, sources and related projects — and then sees it
 * on the country's page.
 */
export default function EngagementNewPage() {
  const { t } = useI18n();
  const initialCountry = new URLSearchParams(window.location.search).get('country')?.toUpperCase() ?? '';
  const form = useForm<EngagementDraft>(emptyDraft(initialCountry), EngagementInput);

  const send = async () => {
    const prepare = (d: EngagementDraft) => toBody(d) as unknown as EngagementDraft;
    const saved = await form.submit((body, key) => api<Engagement>('/api/v1/engagements', { method: 'POST', body, idempotencyKey: key }), prepare);
    if (saved) {
      await invalidate('/api/v1/engagements', '/api/v1/countries');
      navigate(`/countries/${saved.country}`);
    }
  };

  return (
    <div className="page office-page">
      <PageTitle title={t('eng.title')}>{t('eng.title')}</PageTitle>
      <EngagementForm form={form} onSubmit={send} />
    </div>
  );
}
