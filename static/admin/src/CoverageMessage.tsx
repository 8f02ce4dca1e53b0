import { Text } from '@atlaskit/primitives';
import SectionMessage from '@atlaskit/section-message';
import Spinner from '@atlaskit/spinner';
import type { CoverageState } from './useCoverage';
import { RpcErrorMessage } from './RpcErrorMessage';

/** Create-field coverage: which required Jira fields auto-created issues would miss. */
export function CoverageMessage({ coverage }: { coverage: CoverageState }) {
  if (coverage.error) {
    return (
      <RpcErrorMessage
        title="Could not check Jira create fields"
        error={coverage.error}
        testId="coverage-error"
      />
    );
  }
  if (coverage.checking && coverage.warnings.length === 0) {
    return (
      <Text color="color.text.subtle">
        <Spinner size="small" label="Checking Jira create fields" /> Checking Jira create fields…
      </Text>
    );
  }
  if (coverage.warnings.length === 0) return null;
  return (
    <SectionMessage
      appearance="warning"
      title="Jira may not be able to create issues for this item"
      testId="coverage-warning"
    >
      <ul>
        {coverage.warnings.map((w) => (
          <li key={w.fieldId}>
            <Text weight="medium">{w.fieldName}</Text>
            <Text color="color.text.subtle"> ({w.fieldId})</Text>: {w.message}
          </li>
        ))}
      </ul>
    </SectionMessage>
  );
}
