import { Stack, Text } from '@atlaskit/primitives';
import type { FormatOptionLabelMeta } from '@atlaskit/select';
import type { Option } from './selectOptions';

/** Menu entries show the detail line; the chosen value shows the label alone. */
export function formatOptionLabel(option: Option, meta: FormatOptionLabelMeta<Option>) {
  if (meta.context === 'value' || !option.detail) return option.label;
  return (
    <Stack>
      <Text>{option.label}</Text>
      <Text size="small" color="color.text.subtlest">
        {option.detail}
      </Text>
    </Stack>
  );
}
