import { PGlite } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';
let t=Date.now();
const db = new PGlite('/tmp/pgl1',{ extensions: { postgis } });
await db.waitReady; console.log('ready', Date.now()-t);
await db.exec('create extension if not exists postgis'); console.log('postgis', Date.now()-t);
t=Date.now();
if (db.clone) { const c = await db.clone(); await c.query('select 1'); console.log('clone', Date.now()-t); }
t=Date.now();
const f = await db.dumpDataDir('none'); console.log('dump', Date.now()-t, f.size);
await db.close();
t=Date.now();
const d2 = new PGlite({ loadDataDir: f, extensions: { postgis } }); await d2.waitReady; await d2.query("select ST_AsText(ST_Point(1,2))"); console.log('load', Date.now()-t);
t=Date.now();
const d3 = new PGlite('/tmp/pgl1',{ extensions: { postgis } }); await d3.waitReady; await d3.query("select ST_AsText(ST_Point(1,2))"); console.log('reopen', Date.now()-t);
