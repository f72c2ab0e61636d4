import { useState } from 'react';
import type { StoredDocument } from '../../api/types.ts';
import { upload } from '../../app/api.ts';
import { useI18n } from '../../app/i18n.tsx';
import { problemLine } from '../../app/problem-text.ts';
import type { DocRow } from './draft.ts';

/** OCDS documentType codes a tender's documents usually carry. */
const TYPES = ['biddingDocuments', 'technicalSpecifications', 'billOfQuantity', 'eligibilityCriteria', 'evaluationCriteria', 'contractDraft', 'clarifications'] as const;

/** Tender documents: each file goes to the documents module; the draft keeps its title, type and SHA-256, which bidders can check. */
export function TenderDocuments({ documents, onChange, disabled, error }: { documents: DocRow[]; onChange: (d: DocRow[]) => void; disabled: boolean; error?: string }) {
  const { t, lang } = useI18n();
  const [type, setType] = useState<(typeof TYPES)[number]>('biddingDocuments');
  const [title, setTitle] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const add = async (file: File) => {
    setBusy(true);
    setProblem(null);
    try {
      const form = new FormData();
      form.append('title', title.trim() || file.name.slice(0, 300));
      form.append('documentType', type);
      form.append('file', file, file.name);
      const doc = await upload<StoredDocument>('/api/v1/documents', form);
      onChange([...documents, { title: doc.title, sha256: doc.sha256, documentType: type }]);
      setTitle('');
    } catch (e) {
      setProblem(problemLine(t, lang, e));
    } finally {
      setBusy(false);
    }
  };
  const shown = problem ?? error;
  return (
    <fieldset disabled={disabled} data-testid="tender-documents">
      <legend>{t('common.documents')}</legend>
      {documents.length ? (
        <ul>
          {documents.map((d, i) => (
            <li key={d.sha256 + i}>
              {d.title} · {t(`to.doc.${d.documentType}` as 'to.doc.biddingDocuments')} · <span className="hash">{d.sha256.slice(0, 12)}…</span>{' '}
              <button type="button" className="btn ghost small" aria-label={`${t('po.remove')}: ${d.title}`} onClick={() => onChange(documents.filter((_, n) => n !== i))}>
                {t('po.remove')}
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t('po.noDocuments')}</p>
      )}
      <div className="two">
        <div className="field">
          <label htmlFor="tdoc-title">{t('po.docTitle')}</label>
          <input id="tdoc-title" value={title} onChange={(e) => setTitle(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="tdoc-type">{t('po.docKind')}</label>
          <select id="tdoc-type" value={type} onChange={(e) => setType(e.target.value as typeof type)}>
            {TYPES.map((k) => (
              <option key={k} value={k}>
                {t(`to.doc.${k}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="tdoc-file">{t('to.docFile')}</label>
          <input
            id="tdoc-file"
            type="file"
            accept=".pdf,.png,.jpg,.jpeg,.webp"
            disabled={busy}
            aria-invalid={!!shown}
            aria-describedby={shown ? 'tdoc-err' : undefined}
            onChange={(e) => {
              const f = e.target.files?.[0];
              if (f) void add(f);
              e.target.value = '';
            }}
          />
          {busy ? (
            <small role="status" className="muted">
              {t('form.saving')}
            </small>
          ) : null}
          {shown ? (
            <small id="tdoc-err" className="field-error" data-field="/documents">
              {shown}
            </small>
          ) : null}
        </div>
      </div>
    </fieldset>
  );
}
