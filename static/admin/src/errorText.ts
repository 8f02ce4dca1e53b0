import type { RpcError } from '../../../src/domain/rpc';

/** "Zendesk answered 401: Couldn't authenticate you": the upstream refusal, word for word. */
export function describeUpstream(upstream: NonNullable<RpcError['upstream']>): string {
  const service = upstream.service === 'zendesk' ? 'Zendesk' : 'Jira';
  return `${service} answered ${upstream.status}: ${upstream.message}`;
}

/** The lines to show for an error, without repeating the upstream text when the message already carries it. */
export function errorLines(error: RpcError): string[] {
  if (!error.upstream) return [error.message];
  const upstream = describeUpstream(error.upstream);
  return error.message.includes(error.upstream.message) ? [error.message] : [upstream, error.message];
}
