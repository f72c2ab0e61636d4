// Writes docs/permissions.md from the permission registry and the OpenAPI
// document by calling every route as every role. The probe needs the test
// database set-up, so it runs inside vitest (test/security/permissions.test.ts
// with BERPA_WRITE_PERMISSIONS=1 writes instead of comparing).
//   npx tsx scripts/permissions-doc.ts
import { spawnSync } from 'node:child_process';

const r = spawnSync('npx', ['vitest', 'run', 'test/security/permissions.test.ts'], { stdio: 'inherit', env: { ...process.env, BERPA_WRITE_PERMISSIONS: '1' } });
process.exit(r.status ?? 1);
