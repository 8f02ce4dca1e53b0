/**
 * The item editor's Zendesk field catalog (ZendeskFieldInfo of src/domain/rpc.ts) as tests write
 * it: a drop-down's options from `{ value: label }`, in the order Zendesk lists them.
 */
import type { ZendeskFieldOption } from '../../src/domain/rpc';

export function fieldOptions(labels: Record<string, string>): ZendeskFieldOption[] {
  return Object.entries(labels).map(([value, label]) => ({ value, label }));
}
