/**
 * One Smart Connected Item on this issue (docs/contracts/connector-rules.md § Issue panel). The card owns
 * its own busy and error state, so a failing Zendesk call shows here and nowhere else.
 */
import { useState } from 'react';
import {
  Box,
  Button,
  ButtonGroup,
  Heading,
  Inline,
  LinkButton,
  LoadingButton,
  Lozenge,
  SectionMessage,
  Stack,
  Text,
  xcss,
} from '@forge/react';
import type { PanelCard, RpcError } from '../../domain/rpc';
import type { LinkRecord, SyncProblem } from '../../domain/types';
import { callPanel } from './api';
import {
  AUTO_MANAGED_NOTE,
  statusAppearance,
  SYNC_MODE_APPEARANCE,
  SYNC_MODE_LABELS,
  describeError,
  linkButtonLabel,
  moduleLabel,
  noEditPermission,
  recordLabel,
  syncStartsNote,
  unlinkCopy,
} from './copy';
import { splitPreview } from '../../links/headline';
import { LinkDialog } from './LinkDialog';
import { PanelModal } from './PanelModal';
import { PreviewTable, visiblePreview } from './PreviewTable';

const cardStyle = xcss({
  borderColor: 'color.border',
  borderStyle: 'solid',
  borderWidth: 'border.width',
  borderRadius: 'radius.medium',
  padding: 'space.150',
});

type Action = 'refresh' | 'unlink';

const ACTION_FAILED: Record<Action, string> = {
  refresh: 'Refresh failed',
  unlink: 'Unlink failed',
};

export interface CardProps {
  card: PanelCard;
  canEdit: boolean;
  onCardChange: (card: PanelCard) => void;
}

export function Card({ card, canEdit, onCardChange }: CardProps) {
  const { item, link } = card;
  const [dialogOpen, setDialogOpen] = useState(false);
  const [confirmUnlink, setConfirmUnlink] = useState(false);
  const [running, setRunning] = useState<Action | null>(null);
  const [failure, setFailure] = useState<{ action: Action; error: RpcError } | null>(null);

  const run = async (action: Action) => {
    if (running !== null) return;
    setFailure(null);
    setRunning(action);
    const answer = await callPanel(action, { itemId: item.id });
    setRunning(null);
    if (answer.ok) {
      onCardChange(answer.data);
    } else {
      setFailure({ action, error: answer.error });
    }
  };

  const linked = (updated: PanelCard) => {
    setDialogOpen(false);
    setFailure(null);
    onCardChange(updated);
  };

  return (
    <Box xcss={cardStyle} testId={`zendesk-card-${item.id}`}>
      <Stack space="space.150">
        <Inline space="space.100" alignBlock="start" spread="space-between">
          <Stack space="space.025">
            <Heading size="xsmall">{item.name}</Heading>
            <Text size="small" color="color.text.subtle">
              {moduleLabel(item.zendeskObject)}
            </Text>
          </Stack>
          <Lozenge appearance={SYNC_MODE_APPEARANCE[item.syncMode]}>
            {SYNC_MODE_LABELS[item.syncMode]}
          </Lozenge>
        </Inline>
        {failure !== null ? (
          <SectionMessage appearance="error" title={ACTION_FAILED[failure.action]}>
            <Text>{describeError(failure.error)}</Text>
          </SectionMessage>
        ) : null}
        {link === null ? (
          <Unlinked card={card} canEdit={canEdit} onOpenDialog={() => setDialogOpen(true)} />
        ) : (
          <Linked
            card={card}
            link={link}
            canEdit={canEdit}
            running={running}
            onRefresh={() => void run('refresh')}
            onUnlink={() => setConfirmUnlink(true)}
          />
        )}
      </Stack>
      {confirmUnlink && link !== null ? (
        <UnlinkConfirm
          link={link}
          syncMode={item.syncMode}
          onCancel={() => setConfirmUnlink(false)}
          onConfirm={() => {
            setConfirmUnlink(false);
            void run('unlink');
          }}
        />
      ) : null}
      {dialogOpen ? (
        <LinkDialog
          itemId={item.id}
          zendeskObject={item.zendeskObject}
          onClose={() => setDialogOpen(false)}
          onLinked={linked}
        />
      ) : null}
    </Box>
  );
}

function Unlinked({
  card,
  canEdit,
  onOpenDialog,
}: {
  card: PanelCard;
  canEdit: boolean;
  onOpenDialog: () => void;
}) {
  const { item } = card;
  // Only tickets take part in synchronization (docs/contracts/connector-rules.md § Ticket-only sync).
  const note = item.zendeskObject === 'ticket' ? syncStartsNote(item.syncMode) : null;
  return (
    <Stack space="space.100">
      {note !== null ? <Text>{note}</Text> : null}
      <Inline>
        <Button appearance="primary" isDisabled={!canEdit} onClick={onOpenDialog}>
          {linkButtonLabel(item.zendeskObject)}
        </Button>
      </Inline>
      {!canEdit ? (
        <Text size="small" color="color.text.subtle">
          {noEditPermission(item.zendeskObject)}
        </Text>
      ) : null}
    </Stack>
  );
}

interface LinkedProps {
  card: PanelCard;
  link: LinkRecord;
  canEdit: boolean;
  running: Action | null;
  onRefresh: () => void;
  onUnlink: () => void;
}

function Linked({ card, link, canEdit, running, onRefresh, onUnlink }: LinkedProps) {
  const { headline, rest } = splitPreview(link.zendeskObject, visiblePreview(link.preview));
  const preview = rest;
  const title = headline.get('subject') ?? headline.get('name');
  const status = headline.get('status');
  const requester = headline.get('requester');
  const email = headline.get('email');
  return (
    <Stack space="space.150">
      <Stack space="space.025">
        <Inline space="space.100" alignBlock="center">
          <Text weight="semibold">{recordLabel(link.zendeskObject, link.recordId)}</Text>
          {status !== undefined ? (
            <Lozenge appearance={statusAppearance(status)} testId="zendesk-status">
              {status}
            </Lozenge>
          ) : null}
        </Inline>
        {title !== undefined ? <Text testId="zendesk-title">{title}</Text> : null}
        {requester !== undefined ? (
          <Text size="small" color="color.text.subtle">{`Requester: ${requester}`}</Text>
        ) : null}
        {email !== undefined ? (
          <Text size="small" color="color.text.subtle">
            {email}
          </Text>
        ) : null}
        {link.origin === 'auto' ? (
          <Text size="small" color="color.text.subtle">
            {AUTO_MANAGED_NOTE}
          </Text>
        ) : null}
      </Stack>
      {link.problems.map((problem, index) => (
        <ProblemMessage key={`${index}:${problem.code}`} problem={problem} />
      ))}
      {preview.length > 0 ? <PreviewTable preview={preview} /> : null}
      {preview.length === 0 && title === undefined ? (
        <Text color="color.text.subtle">
          No field values to show yet. Use Refresh to load them from Zendesk.
        </Text>
      ) : null}
      {link.previewAt ? (
        <Text size="small" color="color.text.subtle">{`Last refreshed ${formatTime(link.previewAt)}`}</Text>
      ) : null}
      <ButtonGroup label="Zendesk record actions">
        {card.openUrl !== null ? (
          <LinkButton href={card.openUrl} target="_blank">
            Open in Zendesk
          </LinkButton>
        ) : null}
        <LoadingButton
          isLoading={running === 'refresh'}
          isDisabled={running !== null && running !== 'refresh'}
          onClick={onRefresh}
        >
          Refresh
        </LoadingButton>
        {card.canUnlink ? (
          <LoadingButton
            appearance="subtle"
            isLoading={running === 'unlink'}
            isDisabled={!canEdit || (running !== null && running !== 'unlink')}
            onClick={onUnlink}
          >
            Unlink
          </LoadingButton>
        ) : null}
      </ButtonGroup>
    </Stack>
  );
}

function UnlinkConfirm({
  link,
  syncMode,
  onCancel,
  onConfirm,
}: {
  link: LinkRecord;
  syncMode: PanelCard['item']['syncMode'];
  onCancel: () => void;
  onConfirm: () => void;
}) {
  const copy = unlinkCopy(link.zendeskObject, link.recordId, syncMode);
  return (
    <PanelModal
      title={copy.title}
      width="small"
      warning
      onClose={onCancel}
      footer={
        <>
          <Button appearance="subtle" onClick={onCancel}>
            Cancel
          </Button>
          <Button appearance="warning" onClick={onConfirm}>
            Unlink
          </Button>
        </>
      }
    >
      <Text>{copy.body}</Text>
    </PanelModal>
  );
}

function ProblemMessage({ problem }: { problem: SyncProblem }) {
  const limitation = problem.kind === 'limitation';
  return (
    <SectionMessage
      appearance={limitation ? 'warning' : 'error'}
      title={limitation ? 'Sync limitation' : 'Sync error'}
    >
      <Text>{describeError(problem)}</Text>
    </SectionMessage>
  );
}

function formatTime(iso: string): string {
  const time = new Date(iso);
  return Number.isNaN(time.getTime()) ? iso : time.toLocaleString();
}
