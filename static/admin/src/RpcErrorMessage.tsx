import { Stack, Text } from '@atlaskit/primitives';
import SectionMessage, { SectionMessageAction } from '@atlaskit/section-message';
import type { RpcError } from '../../../src/domain/rpc';
import { errorLines } from './errorText';

interface Props {
  title: string;
  error: RpcError;
  onRetry?: () => void;
  testId?: string;
}

/** A failed call, with Zendesk's or Jira's own words when they refused. Rendered as text only. */
export function RpcErrorMessage({ title, error, onRetry, testId }: Props) {
  return (
    <SectionMessage
      appearance="error"
      title={title}
      testId={testId ?? 'rpc-error'}
      {...(onRetry
        ? { actions: <SectionMessageAction onClick={onRetry}>Try again</SectionMessageAction> }
        : {})}
    >
      <Stack space="space.050">
        {errorLines(error).map((line) => (
          <Text as="p" key={line}>
            {line}
          </Text>
        ))}
      </Stack>
    </SectionMessage>
  );
}
