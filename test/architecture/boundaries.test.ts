import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { declaredTables, MODULES_DIR, moduleNames, publishedSurfaces, tablesInSource, tablesNamed } from './scan.ts';

/**
 * Each module owns its tables (declared in its tables.ts) and publishes what
 * others may read as views (its `…Surfaces` interface). This fails when a
 * module's SQL — a query builder call or a sql`…` template — names a table of
 * another module that is not one of that module's published surfaces.
 *
 * There are no exceptions: a read that needs more than a module publishes
 * gets a new view in the owning module's migrations (or a repo function that
 * module exports for the purpose), never a read of its tables.
 */

/** Tables that hold sealed-bid data: read outside Tenders only through opened_bid / opened_bid_price / opened_tender. */
const SEALED = ['bid', 'bid_price', 'tender_opening', 'opening_share', 'tender_committee'];

function ownership() {
  const owner = new Map<string, string>();
  for (const m of moduleNames()) {
    for (const t of declaredTables(m)) {
      expect(owner.get(t), `${t} is declared by two modules`).toBeUndefined();
      owner.set(t, m);
    }
  }
  return owner;
}

/** `file -> table` for every table a module names that another module owns and does not publish; `named` is the scanner (replaced in the self-test). */
function crossings(named: (m: string) => { table: string; file: string }[] = tablesNamed) {
  const owner = ownership();
  const found = new Set<string>();
  for (const m of moduleNames()) {
    for (const { table, file } of named(m)) {
      const o = owner.get(table);
      if (!o || o === m || publishedSurfaces(o).includes(table)) continue;
      found.add(`${file} -> ${table}`);
    }
  }
  return found;
}

describe('module boundaries', () => {
  it('every module has a tables.ts', () => {
    expect(moduleNames().filter((m) => !fs.existsSync(path.join(MODULES_DIR, m, 'tables.ts')))).toEqual([]);
  });

  it('the scanner sees the tables (it would pass vacuously otherwise)', () => {
    const owner = ownership();
    expect(owner.get('bid')).toBe('tenders');
    expect(owner.get('audit_event')).toBe('audit');
    expect(publishedSurfaces('tenders')).toContain('opened_bid');
    expect(tablesNamed('stats').map((x) => x.table)).toContain('opened_bid');
  });

  it('no module reads the sealed-bid tables of Tenders; they read the opened_* views', () => {
    const owner = ownership();
    const offenders = moduleNames()
      .filter((m) => m !== 'tenders')
      .flatMap((m) =>
        tablesNamed(m)
          .filter((x) => SEALED.includes(x.table) && owner.get(x.table) === 'tenders')
          .map((x) => `${x.file} -> ${x.table}`),
      );
    expect(offenders).toEqual([]);
  });

  it("no module's SQL names another module's table", () => {
    expect([...crossings()].sort(), 'reads of another module’s tables: read its service or a view it publishes').toEqual([]);
  });

  it('a crossing in a module’s SQL is found (the check above cannot pass vacuously)', () => {
    // A file stats might gain: two crossings (builder and template), one published view, one own alias.
    const planted = [
      ".selectFrom('app_user').select('id')",
      'sql`select sum(value_amount) from contract c join organisation_party o on o.id = c.supplier_org_id`',
      ".selectFrom('signed_contract as c')",
    ].join('\n');
    const found = crossings((m) => [...tablesNamed(m), ...(m === 'stats' ? tablesInSource(planted).map((table) => ({ table, file: 'stats/planted.ts' })) : [])]);
    expect([...found].sort()).toEqual(['stats/planted.ts -> app_user', 'stats/planted.ts -> contract']);
  });
});
