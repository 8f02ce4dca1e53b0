import { Box, Stack, Text, xcss } from '@atlaskit/primitives';
import Select from '@atlaskit/select';
import type { JiraFieldInfo, ZendeskFieldInfo } from '../../../src/domain/rpc';
import { effectiveValueMap, zendeskValues } from '../../../src/domain/valueMaps';
import type { Option } from './selectOptions';

interface Props {
  zendesk: ZendeskFieldInfo;
  target: JiraFieldInfo;
  /** The admin's table; null = the default (shown, and stored once edited). */
  valueMap: Record<string, string> | null;
  onChange: (valueMap: Record<string, string>) => void;
}

const rowStyles = xcss({
  display: 'grid',
  gridTemplateColumns: '1fr 1.4fr',
  gap: 'space.100',
  alignItems: 'center',
});

/**
 * Zendesk value → Jira value for a priority or select target. The Jira column only offers what
 * Jira lists for the chosen project and issue type (priorities: the site's own names).
 */
export function ValueMapTable({ zendesk, target, valueMap, onChange }: Props) {
  const values = zendeskValues(zendesk) ?? [];
  if (values.length === 0) return null;
  const table = effectiveValueMap(zendesk, target, valueMap ?? undefined);
  const labels = new Map((zendesk.options ?? []).map((o) => [o.value, o.label]));
  const options: Option[] = (target.allowedValues ?? []).map((v) => ({ value: v, label: v }));
  return (
    <Stack space="space.050" testId={`value-map-${zendesk.id}`}>
      <Text size="small" weight="medium">
        {target.kind === 'priority' ? 'Priority table' : 'Value table'} (Zendesk → Jira)
      </Text>
      {values.map((value) => {
        const chosen = table[value];
        return (
          <Box key={value} xcss={rowStyles}>
            <Text size="small">{labels.get(value) ?? value}</Text>
            <Select<Option, false>
              inputId={`value-${zendesk.id}-${value}`}
              aria-label={`Jira value for ${labels.get(value) ?? value}`}
              options={options}
              value={chosen ? { value: chosen, label: chosen } : null}
              onChange={(opt) => {
                const next = { ...table };
                if (opt) next[value] = opt.value;
                else delete next[value];
                onChange(next);
              }}
              placeholder="No Jira value"
              isClearable
              spacing="compact"
              menuPosition="fixed"
            />
          </Box>
        );
      })}
    </Stack>
  );
}
