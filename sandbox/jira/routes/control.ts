/**
 * `/__sim/...`: the control API over HTTP (no Jira auth), plus the download
 * location the attachment redirect points at and avatar images.
 */
import { z } from 'zod';
import type { JiraControl } from '../control.js';
import { JiraError } from '../errors.js';
import type { Fault, FaultInjector } from '../faults.js';
import type { RequestLog } from '../log.js';
import { PERMISSIONS } from '../permissions.js';
import type { RouteDef } from '../router.js';
import type { SimUser } from '../types.js';
import { sendBytes } from './attachments.js';
import { json, noContent, param } from './common.js';

const Actor = z.string().min(1);
const PermissionList = z.array(z.string()).transform((keys, ctx) => {
  const known = keys.filter((k): k is keyof typeof PERMISSIONS => k in PERMISSIONS);
  if (known.length !== keys.length) ctx.addIssue({ code: 'custom', message: 'unknown permission key' });
  return known;
});

const CreateBody = z.object({ as: Actor, fields: z.record(z.string(), z.unknown()) });
const EditBody = z.object({
  as: Actor,
  fields: z.record(z.string(), z.unknown()).default({}),
  update: z.record(z.string(), z.unknown()).optional(),
});
const TransitionBody = z.object({
  as: Actor,
  transitionId: z.string().optional(),
  status: z.string().optional(),
});
const CommentBody = z.object({ as: Actor, body: z.union([z.string(), z.record(z.string(), z.unknown())]) });
const AttachmentBody = z
  .object({
    as: Actor,
    filename: z.string().min(1),
    mimeType: z.string().optional(),
    text: z.string().optional(),
    contentBase64: z.string().optional(),
  })
  .refine(
    (b) => (b.text === undefined) !== (b.contentBase64 === undefined),
    'give exactly one of text, contentBase64',
  );
const MoveBody = z.object({ as: Actor, projectKey: z.string(), issueTypeId: z.string().optional() });
const LagBody = z.object({ ms: z.number().nonnegative() });
const GrantBody = z.object({ as: Actor, projectKey: z.string(), permissions: PermissionList });
const ProjectTypeBody = z.object({ projectTypeKey: z.enum(['software', 'service_desk', 'business']) });
const FaultBody = z.object({
  route: z.string(),
  times: z.number().int().positive().optional(),
  accountId: z.string().optional(),
  fault: z.discriminatedUnion('kind', [
    z.object({
      kind: z.literal('error'),
      status: z.number().int(),
      retryAfterSeconds: z.number().optional(),
      message: z.string().optional(),
    }),
    z.object({ kind: z.literal('latency'), ms: z.number().nonnegative() }),
    z.object({ kind: z.literal('drop'), when: z.enum(['before', 'after']) }),
    z.object({ kind: z.literal('rateLimit'), retryAfterSeconds: z.number().optional() }),
  ]),
});

/** Drops absent optional properties (exactOptionalPropertyTypes) while keeping the union. */
function toFault(parsed: z.infer<typeof FaultBody>['fault']): Fault {
  return Object.fromEntries(Object.entries(parsed).filter(([, v]) => v !== undefined)) as Fault;
}

export interface ControlRouteDeps {
  control: JiraControl;
  users: SimUser[];
  appAccount: { accountId: string; accessToken: string };
  log: RequestLog;
  faults: FaultInjector;
}

export function controlRoutes({ control, users, appAccount, log, faults }: ControlRouteDeps): RouteDef[] {
  return [
    { method: 'GET', template: '/__sim/users', handler: () => json(200, { users, appAccount }) },
    { method: 'POST', template: '/__sim/reset', handler: () => (control.reset(), noContent()) },
    { method: 'GET', template: '/__sim/issues', handler: () => json(200, control.listIssues()) },
    {
      method: 'GET',
      template: '/__sim/issues/{idOrKey}',
      handler: (ctx) => json(200, control.getIssue(param(ctx, 'idOrKey'))),
    },
    {
      method: 'POST',
      template: '/__sim/issues',
      handler: async (ctx) => {
        const body = await ctx.json(CreateBody);
        return json(201, control.createIssue(body.as, body.fields));
      },
    },
    {
      method: 'PUT',
      template: '/__sim/issues/{idOrKey}',
      handler: async (ctx) => {
        const body = await ctx.json(EditBody);
        control.editIssue(body.as, param(ctx, 'idOrKey'), body.fields, body.update);
        return noContent();
      },
    },
    {
      method: 'POST',
      template: '/__sim/issues/{idOrKey}/transitions',
      handler: async (ctx) => {
        const body = await ctx.json(TransitionBody);
        const to: { transitionId?: string; status?: string } = {};
        if (body.transitionId !== undefined) to.transitionId = body.transitionId;
        if (body.status !== undefined) to.status = body.status;
        control.transitionIssue(body.as, param(ctx, 'idOrKey'), to);
        return noContent();
      },
    },
    {
      method: 'POST',
      template: '/__sim/issues/{idOrKey}/comments',
      handler: async (ctx) => {
        const body = await ctx.json(CommentBody);
        return json(201, control.addComment(body.as, param(ctx, 'idOrKey'), body.body));
      },
    },
    {
      method: 'POST',
      template: '/__sim/issues/{idOrKey}/attachments',
      handler: async (ctx) => {
        const body = await ctx.json(AttachmentBody);
        const content =
          body.text !== undefined ? Buffer.from(body.text) : Buffer.from(body.contentBase64 ?? '', 'base64');
        const file =
          body.mimeType === undefined
            ? { filename: body.filename, content }
            : { filename: body.filename, mimeType: body.mimeType, content };
        return json(201, control.addAttachment(body.as, param(ctx, 'idOrKey'), file));
      },
    },
    {
      method: 'POST',
      template: '/__sim/issues/{idOrKey}/move',
      handler: async (ctx) => {
        const body = await ctx.json(MoveBody);
        return json(
          200,
          control.moveIssue(body.as, param(ctx, 'idOrKey'), body.projectKey, body.issueTypeId),
        );
      },
    },
    {
      method: 'POST',
      template: '/__sim/permissions/grant',
      handler: async (ctx) => {
        const body = await ctx.json(GrantBody);
        control.grant(body.as, body.projectKey, body.permissions);
        return noContent();
      },
    },
    {
      method: 'POST',
      template: '/__sim/permissions/revoke',
      handler: async (ctx) => {
        const body = await ctx.json(GrantBody);
        control.revoke(body.as, body.projectKey, body.permissions);
        return noContent();
      },
    },
    {
      method: 'POST',
      template: '/__sim/projects/{key}/type',
      handler: async (ctx) => {
        const body = await ctx.json(ProjectTypeBody);
        control.setProjectType(param(ctx, 'key'), body.projectTypeKey);
        return noContent();
      },
    },
    { method: 'GET', template: '/__sim/events', handler: () => json(200, control.emittedEvents()) },
    {
      method: 'POST',
      template: '/__sim/search-lag',
      handler: async (ctx) => json(200, control.setSearchLag((await ctx.json(LagBody)).ms)),
    },
    {
      method: 'GET',
      template: '/__sim/log',
      handler: () => json(200, { entries: log.entries(), summary: log.summary() }),
    },
    {
      method: 'POST',
      template: '/__sim/faults',
      handler: async (ctx) => {
        const body = await ctx.json(FaultBody);
        const options: { times?: number; accountId?: string } = {};
        if (body.times !== undefined) options.times = body.times;
        if (body.accountId !== undefined) options.accountId = body.accountId;
        return json(201, { id: faults.add(body.route, toFault(body.fault), options) });
      },
    },
    { method: 'DELETE', template: '/__sim/faults', handler: () => (faults.clear(), noContent()) },
    {
      method: 'GET',
      template: '/__sim/media/{id}/{filename}',
      handler: (ctx) => {
        const { state } = ctx.sim;
        const token = ctx.query.get('token') ?? '';
        const grant = state.downloads.get(token);
        const attachment = state.attachments.get(param(ctx, 'id'));
        if (
          grant === undefined ||
          grant.expires < ctx.sim.now().getTime() ||
          attachment === undefined ||
          grant.attachmentId !== attachment.id
        ) {
          throw new JiraError(401, ['The download link is invalid or has expired.']);
        }
        return sendBytes(attachment, ctx.req.headers.range);
      },
    },
    {
      method: 'GET',
      template: '/__sim/avatar/{kind}/{id}',
      handler: (ctx) => {
        const letter = /[a-z0-9]$/i.exec(param(ctx, 'id'))?.[0].toUpperCase() ?? '?';
        const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="48" height="48"><rect width="48" height="48" rx="24" fill="#0052cc"/><text x="24" y="31" font-size="20" text-anchor="middle" fill="#fff" font-family="sans-serif">${letter}</text></svg>`;
        return { status: 200, headers: { 'content-type': 'image/svg+xml' }, body: svg };
      },
    },
  ];
}
