import { useCallback, useEffect, useRef, useState } from 'react';
import type { ItemEditorMetadata, ItemEditorMetadataInput, RpcError } from '../../../src/domain/rpc';
import type { ZendeskObject } from '../../../src/domain/types';
import { useAdminClient } from './AdminClientContext';

export interface EditorMetadataState {
  /** The last metadata that loaded; kept while a newer request runs so lists do not flash. */
  data: ItemEditorMetadata | null;
  loading: boolean;
  error: RpcError | null;
  reload: () => void;
}

/**
 * Projects, issue types and both field catalogues for the editor's current choices.
 * Only the newest request's answer is applied, so quick changes cannot show stale lists.
 */
export function useEditorMetadata(
  zendeskObject: ZendeskObject,
  projectId: string | null,
  issueTypeId: string | null,
): EditorMetadataState {
  const client = useAdminClient();
  const [data, setData] = useState<ItemEditorMetadata | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<RpcError | null>(null);
  const [attempt, setAttempt] = useState(0);
  const latest = useRef(0);

  useEffect(() => {
    const request = ++latest.current;
    const input: ItemEditorMetadataInput = {
      zendeskObject,
      ...(projectId ? { projectId } : {}),
      ...(issueTypeId ? { issueTypeId } : {}),
    };
    setLoading(true);
    void client.call('getItemEditorMetadata', input).then((result) => {
      if (request !== latest.current) return;
      setLoading(false);
      if (result.ok) {
        setData(result.data);
        setError(null);
      } else {
        setError(result.error);
      }
    });
  }, [client, zendeskObject, projectId, issueTypeId, attempt]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  return { data, loading, error, reload };
}
