import type { Subscription } from '../api/types.ts';
import { api } from './api.ts';
import { useI18n } from './i18n.tsx';
import { invalidate } from './query.ts';
import { Card, Show, useLoad } from './ui.tsx';

/** The account page's list of the user's email subscriptions, each removable. */
export function Subscriptions() {
  const { t, fmt } = useI18n();
  const res = useLoad((signal) => api<{ items: Subscription[] }>('/api/v1/subscriptions', { signal }), ['/api/v1/subscriptions']);
  const remove = async (id: string) => {
    await api(`/api/v1/subscriptions/${id}`, { method: 'DELETE' });
    await invalidate('/api/v1/subscriptions');
  };
  return (
    <Card title={t('portal.subscriptions')}>
      <Show value={res}>
        {(data) =>
          data.items.length === 0 ? (
            <p className="muted">{t('portal.noSubscriptions')}</p>
          ) : (
            <ul className="list" data-testid="subscriptions">
              {data.items.map((s) => (
                <li key={s.id}>
                  {t(`portal.subKind.${s.kind as 'tenders' | 'project' | 'country'}`)}{' '}
                  <span className="muted">
                    {Object.values(s.filter).join(' · ')} · {fmt.date(s.createdAt)}
                  </span>{' '}
                  <button type="button" className="secondary" onClick={() => void remove(s.id)}>
                    {t('portal.unsubscribe')}
                  </button>
                </li>
              ))}
            </ul>
          )
        }
      </Show>
    </Card>
  );
}
