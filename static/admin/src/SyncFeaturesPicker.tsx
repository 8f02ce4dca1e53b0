import Checkbox from '@atlaskit/checkbox';
import { Stack, Text } from '@atlaskit/primitives';
import type { SyncFeatures } from '../../../src/domain/types';
import { FEATURE_KEYS, FEATURE_LABELS } from './labels';

interface Props {
  features: SyncFeatures;
  /** Why the features are unavailable, or null when they can be chosen. */
  disabledReason: string | null;
  onChange: (feature: keyof SyncFeatures, on: boolean) => void;
}

export function SyncFeaturesPicker({ features, disabledReason, onChange }: Props) {
  return (
    <Stack space="space.050" testId="sync-features">
      <Text weight="bold">Sync features</Text>
      {disabledReason && (
        <Text as="p" color="color.text.subtle" testId="features-disabled-reason">
          {disabledReason}
        </Text>
      )}
      {FEATURE_KEYS.map((key) => (
        <Checkbox
          key={key}
          name={key}
          label={FEATURE_LABELS[key]}
          isChecked={disabledReason === null && features[key]}
          isDisabled={disabledReason !== null}
          onChange={(e) => onChange(key, e.target.checked)}
          testId={`feature-${key}`}
        />
      ))}
    </Stack>
  );
}
