import DynamicTable from '@atlaskit/dynamic-table';
import { Box, Inline, Stack, Text } from '@atlaskit/primitives';
import type { ActivityView } from '../../../src/domain/rpc';
import type { SmartItem } from '../../../src/domain/types';
import { WholeLozenge } from './WholeLozenge';
import { describeUpstream } from './errorText';
import { formatWhen } from './format';

interface Props {
  problems: ActivityView['problems'];
  items: SmartItem[];
}

const head = {
  cells: [
    { key: 'issue', content: 'Jira issue' },
    { key: 'item', content: 'Item' },
    { key: 'record', content: 'Zendesk record' },
    { key: 'problem', content: 'Problem' },
  ],
};

/** Problems the sync recorded on individual links, with Zendesk's or Jira's own answer. */
export function ProblemsTable({ problems, items }: Props) {
  const names = new Map(items.map((i) => [i.id, i.name]));
  const rows = problems.map((p) => ({
    key: `${p.itemId}:${p.issueId}`,
    testId: `problem-${p.issueKey}`,
    cells: [
      { key: 'issue', content: <Text weight="medium">{p.issueKey}</Text> },
      { key: 'item', content: names.get(p.itemId) ?? p.itemId },
      { key: 'record', content: p.recordId },
      {
        key: 'problem',
        content: (
          <Stack space="space.100">
            {p.problems.map((problem, i) => (
              <Stack key={i} space="space.025">
                <Inline space="space.075" alignBlock="center">
                  <WholeLozenge appearance={problem.kind === 'error' ? 'removed' : 'moved'}>
                    {problem.kind === 'error' ? 'Error' : 'Limitation'}
                  </WholeLozenge>
                  <Text>{problem.message}</Text>
                </Inline>
                {problem.upstream && <Text size="small">{describeUpstream(problem.upstream)}</Text>}
                <Text size="small" color="color.text.subtlest">
                  {problem.code} · {formatWhen(problem.at)}
                </Text>
              </Stack>
            ))}
          </Stack>
        ),
      },
    ],
  }));

  return (
    <DynamicTable
      head={head}
      rows={rows}
      testId="problems-table"
      label="Problems on linked issues"
      emptyView={
        <Box padding="space.200" testId="problems-empty">
          <Text color="color.text.subtle">No problems on linked issues.</Text>
        </Box>
      }
    />
  );
}
