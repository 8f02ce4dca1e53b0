import DynamicTable from '@atlaskit/dynamic-table';
import { Box, Text } from '@atlaskit/primitives';
import type { AdminAction } from '../../../src/domain/rpc';
import { formatWhen } from './format';

const LABELS: Record<AdminAction['action'], string> = {
  pause: 'Paused',
  resume: 'Resumed',
  retry: 'Retry',
  dismiss: 'Dismissed',
  syncNow: 'Sync now',
  rotateToken: 'New credentials',
};

/** The newest few; the log keeps more for whoever reads storage. */
const SHOWN = 20;

const head = {
  cells: [
    { key: 'when', content: 'When' },
    { key: 'who', content: 'Who' },
    { key: 'what', content: 'What' },
  ],
};

/** What admins did in the console, newest first: a dismissed change is never given up silently. */
export function AdminActionsTable({ actions }: { actions: AdminAction[] }) {
  const rows = actions.slice(0, SHOWN).map((a, i) => ({
    key: `${a.at}:${i}`,
    testId: `action-${i}`,
    cells: [
      { key: 'when', content: formatWhen(a.at) },
      { key: 'who', content: a.who },
      { key: 'what', content: <Text>{`${LABELS[a.action]}: ${a.detail}`}</Text> },
    ],
  }));
  return (
    <DynamicTable
      head={head}
      rows={rows}
      testId="admin-actions"
      label="Admin actions"
      emptyView={
        <Box padding="space.200">
          <Text color="color.text.subtle">No admin actions yet.</Text>
        </Box>
      }
    />
  );
}
