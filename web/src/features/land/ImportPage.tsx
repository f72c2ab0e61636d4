import { useState } from 'react';
import type { LandImportPreview, LandImportResult } from '../../api/types.ts';
import { FormError, useUnsavedWarning } from '../../app/form.tsx';
import { useI18n } from '../../app/i18n.tsx';
import { problemLine } from '../../app/problem-text.ts';
import { invalidate } from '../../app/query.ts';
import { Link } from '../../app/router.tsx';
import { Card, Dl, PageTitle } from '../../app/ui.tsx';
import { isPreview, type LandKind, sendImport } from './importApi.ts';
import PreviewMap from './PreviewMap.tsx';

/**
 * Upload a file of hazardous areas, releases or areas; the dry run shows every
 * feature on the map with its errors before anything is written; confirming
 * sends the same file again for real (all or nothing).
 */
export default function ImportPage() {
  const { t, fmt, lang } = useI18n();
  const [kind, setKind] = useState<LandKind>('hazards');
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<LandImportPreview | null>(null);
  const [done, setDone] = useState<LandImportResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useUnsavedWarning(!!preview && !done && preview.refused === 0);

  const run = async (dryRun: boolean) => {
    if (!file || busy) return;
    setBusy(true);
    setError(null);
    try {
      const r = await sendImport(kind, file, file.name, dryRun);
      if (isPreview(r)) setPreview(r);
      else {
        setDone(r);
        await invalidate('/api/v1/land', '/api/v1/areas');
      }
    } catch (e) {
      setError(problemLine(t, lang, e));
    } finally {
      setBusy(false);
    }
  };

  if (done) {
    return (
      <div className="page">
        <PageTitle title={t('land.importDone')}>{t('land.importDone')}</PageTitle>
        <Card>
          <Dl
            rows={[
              [t('land.imported'), <span data-testid="imported-count">{fmt.number(done.imported)}</span>],
              [t('land.sourceCrs'), done.sourceCrs],
              [t('land.encoding'), done.encoding ?? '—'],
            ]}
          />
        </Card>
        {done.kind === 'hazards' || done.kind === 'releases' ? <ImportedRecords kind={done.kind} ids={done.ids} /> : null}
      </div>
    );
  }
  return (
    <div className="page">
      <PageTitle title={t('land.importTitle')}>{t('land.importTitle')}</PageTitle>
      <form
        className="form card"
        noValidate
        data-testid="import-form"
        onSubmit={(e) => {
          e.preventDefault();
          void run(true);
        }}
      >
        <FormError message={error} />
        <div className="field">
          <label htmlFor="f-kind">{t('land.kind')}</label>
          <select
            id="f-kind"
            value={kind}
            onChange={(e) => {
              setKind(e.target.value as LandKind);
              setPreview(null);
            }}
          >
            <option value="hazards">{t('land.kind.hazards')}</option>
            <option value="releases">{t('land.kind.releases')}</option>
            <option value="areas">{t('land.kind.areas')}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-file">{t('land.file')}</label>
          <input
            id="f-file"
            type="file"
            accept=".geojson,.json,.kml,.kmz,.zip,.gpkg"
            aria-describedby="f-file-hint"
            data-testid="import-file"
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              setPreview(null);
            }}
          />
          <small id="f-file-hint" className="muted">
            {t('land.fileHint')}
          </small>
        </div>
        <button className="btn" type="submit" disabled={!file || busy} data-testid="import-check">
          {busy ? t('land.checking') : t('land.check')}
        </button>
      </form>
      {preview ? (
        <Card title={t('land.previewTitle')}>
          <p aria-live="polite" data-testid="preview-summary">
            {t('land.previewSummary', { features: preview.features, create: preview.wouldCreate, update: preview.wouldUpdate, refused: preview.refused })}
          </p>
          <PreviewMap preview={preview.preview} />
          {preview.errors.length ? (
            <>
              <h2 className="h3">{t('land.problems')}</h2>
              <ul className="errors" data-testid="preview-errors">
                {preview.errors.map((e, i) => (
                  <li key={i}>
                    <code>{e.field}</code>: {e.message}
                  </li>
                ))}
              </ul>
              <p className="muted">{t('land.fixAndRetry')}</p>
            </>
          ) : (
            <button className="btn" type="button" disabled={busy} data-testid="import-confirm" onClick={() => void run(false)}>
              {busy ? t('form.saving') : t('land.confirm', { count: preview.wouldCreate + preview.wouldUpdate })}
            </button>
          )}
        </Card>
      ) : null}
    </div>
  );
}

/** Each record the import wrote, linked to its page (the first 100; the import record keeps them all). */
function ImportedRecords({ kind, ids }: { kind: 'hazards' | 'releases'; ids: string[] }) {
  const { t } = useI18n();
  const shown = ids.slice(0, 100);
  return (
    <Card title={t('landrec.imported')}>
      <ol className="list" data-testid="imported-records">
        {shown.map((id, i) => (
          <li key={id}>
            <Link href={`/land/${kind}/${id}`}>{t('landrec.recordN', { n: i + 1 })}</Link>
          </li>
        ))}
      </ol>
      {ids.length > shown.length ? <p className="muted">{t('landrec.more', { count: shown.length })}</p> : null}
    </Card>
  );
}
