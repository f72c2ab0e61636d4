import { codeLabel, TOP_SECTORS } from '../../app/codes.ts';
import { useDistricts } from '../../app/districts.ts';
import { useI18n } from '../../app/i18n.tsx';
import { navigate } from '../../app/router.tsx';
import { countryName } from '../../lib/regions.ts';

type Filters = { sector?: string; district?: string; eligibility?: string };

/**
 * Sector, district and eligibility (a partner country) for the tenders list.
 * Each change rewrites the address (replace: the back button leaves the list
 * rather than stepping through every choice); districts go by their code,
 * which reads well in a shared link.
 */
export function TenderFilters({ filters, partnerCountries }: { filters: Filters; partnerCountries: string[] }) {
  const { t, lang, pick } = useI18n();
  const districts = useDistricts()
    .map((d) => ({ code: d.code, name: pick(d.name) || d.code }))
    .sort((a, b) => a.name.localeCompare(b.name, lang));
  const countries = partnerCountries.map((c) => ({ code: c, name: countryName(lang, c) })).sort((a, b) => a.name.localeCompare(b.name, lang));
  const set = (k: keyof Filters, v: string) => {
    const next = new URLSearchParams(window.location.search);
    if (v) next.set(k, v);
    else next.delete(k);
    const q = next.toString();
    navigate(`/tenders${q ? `?${q}` : ''}`, { replace: true });
  };
  const any = Boolean(filters.sector || filters.district || filters.eligibility);
  return (
    <form className="tender-filters card" role="search" aria-label={t('tenders.filters')} onSubmit={(e) => e.preventDefault()} data-testid="tender-filters">
      <label>
        {t('common.sector')}
        <select name="sector" value={filters.sector ?? ''} onChange={(e) => set('sector', e.target.value)}>
          <option value="">{t('tenders.anySector')}</option>
          {TOP_SECTORS.map((s) => (
            <option key={s} value={s}>
              {codeLabel(lang, 'sector', s)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('common.district')}
        <select name="district" value={filters.district ?? ''} onChange={(e) => set('district', e.target.value)}>
          <option value="">{t('tenders.anyDistrict')}</option>
          {/* A district in the address that the list does not hold (yet) still shows as chosen. */}
          {filters.district && !districts.some((d) => d.code === filters.district) ? <option value={filters.district}>{filters.district}</option> : null}
          {districts.map((d) => (
            <option key={d.code} value={d.code}>
              {d.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('tenders.eligibleFor')}
        <select name="eligibility" value={filters.eligibility ?? ''} onChange={(e) => set('eligibility', e.target.value)}>
          <option value="">{t('tenders.anyCountry')}</option>
          {filters.eligibility && !countries.some((c) => c.code === filters.eligibility) ? (
            <option value={filters.eligibility}>{countryName(lang, filters.eligibility)}</option>
          ) : null}
          {countries.map((c) => (
            <option key={c.code} value={c.code}>
              {c.name}
            </option>
          ))}
        </select>
      </label>
      {any ? (
        <button type="button" className="btn ghost small" onClick={() => navigate('/tenders', { replace: true })}>
          {t('tenders.clearFilters')}
        </button>
      ) : null}
    </form>
  );
}
