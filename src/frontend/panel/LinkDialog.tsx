/**
 * The Link dialog: search Zendesk for a record of the card's object type and link one.
 * Search and link errors stay inside the dialog; a successful link hands the updated card
 * back to the caller, which closes the dialog.
 *
 * For a ticket of a synchronized item the backend answers the first Link with what the first
 * synchronization will change (LinkConfirm.tsx) and writes nothing; the dialog asks, and only
 * "Link and synchronize" sends the link again with that preview's fingerprint. Cancel closes the
 * dialog without another call, so nothing changes.
 */
import { useRef, useState } from 'react';
import {
  Button,
  Form,
  Inline,
  Label,
  LoadingButton,
  SectionMessage,
  Stack,
  Text,
  Textfield,
} from '@forge/react';
import type { LinkPreview, PanelCard, RpcError, SearchResult } from '../../domain/rpc';
import type { ZendeskObject } from '../../domain/types';
import { callPanel } from './api';
import { PanelModal } from './PanelModal';
import { alreadyLinkedNote, confirmCopy, describeError, dialogCopy, noIdMatch } from './copy';
import { LinkConfirm } from './LinkConfirm';

export interface LinkDialogProps {
  itemId: string;
  zendeskObject: ZendeskObject;
  onClose: () => void;
  onLinked: (card: PanelCard) => void;
}

/** Textfield's onChange receives a serialisable event (forge-react-types SerialisableEvent). */
function inputValue(event: { target?: { value?: unknown } }): string {
  const value = event.target?.value;
  return typeof value === 'string' ? value : '';
}

export function LinkDialog({ itemId, zendeskObject, onClose, onLinked }: LinkDialogProps) {
  const copy = dialogCopy(zendeskObject);
  const [query, setQuery] = useState('');
  const [searching, setSearching] = useState(false);
  const [results, setResults] = useState<SearchResult[] | null>(null);
  const [searched, setSearched] = useState('');
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<RpcError | null>(null);
  const [linkingId, setLinkingId] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<{ preview: LinkPreview; changed: boolean } | null>(null);
  // Only the newest search may fill the list; an older, slower answer is dropped.
  const latestSearch = useRef(0);

  const search = async () => {
    const trimmed = query.trim();
    setError(null);
    if (!trimmed) {
      setResults(null);
      setNotice(copy.emptyQuery);
      return;
    }
    setNotice(null);
    const ticket = ++latestSearch.current;
    setSearching(true);
    const answer = await callPanel('search', { itemId, query: trimmed });
    if (ticket !== latestSearch.current) return;
    setSearching(false);
    if (answer.ok) {
      setResults(answer.data);
      setSearched(trimmed);
    } else {
      setResults(null);
      setError(answer.error);
    }
  };

  const link = async (recordId: string, confirm?: string) => {
    if (linkingId !== null) return;
    setError(null);
    setLinkingId(recordId);
    const answer = await callPanel('link', confirm ? { itemId, recordId, confirm } : { itemId, recordId });
    setLinkingId(null);
    if (!answer.ok) {
      setError(answer.error);
    } else if (answer.data.kind === 'linked') {
      onLinked(answer.data.card);
    } else {
      setConfirming({ preview: answer.data.preview, changed: answer.data.changed });
    }
  };

  const failure =
    error !== null ? (
      <SectionMessage appearance="error" title="Zendesk search or link failed">
        <Text>{describeError(error)}</Text>
      </SectionMessage>
    ) : null;

  // Cancel only closes the dialog: nothing is sent, so nothing changes.
  const cancel = (
    <Button appearance="subtle" onClick={onClose}>
      Cancel
    </Button>
  );

  if (confirming !== null) {
    const { preview } = confirming;
    const ask = confirmCopy(preview);
    return (
      <PanelModal
        title={ask.title}
        width="medium"
        onClose={onClose}
        footer={
          <>
            {cancel}
            <LoadingButton
              appearance="primary"
              isLoading={linkingId !== null}
              onClick={() => void link(preview.recordId, preview.fingerprint)}
            >
              {ask.confirm}
            </LoadingButton>
          </>
        }
      >
        <Stack space="space.200">
          {failure}
          <LinkConfirm preview={preview} changed={confirming.changed} />
        </Stack>
      </PanelModal>
    );
  }

  return (
    <PanelModal title={copy.title} width="medium" onClose={onClose} footer={cancel}>
      <Stack space="space.200">
        <Text>{copy.helper}</Text>
        <Form onSubmit={search}>
          <Stack space="space.050">
            <Label labelFor="zendesk-record-search">Search</Label>
            <Inline space="space.100" alignBlock="center">
              <Textfield
                id="zendesk-record-search"
                name="query"
                value={query}
                placeholder={copy.placeholder}
                autoFocus
                onChange={(event) => setQuery(inputValue(event))}
              />
              <LoadingButton type="submit" appearance="primary" isLoading={searching}>
                Search
              </LoadingButton>
            </Inline>
          </Stack>
        </Form>
        {notice !== null ? <Text color="color.text.subtle">{notice}</Text> : null}
        {failure}
        {results !== null && results.length === 0 ? (
          <Text>{noIdMatch(zendeskObject, searched) ?? copy.noResults}</Text>
        ) : null}
        {results !== null && results.length > 0 ? (
          <Stack space="space.100">
            {results.map((result) => (
              <Inline key={result.id} space="space.100" alignBlock="center" spread="space-between">
                <Stack space="space.025">
                  <Text weight="semibold">{`#${result.id} ${result.title}`}</Text>
                  {result.detail ? (
                    <Text size="small" color="color.text.subtle">
                      {result.detail}
                    </Text>
                  ) : null}
                  {result.linkedTo !== undefined && result.linkedTo.length > 0 ? (
                    <Text size="small" color="color.text.warning" testId={`already-linked-${result.id}`}>
                      {alreadyLinkedNote(result.linkedTo)}
                    </Text>
                  ) : null}
                </Stack>
                <LoadingButton
                  appearance={result.linkedTo?.length ? 'warning' : 'default'}
                  isLoading={linkingId === result.id}
                  isDisabled={linkingId !== null && linkingId !== result.id}
                  onClick={() => void link(result.id)}
                >
                  {result.linkedTo?.length ? 'Link anyway' : 'Link'}
                </LoadingButton>
              </Inline>
            ))}
          </Stack>
        ) : null}
      </Stack>
    </PanelModal>
  );
}
