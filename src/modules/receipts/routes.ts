import type { App } from '../../http/types.ts';
import { Problem } from '../../lib/schemas.ts';
import { PublicKey, SignedReceipt, VerifyResult } from './schema.ts';
import * as service from './service.ts';

const tags = ['receipts'];

/** Public: bidders fetch the key once and verify receipts offline. */
export default async function receiptRoutes(app: App) {
  app.get('/api/v1/receipts/public-key', { schema: { tags, summary: 'The platform key that signs bid receipts (Ed25519)', response: { 200: PublicKey } } }, async (req) =>
    service.publicKey(req.ctx),
  );

  app.post(
    '/api/v1/receipts/verify',
    {
      schema: {
        tags,
        summary: 'Check a bid receipt against the platform key (a convenience: the same check runs offline)',
        body: SignedReceipt,
        response: { 200: VerifyResult, 400: Problem },
      },
    },
    async (req) => service.verify(req.ctx, req.body),
  );
}
