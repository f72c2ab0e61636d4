import type { TSchema } from '@sinclair/typebox';
import { cacheUntil } from '../../http/public-cache.ts';
import type { App } from '../../http/types.ts';
import { idempotencyKeyOf } from '../../lib/idempotency.ts';
import { Problem } from '../../lib/schemas.ts';
import { nextPhaseChange } from './present.ts';
import * as S from './schema.ts';
import { amendments, awards, bids, complaints, enquiries, evaluation, opening, tenders } from './service.ts';
import * as V from './views.ts';

const tags = ['tenders'];
const base = '/api/v1/tenders';
const refusals = { 400: Problem, 403: Problem, 404: Problem, 409: Problem };
const ok = <T extends TSchema>(body: T) => ({ 200: body, ...refusals });
const created = <T extends TSchema>(body: T) => ({ 201: body, ...refusals, 422: Problem });

export default async function tenderRoutes(app: App) {
  app.post(`${base}`, { schema: { tags, summary: 'Create a draft tender (Idempotency-Key honoured)', body: S.TenderInput, response: created(V.TenderView) } }, async (req, reply) =>
    reply.status(201).send(await tenders.create(req.ctx, req.body, idempotencyKeyOf(req.headers))),
  );
  app.get(
    `${base}`,
    {
      schema: {
        tags,
        summary: 'List tenders (filters: status, sector, district, eligibility — the tenders feed’s)',
        querystring: S.TenderListQuery,
        response: { 200: V.TenderPage, 400: Problem },
      },
    },
    async (req) => {
      const page = await tenders.list(req.ctx, req.query);
      cacheUntil(req, nextPhaseChange(page.items));
      return page;
    },
  );
  app.get(`${base}/:id`, { schema: { tags, summary: 'One tender', params: S.TenderParams, response: ok(V.TenderView) } }, async (req) => {
    const v = await tenders.get(req.ctx, req.params.id);
    cacheUntil(req, nextPhaseChange([v]));
    return v;
  });
  app.put(
    `${base}/:id`,
    {
      schema: {
        tags,
        summary: 'Replace a draft tender (the edit form sends it whole); committee and k fixed once the opening key is set',
        params: S.TenderParams,
        body: S.TenderInput,
        response: ok(V.TenderView),
      },
    },
    async (req) => tenders.updateDraft(req.ctx, req.params.id, req.body),
  );
  app.post(`${base}/:id/publish`, { schema: { tags, summary: 'Publish a draft', params: S.TenderParams, response: ok(V.TenderView) } }, async (req) =>
    tenders.publish(req.ctx, req.params.id),
  );
  app.post(`${base}/:id/cancel`, { schema: { tags, summary: 'Cancel with a reason', params: S.TenderParams, body: S.CancelInput, response: ok(V.TenderView) } }, async (req) =>
    tenders.cancel(req.ctx, req.params.id, req.body.reason),
  );
  app.put(
    `${base}/:id/opening-key`,
    { schema: { tags, summary: 'Committee: set the opening public key and sealed shares', params: S.TenderParams, body: S.OpeningKeyInput, response: ok(V.TenderView) } },
    async (req) => tenders.setupOpeningKey(req.ctx, req.params.id, req.body),
  );
  app.get(
    '/api/v1/committee/members',
    { schema: { tags, summary: 'Operators: users who can sit on an opening committee, and whether each has registered a key', response: ok(V.CommitteeCandidates) } },
    async (req) => tenders.committeeCandidates(req.ctx),
  );
  app.put(
    '/api/v1/committee/key',
    { schema: { tags, summary: "Committee member: register one's own X25519 public key", body: S.MemberKeyInput, response: ok(V.MemberKeyView) } },
    async (req) => tenders.registerMemberKey(req.ctx, req.body.publicKey),
  );

  app.get(`${base}/:id/enquiries`, { schema: { tags, summary: 'Public questions and answers', params: S.TenderParams, response: ok(V.EnquiryList) } }, async (req) =>
    enquiries.list(req.ctx, req.params.id),
  );
  app.post(
    `${base}/:id/enquiries`,
    { schema: { tags, summary: 'Ask a question', params: S.TenderParams, body: S.EnquiryInput, response: created(V.EnquiryView) } },
    async (req, reply) => reply.status(201).send(await enquiries.ask(req.ctx, req.params.id, req.body)),
  );
  app.post(
    `${base}/:id/enquiries/:sub/answer`,
    { schema: { tags, summary: 'Answer a question', params: S.TenderSubParams, body: S.AnswerInput, response: ok(V.EnquiryView) } },
    async (req) => enquiries.answer(req.ctx, req.params.id, req.params.sub, req.body.answer),
  );
  app.get(`${base}/:id/amendments`, { schema: { tags, summary: 'Amendments', params: S.TenderParams, response: ok(V.AmendmentList) } }, async (req) =>
    amendments.list(req.ctx, req.params.id),
  );
  app.post(
    `${base}/:id/amendments`,
    {
      schema: {
        tags,
        summary: 'Amend a published tender with a reason (Idempotency-Key honoured)',
        params: S.TenderParams,
        body: S.AmendmentInput,
        response: created(V.AmendResult),
      },
    },
    async (req, reply) => reply.status(201).send(await amendments.amend(req.ctx, req.params.id, req.body, idempotencyKeyOf(req.headers))),
  );

  const bidLimit = 24 * 1024 * 1024;
  app.post(
    `${base}/:id/bids`,
    { bodyLimit: bidLimit, schema: { tags, summary: 'Submit a sealed bid (Idempotency-Key honoured)', params: S.TenderParams, body: S.BidInput, response: created(V.BidView) } },
    async (req, reply) => reply.status(201).send(await bids.submit(req.ctx, req.params.id, req.body, idempotencyKeyOf(req.headers))),
  );
  app.put(
    `${base}/:id/bids/mine`,
    { bodyLimit: bidLimit, schema: { tags, summary: 'Replace your live bid before the deadline', params: S.TenderParams, body: S.BidInput, response: ok(V.BidView) } },
    async (req) => bids.replace(req.ctx, req.params.id, req.body, idempotencyKeyOf(req.headers)),
  );
  app.delete(`${base}/:id/bids/mine`, { schema: { tags, summary: 'Withdraw your live bid before the deadline', params: S.TenderParams, response: ok(V.BidView) } }, async (req) =>
    bids.withdraw(req.ctx, req.params.id),
  );
  app.get(`${base}/:id/bids/mine`, { schema: { tags, summary: "Your organisation's bids and receipts", params: S.TenderParams, response: ok(V.BidList) } }, async (req) =>
    bids.mine(req.ctx, req.params.id),
  );

  app.get(`${base}/:id/opening/my-share`, { schema: { tags, summary: 'Committee member: your sealed share', params: S.TenderParams, response: ok(V.MyShare) } }, async (req) =>
    opening.myShare(req.ctx, req.params.id),
  );
  app.post(
    `${base}/:id/opening/shares`,
    { schema: { tags, summary: 'Committee member: submit your decrypted share', params: S.TenderParams, body: S.ShareInput, response: { ...ok(V.ShareResult), 422: Problem } } },
    async (req) => opening.submitShare(req.ctx, req.params.id, req.body.share),
  );
  app.get(`${base}/:id/opening`, { schema: { tags, summary: 'The published opening record', params: S.TenderParams, response: ok(V.OpeningRecord) } }, async (req) =>
    opening.record(req.ctx, req.params.id),
  );

  app.post(
    `${base}/:id/conflict-declarations`,
    { schema: { tags, summary: 'Evaluator: declare conflicts of interest', params: S.TenderParams, body: S.ConflictInput, response: created(V.Declaration) } },
    async (req, reply) => reply.status(201).send(await evaluation.declare(req.ctx, req.params.id, req.body)),
  );
  app.get(`${base}/:id/evaluation`, { schema: { tags, summary: 'Opened bids, scores and ranking', params: S.TenderParams, response: ok(V.Evaluation) } }, async (req) =>
    evaluation.evaluation(req.ctx, req.params.id),
  );
  app.post(
    `${base}/:id/scores`,
    { schema: { tags, summary: 'Evaluator: score bids per criterion', params: S.TenderParams, body: S.ScoresInput, response: ok(V.ScoreResult) } },
    async (req) => evaluation.score(req.ctx, req.params.id, req.body),
  );

  app.post(
    `${base}/:id/award`,
    { schema: { tags, summary: 'Award with reasons; starts the standstill', params: S.TenderParams, body: S.AwardInput, response: created(V.AwardView) } },
    async (req, reply) => reply.status(201).send(await awards.award(req.ctx, req.params.id, req.body)),
  );
  app.post(`${base}/:id/award/confirm`, { schema: { tags, summary: 'Confirm the award after the standstill', params: S.TenderParams, response: ok(V.AwardView) } }, async (req) =>
    awards.confirm(req.ctx, req.params.id),
  );
  app.get(
    `${base}/:id/complaints`,
    {
      schema: {
        tags,
        summary: 'Complaints as the caller may read them (the complainant named to itself, the review body and staff only; grounds public once decided)',
        params: S.TenderParams,
        response: ok(V.ComplaintList),
      },
    },
    async (req) => complaints.list(req.ctx, req.params.id),
  );
  app.post(
    `${base}/:id/complaints`,
    {
      schema: {
        tags,
        summary: 'Bidder: complain during the standstill (Idempotency-Key honoured)',
        params: S.TenderParams,
        body: S.ComplaintInput,
        response: created(V.ComplaintView),
      },
    },
    async (req, reply) => reply.status(201).send(await complaints.complain(req.ctx, req.params.id, req.body.grounds, idempotencyKeyOf(req.headers))),
  );
  app.post(
    '/api/v1/complaints/:id/decision',
    { schema: { tags, summary: 'Review body: decide a complaint', params: S.TenderParams, body: S.DecisionInput, response: ok(V.ComplaintView) } },
    async (req) => complaints.decide(req.ctx, req.params.id, req.body),
  );
  app.post(
    `${base}/:id/contract`,
    { schema: { tags, summary: 'Sign the contract with the awarded supplier', params: S.TenderParams, body: S.ContractInput, response: created(V.ContractView) } },
    async (req, reply) => reply.status(201).send(await awards.signContract(req.ctx, req.params.id, req.body)),
  );
  app.get(`${base}/:id/outcome`, { schema: { tags, summary: 'Awards, complaints and contracts', params: S.TenderParams, response: ok(V.Outcome) } }, async (req) =>
    awards.outcome(req.ctx, req.params.id),
  );
}
