import type { Area } from '../api/types.ts';
import { api } from './api.ts';
import { useI18n } from './i18n.tsx';
import { useLoad } from './ui.tsx';

/**
 * District names by code ("AZ-SUS") or id, in the visitor's language, from the
 * one districts list every page shares (one request, cached by its path).
 */
export function useDistrictName(): (codeOrId: string | null | undefined) => string {
  const { pick } = useI18n();
  const districts = useDistricts();
  return (key) => {
    if (!key) return '';
    const a = districts.find((x) => x.code === key || x.id === key);
    return (a ? pick(a.name) : '') || '';
  };
}

/** Every district (empty until the list arrives), from the same one request. */
export function useDistricts(): Area[] {
  const res = useLoad((signal) => api<{ items: Area[] }>('/api/v1/areas?level=district', { signal }), ['/api/v1/areas', 'district', 'names']);
  return res.state === 'ok' && res.data ? res.data.items : [];
}
