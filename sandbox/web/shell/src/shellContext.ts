/**
 * What every view needs from the shell: the sandbox session (selected user, license, demo
 * credentials) and a data version that changes whenever the sandbox's data may have moved
 * under the view (a sync run, a clock jump, a user or license switch), so views reload.
 */
import { createContext, useContext } from 'react';
import type { Session } from '../../protocol';

export interface ShellState {
  session: Session;
  dataVersion: number;
  /** Ask every view to reload (after a change the view itself made elsewhere). */
  bumpData: () => void;
  notify: (message: Notice) => void;
}

export interface Notice {
  kind: 'success' | 'error' | 'info';
  text: string;
}

export const ShellContext = createContext<ShellState | null>(null);

export function useShell(): ShellState {
  const state = useContext(ShellContext);
  if (!state) throw new Error('useShell outside <App>');
  return state;
}
