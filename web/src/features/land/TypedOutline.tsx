import { useId, useState } from 'react';
import { useI18n } from '../../app/i18n.tsx';
import type { MessageKey } from '../../i18n/index.ts';
import { type OutlineProblem, parseOutline, type TypedGeometry } from './typed-outline.ts';

function problemMessage(t: (key: MessageKey, vars?: Record<string, string | number>) => string, p: OutlineProblem): string {
  if (p.code === 'empty') return t('land.typed.empty');
  if (p.code === 'few') return t('land.typed.few', { line: p.line, count: p.count });
  return t(`land.typed.${p.code}`, { line: p.line });
}

/**
 * The keyboard's way to give an outline (issue 12): a toggle beside the
 * drawing tool opens a labelled box for corners typed or pasted; a valid
 * outline goes to `onApply`, the same hand-off as a polygon drawn on the map.
 */
export function TypedOutline({ onApply }: { onApply: (geometry: TypedGeometry) => void }) {
  const { t } = useI18n();
  const id = useId();
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [applied, setApplied] = useState<number | null>(null);
  const apply = () => {
    const r = parseOutline(text);
    if (!r.ok) {
      setProblem(problemMessage(t, r));
      setApplied(null);
      return;
    }
    setProblem(null);
    setApplied(r.corners);
    onApply(r.geometry);
  };
  return (
    <div className="typed-outline" style={{ marginTop: '0.5rem' }}>
      <button type="button" className="btn secondary" aria-expanded={open} aria-controls={`${id}-panel`} data-testid="type-outline" onClick={() => setOpen(!open)}>
        {t('land.typed.open')}
      </button>
      {open ? (
        <div id={`${id}-panel`} className={`field${problem ? ' has-error' : ''}`}>
          <label htmlFor={`${id}-text`}>{t('land.typed.label')}</label>
          <textarea
            id={`${id}-text`}
            rows={6}
            spellCheck={false}
            autoComplete="off"
            value={text}
            aria-invalid={!!problem}
            aria-describedby={`${id}-hint${problem ? ` ${id}-err` : ''}`}
            data-testid="outline-text"
            onChange={(e) => setText(e.target.value)}
          />
          <small id={`${id}-hint`} className="muted">
            {t('land.typed.hint')}
          </small>
          {problem ? (
            <small id={`${id}-err`} className="field-error" role="alert" data-testid="outline-text-error">
              {problem}
            </small>
          ) : null}
          <div>
            <button type="button" className="btn secondary" data-testid="outline-text-apply" onClick={apply}>
              {t('land.typed.apply')}
            </button>
          </div>
          {applied !== null && !problem ? (
            <p className="muted small" role="status" data-testid="outline-text-applied">
              {t('land.typed.applied', { count: applied })}
            </p>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
