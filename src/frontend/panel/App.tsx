/**
 * The Zendesk issue panel: loads the cards for this issue once, then lets each card update
 * itself. License and connection gates come first (docs/contracts/connector-rules.md § License).
 */
import { useCallback, useEffect, useState } from 'react';
import { Button, EmptyState, SectionMessage, Spinner, Stack, Text } from '@forge/react';
import type { PanelCard, PanelState, RpcError } from '../../domain/rpc';
import { callPanel } from './api';
import { Card } from './Card';
import { LICENSE_REQUIRED, NOT_CONNECTED, NO_ITEMS, describeError } from './copy';

type Load = { kind: 'loading' } | { kind: 'failed'; error: RpcError } | { kind: 'ready'; state: PanelState };

export function App() {
  const [load, setLoad] = useState<Load>({ kind: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    // Only the live effect may set state: a retry or StrictMode's second mount makes the older answer stale.
    let live = true;
    setLoad({ kind: 'loading' });
    void callPanel('getPanel', {}).then((answer) => {
      if (!live) return;
      setLoad(answer.ok ? { kind: 'ready', state: answer.data } : { kind: 'failed', error: answer.error });
    });
    return () => {
      live = false;
    };
  }, [attempt]);

  const replaceCard = useCallback((updated: PanelCard) => {
    setLoad((current) =>
      current.kind === 'ready'
        ? {
            kind: 'ready',
            state: {
              ...current.state,
              cards: current.state.cards.map((card) => (card.item.id === updated.item.id ? updated : card)),
            },
          }
        : current,
    );
  }, []);

  if (load.kind === 'loading') {
    return <Spinner size="medium" label="Loading Zendesk records" />;
  }
  if (load.kind === 'failed') {
    if (load.error.code === 'LICENSE_INACTIVE') return <LicenseRequired />;
    if (load.error.code === 'NOT_CONNECTED') return <NotConnected />;
    return (
      <SectionMessage appearance="error" title="The Zendesk panel could not load">
        <Stack space="space.100">
          <Text>{describeError(load.error)}</Text>
          <Button onClick={() => setAttempt((n) => n + 1)}>Try again</Button>
        </Stack>
      </SectionMessage>
    );
  }

  const { state } = load;
  if (state.license === 'inactive') return <LicenseRequired />;
  if (!state.connected) return <NotConnected />;
  if (state.cards.length === 0) {
    return <EmptyState header={NO_ITEMS.header} description={NO_ITEMS.description} width="narrow" />;
  }
  return (
    <Stack space="space.200">
      {state.cards.map((card) => (
        <Card key={card.item.id} card={card} canEdit={state.canEdit} onCardChange={replaceCard} />
      ))}
    </Stack>
  );
}

function LicenseRequired() {
  return (
    <SectionMessage appearance="warning" title={LICENSE_REQUIRED.title}>
      <Text>{LICENSE_REQUIRED.body}</Text>
    </SectionMessage>
  );
}

function NotConnected() {
  return (
    <SectionMessage appearance="information" title={NOT_CONNECTED.title}>
      <Text>{NOT_CONNECTED.body}</Text>
    </SectionMessage>
  );
}
