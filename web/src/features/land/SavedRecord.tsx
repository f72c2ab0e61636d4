import type { LandImportResult } from '../../api/types.ts';
import { useI18n } from '../../app/i18n.tsx';
import { Link } from '../../app/router.tsx';
import { Card, Dl, PageTitle } from '../../app/ui.tsx';

/** What /land/hazards/new and /land/releases/new show once saved: the reference, linked to the record's page, and "Correct". */
export function SavedRecord({ title, kind, reference, saved }: { title: string; kind: 'hazards' | 'releases'; reference: string; saved: LandImportResult }) {
  const { t } = useI18n();
  const id = saved.ids[0];
  return (
    <div className="page narrow">
      <PageTitle title={title}>{title}</PageTitle>
      <Card>
        <Dl
          rows={[
            [
              t('land.reference'),
              id ? (
                <Link href={`/land/${kind}/${id}`} data-testid="saved-reference">
                  {reference}
                </Link>
              ) : (
                <span data-testid="saved-reference">{reference}</span>
              ),
            ],
            [t('land.sourceCrs'), saved.sourceCrs],
          ]}
        />
      </Card>
      {id ? (
        <p>
          <Link href={`/land/${kind}/${id}/edit`} data-testid="correct-link">
            {t('landfix.correct')}
          </Link>
        </p>
      ) : null}
    </div>
  );
}
