/**
 * The real stack (Forge emulator + Zendesk and Jira simulators) for one test file: started
 * before the file's first test, closed after its last.
 *
 * `useStack()` answers at once, while the stack only exists from the file's `beforeAll` on,
 * so it hands back a stand-in (`lateBound`) that forwards every property to the started stack:
 * the tests keep writing `stack.emulator…` as if it were the stack itself. Touching it outside
 * a test or hook (at collection time) throws.
 */
// The stack installs the Forge platform globals; it must load before anything imports @forge/api.
import { startStack, type Stack, type StackOptions } from '../../sandbox/stack';
import { useForFile } from './lateBound';

export type { Stack, StackOptions };

export function useStack(options: StackOptions = {}): Stack {
  return useForFile(
    'stack',
    () => startStack(options),
    (stack) => stack.close(),
  );
}
