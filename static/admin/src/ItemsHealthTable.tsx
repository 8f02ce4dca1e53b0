import Button from '@atlaskit/button/new';
import DynamicTable from '@atlaskit/dynamic-table';
import { Box, Inline, Stack, Text } from '@atlaskit/primitives';
import type { ItemHealth } from '../../../src/domain/rpc';
import type { SmartItem } from '../../../src/domain/types';
import { formatWhenParts } from './format';
import { WholeLozenge } from './WholeLozenge';

interface Props {
  items: SmartItem[];
  health: ItemHealth[];
  busyItem: string | null;
  onPause: (item: SmartItem, paused: boolean) => void;
}

const head = {
  cells: [
    { key: 'name', content: 'Item' },
    { key: 'links', content: 'Links' },
    { key: 'success', content: 'Last successful run' },
    { key: 'failures', content: 'Failures' },
    { key: 'next', content: 'Next run' },
    { key: 'action', content: 'Sync' },
  ],
};

function When({ iso, none }: { iso: string | null; none: string }) {
  if (iso === null) return <Text color="color.text.subtle">{none}</Text>;
  const { absolute, relative } = formatWhenParts(iso);
  return (
    <Stack>
      <Text>{absolute}</Text>
      {relative && (
        <Text size="small" color="color.text.subtle">
          {relative}
        </Text>
      )}
    </Stack>
  );
}

/** Per item: how many links, when it last synchronized cleanly, what fails, and Pause/Resume. */
export function ItemsHealthTable({ items, health, busyItem, onPause }: Props) {
  const byId = new Map(items.map((i) => [i.id, i]));
  const rows = health.flatMap((h) => {
    const item = byId.get(h.itemId);
    if (!item) return [];
    const syncs = item.zendeskObject === 'ticket' && item.syncMode !== 'none';
    return [
      {
        key: h.itemId,
        testId: `health-${h.itemId}`,
        cells: [
          {
            key: 'name',
            content: (
              <Inline space="space.075" alignBlock="center">
                <Text weight="medium">{item.name}</Text>
                {item.paused && <WholeLozenge appearance="moved">Paused</WholeLozenge>}
              </Inline>
            ),
          },
          { key: 'links', content: h.linksCapped ? `more than ${h.links}` : String(h.links) },
          {
            key: 'success',
            content: syncs ? <When iso={h.lastSuccessAt} none="None in the recent runs" /> : '—',
          },
          {
            key: 'failures',
            content:
              h.failures > 0 ? (
                <WholeLozenge appearance="removed">{`${h.failures} failing`}</WholeLozenge>
              ) : (
                <WholeLozenge appearance="success">None</WholeLozenge>
              ),
          },
          {
            key: 'next',
            content: !syncs ? (
              'Display only'
            ) : item.paused ? (
              <Text color="color.text.subtle">{`Paused by ${item.paused.by}`}</Text>
            ) : (
              <When iso={h.nextRunAt} none="Within five minutes" />
            ),
          },
          {
            key: 'action',
            content: syncs ? (
              <Button
                appearance={item.paused ? 'primary' : 'default'}
                isLoading={busyItem === item.id}
                onClick={() => onPause(item, !item.paused)}
                testId={`${item.paused ? 'resume' : 'pause'}-${item.id}`}
              >
                {item.paused ? 'Resume' : 'Pause'}
              </Button>
            ) : (
              ''
            ),
          },
        ],
      },
    ];
  });
  return (
    <DynamicTable
      head={head}
      rows={rows}
      testId="items-health"
      label="Smart Connected Items"
      emptyView={
        <Box padding="space.200">
          <Text color="color.text.subtle">No Smart Connected Items yet.</Text>
        </Box>
      }
    />
  );
}
