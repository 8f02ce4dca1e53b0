import { ErrorMessage, HelperMessage, Label, RequiredAsterisk } from '@atlaskit/form';
import { Stack } from '@atlaskit/primitives';
import type { ReactNode } from 'react';

interface Props {
  id: string;
  label: string;
  isRequired?: boolean;
  helper?: ReactNode;
  error?: string | undefined;
  children: ReactNode;
}

/** A labelled control for the controlled item editor (Atlaskit Field needs a Form around it). */
export function FormRow({ id, label, isRequired, helper, error, children }: Props) {
  return (
    <Stack space="space.050" testId={`row-${id}`}>
      <Label htmlFor={id}>
        {label}
        {isRequired && <RequiredAsterisk />}
      </Label>
      {children}
      {error ? <ErrorMessage>{error}</ErrorMessage> : helper ? <HelperMessage>{helper}</HelperMessage> : null}
    </Stack>
  );
}
