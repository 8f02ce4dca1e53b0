/** What non-admins see of errors and sync problems: plain words, never upstream bodies or field ids. */
import { describe, expect, it } from 'vitest';
import { agentError, agentLink, agentProblem, hasAdminDetails } from '../../src/panel/agentErrors';
import type { RpcError } from '../../src/domain/rpc';
import type { LinkRecord, SyncProblem } from '../../src/domain/types';

const upstream = { service: 'zendesk' as const, status: 403, message: '{"error":"Forbidden","details":"x"}' };

describe('agentError', () => {
  it('keeps plain panel messages but drops the upstream answer', () => {
    const notFound: RpcError = {
      code: 'ZENDESK_NOT_FOUND',
      message: 'Zendesk ticket 9 was not found. It may have been deleted or merged.',
      upstream,
    };
    expect(hasAdminDetails(notFound)).toBe(true);
    expect(agentError(notFound)).toEqual({ code: notFound.code, message: notFound.message });
    expect(hasAdminDetails({ code: 'NO_ACCESS', message: 'x' })).toBe(false);
  });

  it('rewords technical failures and says who can help', () => {
    const raw: RpcError = {
      code: 'UPSTREAM',
      message: 'Jira refused the request (HTTP 400): Field customfield_10041 is required',
      upstream: { service: 'jira' as const, status: 400, message: 'customfield_10041' },
    };
    const shown = agentError(raw);
    expect(shown).toEqual({
      code: 'UPSTREAM',
      message:
        'Zendesk or Jira did not answer as expected. Try again in a moment; if it keeps happening, ask your Jira admin.',
    });
    expect(agentError({ code: 'INTERNAL', message: 'stack at x.ts:3' }).message).toBe(
      'Something went wrong. Try again; if it keeps happening, ask your Jira admin.',
    );
  });
});

describe('agentProblem', () => {
  const at = '2026-01-01T00:00:00.000Z';
  it('replaces field ids and upstream details with plain words', () => {
    const problem: SyncProblem = {
      kind: 'error',
      code: 'STATUS_NO_TRANSITION',
      message:
        'Zendesk status "solved" needs a Jira status in category "done", but no transition from "Blocked" leads there',
      upstream: { service: 'jira', status: 400, message: 'no transition 31' },
      at,
    };
    expect(agentProblem(problem)).toEqual({
      kind: 'error',
      code: 'STATUS_NO_TRANSITION',
      message:
        'The Zendesk status could not be applied to this issue. Please ask your Jira admin to look at the Zendesk Connector activity page.',
      at,
    });
  });

  it('keeps a skipped file message (about the content, not the setup) without upstream', () => {
    const skipped: SyncProblem = {
      kind: 'limitation',
      code: 'ATTACHMENT_SKIPPED',
      message: 'dump.txt (30 MB) was not added: files above 10 MB are skipped',
      at,
    };
    expect(agentProblem({ ...skipped, upstream })).toEqual(skipped);
  });

  it('leaves a link without problems as it is', () => {
    const link = { problems: [] } as unknown as LinkRecord;
    expect(agentLink(link)).toBe(link);
  });
});
