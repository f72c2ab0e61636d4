import { useState } from 'react';
import { StatusChangeInput } from '../../../../src/modules/projects/schema.ts';
import type { Project, StoredDocument } from '../../api/types.ts';
import { api, upload } from '../../app/api.ts';
import { Field, FormError, useForm } from '../../app/form.tsx';
import { useI18n } from '../../app/i18n.tsx';
import { problemLine } from '../../app/problem-text.ts';
import { invalidate, queryClient } from '../../app/query.ts';
import { Card } from '../../app/ui.tsx';
import type { MessageKey } from '../../i18n/index.ts';

const STATUSES = ['identification', 'preparation', 'implementation', 'completion', 'cancelled'] as const;
const KINDS = [
  'photoBefore',
  'photoDamaged',
  'photoInProgress',
  'photoComplete',
  'projectScope',
  'feasibilityStudy',
  'environmentalImpact',
  'landAndSettlementImpact',
  'budgetApproval',
  'completionCertificate',
  'finalAudit',
  'other',
] as const;
const LEVELS = ['open', 'limited', 'restricted'] as const;
/** The documents module names the open level "public"; projects call it "open" (OC4IDS). */
const STORE_LEVEL: Record<(typeof LEVELS)[number], string> = { open: 'public', limited: 'limited', restricted: 'restricted' };

/** On a saved project: its status with a reason, and its documents and photos. */
export function ProjectRecords({ project }: { project: Project }) {
  return (
    <div className="stack">
      <StatusChange project={project} />
      <Documents project={project} />
    </div>
  );
}

function refresh(p: Project) {
  queryClient.setQueryData([`/api/v1/projects/${p.id}`], { value: p });
  return invalidate('/api/v1/projects', '/api/v1/geo/projects');
}

function StatusChange({ project }: { project: Project }) {
  const { t } = useI18n();
  const next = STATUSES.filter((s) => s !== project.status);
  const form = useForm({ status: next[0], reason: '' }, StatusChangeInput);
  const v = form.values;
  const send = async () => {
    const r = await form.submit((body) => api<Project>(`/api/v1/projects/${project.id}/status`, { method: 'POST', body }));
    if (r) await refresh(r);
  };
  return (
    <Card title={t('po.statusTitle')}>
      <p data-testid="project-status">
        {t('common.status')}: <strong>{t(`status.${project.status}` as MessageKey)}</strong>
      </p>
      <form
        className="form"
        noValidate
        data-testid="status-form"
        onSubmit={(e) => {
          e.preventDefault();
          void send();
        }}
      >
        <FormError message={form.formError} detail={form.formDetail} />
        <Field label={t('po.newStatus')} at="/status" errors={form.errors} scope="status">
          {(a) => (
            <select {...a} value={v.status} onChange={(e) => form.set({ status: e.target.value as typeof v.status })}>
              {next.map((s) => (
                <option key={s} value={s}>
                  {t(`status.${s}` as MessageKey)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('po.reason')} at="/reason" errors={form.errors} scope="status">
          {(a) => <textarea {...a} rows={2} value={v.reason} onChange={(e) => form.set({ reason: e.target.value })} />}
        </Field>
        <div>
          <button className="btn" type="submit" disabled={form.busy} data-testid="status-submit">
            {t('po.changeStatus')}
          </button>
        </div>
      </form>
    </Card>
  );
}

/** Upload to the documents module, then attach to the project with its kind and access level. */
function Documents({ project }: { project: Project }) {
  const { t, fmt, lang } = useI18n();
  const [kind, setKind] = useState<(typeof KINDS)[number]>('photoBefore');
  const [level, setLevel] = useState<(typeof LEVELS)[number]>('open');
  const [title, setTitle] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // A new key empties the file input after an upload (its value cannot be set).
  const [inputKey, setInputKey] = useState(0);
  const send = async () => {
    if (!file || !title.trim()) {
      setError(t('po.docNeeds'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const form = new FormData();
      form.append('title', title.trim());
      form.append('documentType', kind);
      form.append('accessLevel', STORE_LEVEL[level]);
      form.append('file', file, file.name);
      const doc = await upload<StoredDocument>('/api/v1/documents', form);
      await refresh(await api<Project>(`/api/v1/projects/${project.id}/documents`, { method: 'POST', body: { documentId: doc.id, kind, accessLevel: level } }));
      setTitle('');
      setFile(null);
      setInputKey((n) => n + 1);
    } catch (e) {
      setError(problemLine(t, lang, e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title={t('po.documents')}>
      {project.documents.length ? (
        <ul data-testid="project-documents">
          {project.documents.map((d) => (
            <li key={d.documentId}>
              <a href={`/api/v1/documents/${d.documentId}/content`}>{d.title}</a> · {t(`po.kind.${d.kind}` as MessageKey)} · {t(`po.level.${d.accessLevel}` as MessageKey)} ·{' '}
              {fmt.date(d.createdAt)}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t('po.noDocuments')}</p>
      )}
      <form
        className="form"
        noValidate
        data-testid="document-form"
        onSubmit={(e) => {
          e.preventDefault();
          void send();
        }}
      >
        {error ? (
          <p className="error" role="alert">
            {error}
          </p>
        ) : null}
        <div className="field">
          <label htmlFor="doc-title">{t('po.docTitle')}</label>
          <input id="doc-title" value={title} onChange={(e) => setTitle(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="doc-kind">{t('po.docKind')}</label>
          <select id="doc-kind" value={kind} onChange={(e) => setKind(e.target.value as typeof kind)}>
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`po.kind.${k}` as MessageKey)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="doc-level">{t('po.docLevel')}</label>
          <select id="doc-level" value={level} onChange={(e) => setLevel(e.target.value as typeof level)}>
            {LEVELS.map((k) => (
              <option key={k} value={k}>
                {t(`po.level.${k}` as MessageKey)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="doc-file">{t('po.docFile')}</label>
          <input key={inputKey} id="doc-file" type="file" accept=".pdf,.png,.jpg,.jpeg,.webp" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        </div>
        <div>
          <button className="btn" type="submit" disabled={busy} data-testid="document-submit">
            {busy ? t('form.saving') : t('po.attach')}
          </button>
        </div>
      </form>
    </Card>
  );
}
