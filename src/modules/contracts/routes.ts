import { type TSchema, Type } from '@sinclair/typebox';
import type { App } from '../../http/types.ts';
import { AppError, Errors } from '../../lib/errors.ts';
import { idempotencyKeyOf } from '../../lib/idempotency.ts';
import { IdParams, Problem } from '../../lib/schemas.ts';
import * as S from './schema.ts';
import { completion, contracts, flags, milestones, money, payments, progress, variations } from './service.ts';

const tags = ['contracts'];
const errs = { 400: Problem, 403: Problem, 404: Problem, 409: Problem, 422: Problem };
const ok = (view: TSchema) => ({ 200: view, ...errs });
const created = (view: TSchema) => ({ 201: view, ...errs, 413: Problem, 415: Problem });
const C = '/api/v1/contracts';

export default async function contractRoutes(app: App) {
  app.get(C, { schema: { tags, summary: 'Contracts in execution', querystring: S.ListQuery, response: { 200: S.ContractList } } }, async (req) =>
    contracts.list(req.ctx, req.query),
  );
  app.get(
    `${C}/:id`,
    {
      schema: {
        tags,
        summary: 'One contract: parties, value, lots, projects, guarantees, milestones, progress, payments, variations, history',
        params: IdParams,
        response: ok(S.ContractPage),
      },
    },
    async (req) => contracts.get(req.ctx, req.params.id),
  );
  app.post(
    `${C}/:id/guarantees`,
    { schema: { tags, summary: 'Add a guarantee (performance or advance payment)', params: IdParams, body: S.GuaranteeInput, response: ok(S.ContractView) } },
    async (req) => contracts.addGuarantee(req.ctx, req.params.id, req.body),
  );
  app.post(
    `${C}/:id/documents`,
    { schema: { tags, summary: 'Attach an uploaded document', params: IdParams, body: S.DocumentLinkInput, response: ok(S.ContractView) } },
    async (req) => contracts.addDocument(req.ctx, req.params.id, req.body),
  );

  app.post(
    `${C}/:id/milestones`,
    { schema: { tags, summary: 'Plan milestones', params: IdParams, body: S.MilestonesInput, response: created(Type.Object({ items: Type.Array(S.MilestoneView) })) } },
    async (req, reply) => reply.status(201).send({ items: await milestones.plan(req.ctx, req.params.id, req.body) }),
  );
  app.post('/api/v1/milestones/:id/submit', { schema: { tags, summary: 'Supplier: the milestone is done', params: IdParams, response: ok(S.MilestoneView) } }, async (req) =>
    milestones.submit(req.ctx, req.params.id),
  );
  app.post(
    '/api/v1/milestones/:id/decision',
    { schema: { tags, summary: 'Accept or reject (with reasons) a submitted milestone', params: IdParams, body: S.DecisionInput, response: ok(S.MilestoneView) } },
    async (req) => milestones.decide(req.ctx, req.params.id, req.body),
  );

  app.post(
    `${C}/:id/progress-reports`,
    { schema: { tags, summary: 'Supplier: report progress', params: IdParams, body: S.ReportInput, response: created(S.ReportView) } },
    async (req, reply) => reply.status(201).send(await progress.report(req.ctx, req.params.id, req.body)),
  );
  app.post(
    '/api/v1/progress-reports/:id/photos',
    {
      schema: {
        tags,
        summary: 'Supplier: add a photo (multipart: offSiteReason?, then file)',
        consumes: ['multipart/form-data'],
        params: IdParams,
        response: created(S.PhotoView),
      },
    },
    async (req, reply) => {
      if (!req.isMultipart()) throw new AppError(Errors.unsupportedMediaType, 'send multipart/form-data', { errors: [{ field: '/body', message: 'not multipart' }] });
      const max = req.ctx.config.uploadMaxBytes;
      let data: Buffer | undefined;
      let offSiteReason: string | undefined;
      for await (const part of req.parts({ limits: { fileSize: max, files: 1, fields: 3 } })) {
        if (part.type === 'file') {
          data = await part.toBuffer();
          if (part.file.truncated)
            throw new AppError(Errors.payloadTooLarge, `photos are limited to ${max} bytes`, {
              errors: [{ field: '/body/file', message: 'too large', code: 'file_too_large', params: { limit: max } }],
            });
        } else if (part.fieldname === 'offSiteReason') {
          offSiteReason = String(part.value).trim();
          // A multipart field skips the JSON body's NUL guard; PostgreSQL text cannot hold U+0000.
          if (offSiteReason.includes('\u0000'))
            throw new AppError(Errors.validation, 'offSiteReason contains a NUL character', { errors: [{ field: '/body/offSiteReason', message: 'contains a NUL character' }] });
          if (offSiteReason.length < 3 || offSiteReason.length > 2000)
            throw new AppError(Errors.validation, 'offSiteReason is 3–2000 characters', { errors: [{ field: '/body/offSiteReason', message: 'invalid' }] });
        } else {
          throw new AppError(Errors.validation, `unknown field ${part.fieldname}`, { errors: [{ field: `/body/${part.fieldname}`, message: 'unknown field' }] });
        }
      }
      if (!data) throw new AppError(Errors.validation, 'the photo is missing', { errors: [{ field: '/body/file', message: 'is required', code: 'required' }] });
      return reply.status(201).send(await progress.addPhoto(req.ctx, req.params.id, { data, offSiteReason }));
    },
  );
  app.post(
    '/api/v1/progress-reports/:id/decision',
    { schema: { tags, summary: 'Accept or reject a progress report', params: IdParams, body: S.DecisionInput, response: ok(S.ReportView) } },
    async (req) => progress.decide(req.ctx, req.params.id, req.body),
  );
  app.get(
    `${C}/photos/:id`,
    {
      schema: {
        tags,
        summary: 'A progress photo: page-sized JPEG, or ?original=1',
        params: IdParams,
        querystring: S.PhotoQuery,
        response: {
          200: {
            description: 'the image bytes (JPEG, or the original as uploaded)',
            content: { 'image/*': { schema: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }) } },
          },
        },
      },
    },
    async (req, reply) => {
      const p = await progress.photoBytes(req.ctx, req.params.id, req.query.original === '1');
      return reply
        .type(p.mediaType)
        .header('x-content-sha256', p.sha256)
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'public, max-age=31536000, immutable')
        .send(p.data);
    },
  );

  app.post(
    `${C}/:id/payments`,
    {
      schema: {
        tags,
        summary: 'Request a payment (milestone, advance, retention); Idempotency-Key honoured',
        params: IdParams,
        body: S.PaymentRequestInput,
        response: created(S.PaymentView),
      },
    },
    async (req, reply) => reply.status(201).send(await payments.request(req.ctx, req.params.id, req.body, idempotencyKeyOf(req.headers))),
  );
  app.post('/api/v1/payments/:id/approve', { schema: { tags, summary: 'Approve a payment (not its requester)', params: IdParams, response: ok(S.PaymentView) } }, async (req) =>
    payments.approve(req.ctx, req.params.id),
  );
  app.post(
    '/api/v1/payments/:id/reject',
    { schema: { tags, summary: 'Reject a payment request', params: IdParams, body: S.RejectInput, response: ok(S.PaymentView) } },
    async (req) => payments.reject(req.ctx, req.params.id, req.body.reason),
  );
  app.post(
    '/api/v1/payments/:id/pay',
    { schema: { tags, summary: 'Record the payment made (date, funding source, pledge)', params: IdParams, body: S.PayInput, response: ok(S.PaymentView) } },
    async (req) => payments.pay(req.ctx, req.params.id, req.body),
  );

  app.post(
    `${C}/:id/variations`,
    { schema: { tags, summary: 'Record a variation (value, period, scope) with its reason', params: IdParams, body: S.VariationInput, response: created(S.VariationView) } },
    async (req, reply) => reply.status(201).send(await variations.propose(req.ctx, req.params.id, req.body)),
  );
  app.post(
    '/api/v1/variations/:id/decision',
    { schema: { tags, summary: 'Second approval of a variation above the threshold', params: IdParams, body: S.VariationDecisionInput, response: ok(S.VariationView) } },
    async (req) => variations.approve(req.ctx, req.params.id, req.body),
  );
  app.post(`${C}/:id/complete`, { schema: { tags, summary: 'Final acceptance', params: IdParams, body: S.CompleteInput, response: ok(S.ContractView) } }, async (req) =>
    completion.complete(req.ctx, req.params.id, req.body),
  );
  app.post(`${C}/:id/terminate`, { schema: { tags, summary: 'Terminate with reason', params: IdParams, body: S.TerminateInput, response: ok(S.ContractView) } }, async (req) =>
    completion.terminate(req.ctx, req.params.id, req.body),
  );

  app.get('/api/v1/red-flags/definitions', { schema: { tags, summary: 'Every red flag: definition, source, threshold', response: { 200: S.FlagDefinitions } } }, async () => ({
    items: flags.definitions(),
  }));
  app.get(
    '/api/v1/red-flags',
    {
      schema: {
        tags,
        summary: 'Red flags computed from the data, filtered (?format=csv for a spreadsheet)',
        querystring: S.FlagQuery,
        response: { 200: { description: 'JSON, or CSV with format=csv', content: { 'application/json': { schema: S.RedFlagList }, 'text/csv': { schema: Type.String() } } } },
      },
    },
    async (req, reply) => {
      const items = await flags.list(req.ctx, req.query);
      if (req.query.format === 'csv') return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="red-flags.csv"').send(flags.csv(items));
      return { items };
    },
  );
  app.get(`${C}/:id/red-flags`, { schema: { tags, summary: "One contract's red flags", params: IdParams, response: { 200: S.RedFlagList } } }, async (req) => ({
    items: await flags.ofContract(req.ctx, req.params.id),
  }));
  app.get(
    '/api/v1/follow-the-money/:country',
    {
      schema: {
        tags,
        summary: "A partner country's pledges followed to contracts, payments, outputs and km² rebuilt",
        params: S.CountryParams,
        response: { 200: S.FollowTheMoney },
      },
    },
    async (req) => money.forCountry(req.ctx, req.params.country),
  );
}
