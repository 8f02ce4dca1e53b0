/**
 * The emulator's web trigger support: the URL @forge/api's `webTrigger.getUrl` receives through
 * the platform GraphQL, the request payload shape, and how a function's result becomes the HTTP
 * answer (https://developer.atlassian.com/platform/forge/events-reference/web-trigger/).
 */
import { describe, expect, it } from 'vitest';
import {
  answerWebTriggerGraphql,
  webTriggerAnswer,
  webTriggerId,
  webTriggerPayload,
} from '../../../sandbox/forge/webtrigger';

const dynamic = { key: 'k', functionKey: 'f', responseType: 'dynamic' as const };

describe('web triggers in the emulator', () => {
  it('passes query and header values as arrays of strings', () => {
    const payload = webTriggerPayload({
      method: 'GET',
      path: '/x1/abc',
      query: new URLSearchParams('a=1&a=2&b=3'),
      headers: { accept: 'text/html' },
      body: '',
    });
    expect(payload).toEqual({
      method: 'GET',
      path: '/x1/abc',
      body: '',
      headers: { accept: ['text/html'] },
      queryParameters: { a: ['1', '2'], b: ['3'] },
    });
  });

  it('a dynamic trigger answers with the function’s statusCode, headers and body; anything else is 500', () => {
    const value = { statusCode: 302, headers: { Location: ['https://x.test/'] }, body: '' };
    expect(webTriggerAnswer(dynamic, { status: 'ok', value })).toEqual(value);
    expect(webTriggerAnswer(dynamic, { status: 'ok', value: { statusCode: '200' } }).statusCode).toBe(500);
    expect(
      webTriggerAnswer(dynamic, { status: 'ok', value: { statusCode: 200, headers: { a: 'b' } } }).statusCode,
    ).toBe(500);
    expect(webTriggerAnswer(dynamic, { status: 'error' }).statusCode).toBe(500);
  });

  it('a static trigger ignores the function’s value', () => {
    const def = { ...dynamic, responseType: 'static' as const };
    expect(webTriggerAnswer(def, { status: 'ok', value: { statusCode: 418, body: 'x' } })).toEqual({
      statusCode: 204,
      headers: {},
      body: '',
    });
  });

  it('answers createWebTriggerUrl with a stable URL per module and refuses unknown keys', () => {
    const body = (key: string) =>
      JSON.stringify({
        query: 'mutation forge_app_createWebTriggerUrl { createWebTriggerUrl { url } }',
        variables: { input: { triggerKey: key } },
      });
    const urlFor = (key: string) => (key === 'k' ? `https://h/x1/${webTriggerId('inst', key)}` : null);
    const ok = answerWebTriggerGraphql(body('k'), urlFor);
    expect(ok?.body).toEqual({
      data: { createWebTriggerUrl: { url: `https://h/x1/${webTriggerId('inst', 'k')}` } },
    });
    expect(webTriggerId('inst', 'k')).toBe(webTriggerId('inst', 'k'));
    expect(webTriggerId('inst', 'k')).not.toBe(webTriggerId('other', 'k'));
    expect(answerWebTriggerGraphql(body('nope'), urlFor)?.body).toMatchObject({ data: null });
    expect(answerWebTriggerGraphql(JSON.stringify({ query: 'query other { x }' }), urlFor)).toBeNull();
  });
});
