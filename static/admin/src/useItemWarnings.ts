import { useEffect, useRef, useState } from 'react';
import type { ItemWarning, RpcError } from '../../../src/domain/rpc';
import type { SaveItemInput } from '../../../src/domain/types';
import { useAdminClient } from './AdminClientContext';

export interface ItemWarningsState {
  warnings: ItemWarning[];
  checking: boolean;
  error: RpcError | null;
}

const DEBOUNCE_MS = 300;

/**
 * Asks the backend what would go wrong with the draft as it stands (required Jira create fields
 * nothing fills, value-table gaps, another auto-create item on the same project), debounced,
 * whenever the draft changes; `input` null means "do not check" (no project, or display-only).
 */
export function useItemWarnings(input: SaveItemInput | null): ItemWarningsState {
  const client = useAdminClient();
  const [state, setState] = useState<ItemWarningsState>({ warnings: [], checking: false, error: null });
  const latest = useRef(0);
  const key = input ? JSON.stringify(input) : '';

  useEffect(() => {
    const request = ++latest.current;
    if (key === '') {
      setState({ warnings: [], checking: false, error: null });
      return;
    }
    setState((s) => ({ ...s, checking: true }));
    const timer = setTimeout(() => {
      void client.call('checkItem', JSON.parse(key) as SaveItemInput).then((result) => {
        if (request !== latest.current) return;
        setState(
          result.ok
            ? { warnings: result.data, checking: false, error: null }
            : { warnings: [], checking: false, error: result.error },
        );
      });
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [client, key]);

  return state;
}
