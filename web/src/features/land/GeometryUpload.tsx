import { useState } from 'react';
import { useI18n } from '../../app/i18n.tsx';
import { problemLine } from '../../app/problem-text.ts';
import { isPreview, type LandKind, sendImport } from './importApi.ts';

/**
 * The outline of one record, from a file (GeoJSON, KML/KMZ, zipped Shapefile,
 * GeoPackage): the file goes through the import's dry run, which reads any of
 * these formats, reprojects to WGS 84 and writes nothing; the first feature's
 * geometry is taken. The file's attributes do not matter here.
 */
export function GeometryUpload({
  kind,
  id,
  invalid,
  describedBy,
  onGeometry,
}: {
  kind: LandKind;
  id: string;
  invalid: boolean;
  describedBy?: string;
  onGeometry: (g: unknown | null) => void;
}) {
  const { t, lang } = useI18n();
  const [note, setNote] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const read = async (file: File | undefined) => {
    if (!file) return;
    setBusy(true);
    setNote(null);
    try {
      const r = await sendImport(kind, file, file.name, true);
      const first = isPreview(r) ? r.preview.features.find((f) => f.geometry) : undefined;
      onGeometry(first?.geometry ?? null);
      setNote(first ? t('land.geometryRead', { name: file.name, count: isPreview(r) ? r.features : 1 }) : t('land.geometryNone'));
    } catch (e) {
      onGeometry(null);
      setNote(problemLine(t, lang, e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <input
        id={id}
        type="file"
        accept=".geojson,.json,.kml,.kmz,.zip,.gpkg"
        aria-invalid={invalid}
        aria-describedby={describedBy}
        disabled={busy}
        onChange={(e) => void read(e.target.files?.[0])}
        data-testid="geometry-file"
      />
      {note ? (
        <small className="muted" aria-live="polite" data-testid="geometry-note">
          {note}
        </small>
      ) : null}
    </>
  );
}
