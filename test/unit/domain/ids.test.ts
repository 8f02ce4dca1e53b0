/**
 * The id rules of src/domain/ids.ts: each boundary that names a Zendesk or Jira record, a
 * subdomain or an agent's email checks it with these patterns, so their edges are pinned here
 * once (the Zendesk URL builder, the Jira path builder and the admin page's early checks use them).
 */
import { describe, expect, it } from 'vitest';
import {
  AGENT_EMAIL_PATTERN,
  isNumericFieldId,
  JIRA_ACCOUNT_ID_PATTERN,
  JIRA_ISSUE_KEY_PATTERN,
  JIRA_OBJECT_ID_PATTERN,
  SUBDOMAIN_PATTERN,
  ZENDESK_ID_PATTERN,
} from '../../../src/domain/ids';
import { emailProblem, subdomainProblem } from '../../../static/admin/src/validation';
import { idParam } from '../../../src/jira/transport';
import { idSegment } from '../../../src/zendesk/urls';

const accepts = (pattern: RegExp, values: string[]): boolean[] => values.map((v) => pattern.test(v));

describe('id rules', () => {
  it('takes a Zendesk id as a positive integer of at most 19 digits, in URLs too', () => {
    expect(accepts(ZENDESK_ID_PATTERN, ['1', '9223372036854775807'])).toEqual([true, true]);
    expect(accepts(ZENDESK_ID_PATTERN, ['0', '012', '12345678901234567890', '1/2', ' 1'])).toEqual(
      Array(5).fill(false),
    );
    expect(idSegment(42, 'ticket')).toBe('42');
    expect(() => idSegment('0', 'ticket')).toThrow(/Invalid Zendesk ticket id/);
  });

  it('names a Zendesk field by its numeric id only when the id is a Zendesk id', () => {
    expect(['360001', 'priority', 'tags', '0', 'custom_1'].map(isNumericFieldId)).toEqual([
      true,
      false,
      false,
      false,
      false,
    ]);
  });

  it('lets no Jira id, key or account id reshape a path or query', () => {
    expect(accepts(JIRA_OBJECT_ID_PATTERN, ['10000', 'PROJ-12', 'customfield_10050'])).toEqual([
      true,
      true,
      true,
    ]);
    expect(accepts(JIRA_OBJECT_ID_PATTERN, ['-1', '../x', 'a b', '', 'x'.repeat(256)])).toEqual(
      Array(5).fill(false),
    );
    expect(() => idParam('-1', 'issue')).toThrow(/Invalid Jira issue/);
    expect(accepts(JIRA_ISSUE_KEY_PATTERN, ['PROJ-12', 'P_2-1', '12-1', 'PROJ-'])).toEqual([
      true,
      true,
      false,
      false,
    ]);
    expect(accepts(JIRA_ACCOUNT_ID_PATTERN, ['557058:f58131cb-b67d', 'a&b=c'])).toEqual([true, false]);
  });

  it('gives the admin page the server’s subdomain and email rules', () => {
    for (const subdomain of ['acme', 'a-1', '-acme', 'Acme', 'acme.zendesk.com', 'a'.repeat(64)]) {
      expect(subdomainProblem(subdomain) === undefined, subdomain).toBe(SUBDOMAIN_PATTERN.test(subdomain));
    }
    for (const email of ['agent@acme.test', 'agent@localhost', 'a b@acme.test', 'agent@']) {
      expect(emailProblem(email) === undefined, email).toBe(AGENT_EMAIL_PATTERN.test(email));
    }
    expect(AGENT_EMAIL_PATTERN.test('agent@localhost')).toBe(false);
  });
});
