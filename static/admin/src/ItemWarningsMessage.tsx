import { Text } from '@atlaskit/primitives';
import SectionMessage from '@atlaskit/section-message';
import Spinner from '@atlaskit/spinner';
import type { ItemWarning } from '../../../src/domain/rpc';
import { RpcErrorMessage } from './RpcErrorMessage';
import type { ItemWarningsState } from './useItemWarnings';

const TITLES: Record<ItemWarning['kind'], string> = {
  coverage: 'Jira may not be able to create issues for this item',
  values: 'Some values have no Jira counterpart',
  overlap: 'Another item auto-creates in this project',
};

/** The draft's warnings, grouped by kind; shown before save and repeated in the save confirmation. */
export function WarningList({ warnings }: { warnings: ItemWarning[] }) {
  const kinds = (['coverage', 'values', 'overlap'] as const).filter((k) =>
    warnings.some((w) => w.kind === k),
  );
  return (
    <>
      {kinds.map((kind) => (
        <SectionMessage key={kind} appearance="warning" title={TITLES[kind]} testId={`warning-${kind}`}>
          <ul>
            {warnings
              .filter((w) => w.kind === kind)
              .map((w, i) => (
                <li key={`${w.fieldId ?? ''}-${i}`}>
                  {w.fieldName && (
                    <>
                      <Text weight="medium">{w.fieldName}</Text>
                      <Text color="color.text.subtle"> ({w.fieldId})</Text>:{' '}
                    </>
                  )}
                  {w.message}
                </li>
              ))}
          </ul>
        </SectionMessage>
      ))}
    </>
  );
}

export function ItemWarningsMessage({ state }: { state: ItemWarningsState }) {
  if (state.error) {
    return <RpcErrorMessage title="Could not check the item" error={state.error} testId="warnings-error" />;
  }
  if (state.checking && state.warnings.length === 0) {
    return (
      <Text color="color.text.subtle">
        <Spinner size="small" label="Checking the item against Jira" /> Checking the item against Jira…
      </Text>
    );
  }
  return <WarningList warnings={state.warnings} />;
}
