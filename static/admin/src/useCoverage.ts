import { useEffect, useRef, useState } from 'react';
import type { CoverageWarning, RpcError } from '../../../src/domain/rpc';
import { useAdminClient } from './AdminClientContext';

export interface CoverageState {
  warnings: CoverageWarning[];
  checking: boolean;
  error: RpcError | null;
}

const DEBOUNCE_MS = 300;

/**
 * Asks the backend whether Jira can create issues of the chosen type with what the item
 * maps (required create fields without a value). Re-checks, debounced, whenever the
 * project, issue type or mapped Jira fields change; `projectId` null means "do not check".
 */
export function useCoverage(
  projectId: string | null,
  issueTypeId: string | null,
  jiraFieldIds: string[],
): CoverageState {
  const client = useAdminClient();
  const [state, setState] = useState<CoverageState>({ warnings: [], checking: false, error: null });
  const latest = useRef(0);
  const fieldsKey = jiraFieldIds.join('\u0000');

  useEffect(() => {
    const request = ++latest.current;
    if (!projectId) {
      setState({ warnings: [], checking: false, error: null });
      return;
    }
    setState((s) => ({ ...s, checking: true }));
    const timer = setTimeout(() => {
      const ids = fieldsKey === '' ? [] : fieldsKey.split('\u0000');
      void client
        .call('checkCreateCoverage', {
          projectId,
          ...(issueTypeId ? { issueTypeId } : {}),
          jiraFieldIds: ids,
        })
        .then((result) => {
          if (request !== latest.current) return;
          setState(
            result.ok
              ? { warnings: result.data, checking: false, error: null }
              : { warnings: [], checking: false, error: result.error },
          );
        });
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [client, projectId, issueTypeId, fieldsKey]);

  return state;
}
