import type { Enquiry, Organisation, Page, Tender } from '../../api/types.ts';
import { api } from '../../app/api.ts';
import { useI18n } from '../../app/i18n.tsx';
import { roleKey } from '../../app/Layout.tsx';
import { Link } from '../../app/router.tsx';
import { useSession } from '../../app/session.tsx';
import { Card, PageTitle, Show, useLoad } from '../../app/ui.tsx';
import type { MessageKey } from '../../i18n/index.ts';

interface Item {
  key: MessageKey;
  count: number;
  href: string;
}

/** What waits for the signed-in user, from the permissions /api/v1/me lists: one line per kind of work, with a link to it. */
async function workOf(can: (p: string) => boolean, userId: string, signal: AbortSignal): Promise<Item[]> {
  const items: Item[] = [];
  const tenders =
    can('tender.manage') || can('tender.submitShare') || can('tender.evaluate') || can('tender.bid')
      ? (await api<Page<Tender>>('/api/v1/tenders?limit=200', { signal })).items
      : [];
  if (can('organisation.verify')) {
    const q = await api<Page<Organisation>>('/api/v1/organisations?status=unverified&limit=200', { signal });
    items.push({ key: 'work.orgsToVerify', count: q.items.length, href: '/admin/organisations' });
  }
  if (can('tender.manage')) {
    items.push({ key: 'work.draftsToPublish', count: tenders.filter((x) => x.status === 'draft').length, href: '/tenders' });
    const active = tenders.filter((x) => x.status === 'active').slice(0, 30);
    const open = await Promise.all(
      active.map((x) => api<{ items: Enquiry[] }>(`/api/v1/tenders/${x.id}/enquiries`, { signal }).then((r) => r.items.filter((q) => !q.answer).length)),
    );
    const first = active.find((_, i) => open[i] > 0);
    items.push({ key: 'work.questionsToAnswer', count: open.reduce((a, b) => a + b, 0), href: first ? `/tenders/${first.id}#questions` : '/tenders' });
  }
  if (can('tender.submitShare')) {
    const due = tenders.filter(
      (x) => (x.status === 'active' || x.status === 'opening') && x.opening.committee.some((c) => c.userId === userId) && Date.parse(x.serverTime) >= Date.parse(x.openingDate),
    );
    items.push({ key: 'work.openingsDue', count: due.length, href: '/committee' });
  }
  if (can('tender.evaluate') || can('tender.award')) {
    items.push({ key: 'work.evaluationsDue', count: tenders.filter((x) => x.status === 'evaluation').length, href: '/evaluation' });
  }
  if (can('tender.bid')) {
    items.push({ key: 'work.eligibleTenders', count: tenders.filter((x) => x.status === 'active' && x.phase === 'tendering').length, href: '/bids' });
  }
  return items;
}

export default function WorkPage() {
  const { t } = useI18n();
  const session = useSession();
  const user = session.user!;
  const data = useLoad((signal) => workOf(session.can, user.id, signal), ['/api/v1/tenders', 'my-work', user.id]);
  const pending = user.organisationId && user.organisationStatus !== 'verified';
  return (
    <div className="page">
      <PageTitle title={t('work.title')}>{t('work.title')}</PageTitle>
      <p>
        {t('work.intro', { name: user.name })} <span data-testid="account-role">{user.roles.map((r) => t(roleKey(r))).join(', ')}</span>
      </p>
      {pending ? (
        <Card title={t('reg.pendingTitle')} id="pending">
          <p data-testid="company-pending">{t('work.companyPending')}</p>
          <p>{t('reg.whyNoBid')}</p>
        </Card>
      ) : null}
      <Card title={t('nav.work')} id="work">
        <Show value={data}>
          {(items) =>
            items.some((i) => i.count > 0) ? (
              <ul className="list" data-testid="work-items">
                {items
                  .filter((i) => i.count > 0)
                  .map((i) => (
                    <li key={i.key}>
                      <Link href={i.href}>{t(i.key, { count: i.count })}</Link>
                    </li>
                  ))}
              </ul>
            ) : (
              <p className="empty">{t('work.nothing')}</p>
            )
          }
        </Show>
        <ul className="list">
          {session.can('audit.read') ? (
            <li>
              <Link href="/audit">{t('work.auditLog')}</Link>
            </li>
          ) : null}
          {session.can('user.manage') ? (
            <li>
              <Link href="/admin/users">{t('work.users')}</Link>
            </li>
          ) : null}
        </ul>
      </Card>
    </div>
  );
}
