import { Box, Stack, Text, xcss } from '@atlaskit/primitives';
import Select from '@atlaskit/select';
import Textfield from '@atlaskit/textfield';
import { useState } from 'react';
import {
  type AutoCreateConditions,
  CONDITION_LABELS,
  ZENDESK_CHANNELS,
} from '../../../src/domain/autoCreateRules';
import { ZENDESK_PRIORITIES } from '../../../src/domain/valueMaps';
import { FormRow } from './FormRow';
import type { Option } from './selectOptions';

interface Props {
  conditions: AutoCreateConditions;
  onChange: (conditions: AutoCreateConditions) => void;
}

const grid = xcss({ display: 'grid', gridTemplateColumns: '1fr 1fr 1fr', gap: 'space.150' });

type TextKey = 'groupIds' | 'brandIds' | 'formIds' | 'tags';
const TEXT_HELP: Record<TextKey, string> = {
  groupIds: 'Zendesk group ids, comma separated.',
  brandIds: 'Zendesk brand ids, comma separated.',
  formIds: 'Zendesk ticket form ids, comma separated.',
  tags: 'Any of these tags, comma separated.',
};

function split(text: string): string[] {
  return text
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

/** A comma-separated list kept as typed (a trailing comma survives) and reported as values. */
function ListField({
  id,
  values,
  onChange,
}: {
  id: TextKey;
  values: string[] | undefined;
  onChange: (values: string[]) => void;
}) {
  const [text, setText] = useState((values ?? []).join(', '));
  return (
    <FormRow id={`condition-${id}`} label={CONDITION_LABELS[id]} helper={TEXT_HELP[id]}>
      <Textfield
        id={`condition-${id}`}
        value={text}
        onChange={(e) => {
          setText(e.currentTarget.value);
          onChange(split(e.currentTarget.value));
        }}
        placeholder="Any"
      />
    </FormRow>
  );
}

function MultiField({
  id,
  choices,
  values,
  onChange,
}: {
  id: 'priorities' | 'channels';
  choices: readonly string[];
  values: string[] | undefined;
  onChange: (values: string[]) => void;
}) {
  const options: Option[] = choices.map((c) => ({ value: c, label: c }));
  return (
    <FormRow id={`condition-${id}`} label={CONDITION_LABELS[id]} helper="Any of the chosen values.">
      <Select<Option, true>
        inputId={`condition-${id}`}
        isMulti
        options={options}
        value={options.filter((o) => (values ?? []).includes(o.value))}
        onChange={(opts) => onChange(opts.map((o) => o.value))}
        placeholder="Any"
        menuPosition="fixed"
      />
    </FormRow>
  );
}

/** Which new Zendesk tickets auto-create: every condition set must hold; empty means any. */
export function AutoCreateConditionsEditor({ conditions, onChange }: Props) {
  const set = (key: keyof AutoCreateConditions, values: string[]) =>
    onChange({ ...conditions, [key]: values });
  return (
    <Stack space="space.100" testId="auto-create-conditions">
      <Text weight="bold">Auto-create conditions</Text>
      <Text as="p" color="color.text.subtle">
        Only tickets created after auto-create was turned on, and matching every condition you set, open a
        Jira issue. Leave a condition empty to accept any value.
      </Text>
      <Box xcss={grid}>
        <ListField id="groupIds" values={conditions.groupIds} onChange={(v) => set('groupIds', v)} />
        <ListField id="brandIds" values={conditions.brandIds} onChange={(v) => set('brandIds', v)} />
        <ListField id="formIds" values={conditions.formIds} onChange={(v) => set('formIds', v)} />
        <ListField id="tags" values={conditions.tags} onChange={(v) => set('tags', v)} />
        <MultiField
          id="priorities"
          choices={ZENDESK_PRIORITIES}
          values={conditions.priorities}
          onChange={(v) => set('priorities', v)}
        />
        <MultiField
          id="channels"
          choices={ZENDESK_CHANNELS}
          values={conditions.channels}
          onChange={(v) => set('channels', v)}
        />
      </Box>
    </Stack>
  );
}
