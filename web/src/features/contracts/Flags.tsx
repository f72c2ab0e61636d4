import type { RedFlag } from '../../api/types.ts';
import { useI18n } from '../../app/i18n.tsx';
import { Empty } from '../../app/ui.tsx';
import { coded } from './labels.ts';

/**
 * Red flags with their written definitions. Titles and definitions are the
 * platform's own (translated here by code); the detail is computed by the
 * server from the figures and stays in English, marked as such.
 */
export function FlagList({ flags, empty }: { flags: RedFlag[]; empty?: string }) {
  const { t, lang } = useI18n();
  if (!flags.length) return <Empty>{empty ?? t('contract.noFlags')}</Empty>;
  return (
    <ul className="list flags" data-testid="red-flags">
      {flags.map((f) => (
        <li key={`${f.contractId}-${f.code}`} data-flag={f.code}>
          <div>
            <strong>{coded(t, 'flag.title', f.code) || f.title}</strong> <span className="tag">{coded(t, 'flag.stage', f.stage)}</span>
            <p className="flag-detail" lang={lang === 'en' ? undefined : 'en'}>
              {f.detail}
            </p>
            <FlagDefinition code={f.code} source={f.source} threshold={f.threshold} />
          </div>
        </li>
      ))}
    </ul>
  );
}

export function FlagDefinition({ code, source, threshold, fallback }: { code: string; source: string; threshold: string | null; fallback?: string }) {
  const { t } = useI18n();
  const def = coded(t, 'flag.def', code);
  return (
    <details className="flag-def">
      <summary>{t('flag.definition')}</summary>
      <p>{def === code ? fallback : def}</p>
      <p className="muted">
        {t('flag.source')}: {source}
        {threshold ? ` · ${t('flag.threshold')}: ${threshold}` : ''}
      </p>
    </details>
  );
}
