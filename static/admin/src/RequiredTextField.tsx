import { ErrorMessage, Field, HelperMessage } from '@atlaskit/form';
import Textfield, { type TextFieldProps } from '@atlaskit/textfield';
import type { ReactNode } from 'react';
import { subdomainProblem } from './validation';

type InputProps = Pick<
  TextFieldProps,
  'type' | 'autoComplete' | 'spellCheck' | 'isReadOnly' | 'testId' | 'elemAfterInput'
>;

interface Props extends InputProps {
  name: string;
  label: string;
  defaultValue: string;
  validate: (value: string | undefined) => string | undefined;
  /** Shown under the input until validation has something to say instead. */
  helper?: ReactNode;
}

/**
 * One required text input of the connection forms (API token and OAuth): an Atlaskit Field
 * inside the surrounding Form, its problem in place of the helper text.
 */
export function RequiredTextField({ name, label, defaultValue, validate, helper, ...input }: Props) {
  return (
    <Field<string> name={name} label={label} isRequired defaultValue={defaultValue} validate={validate}>
      {({ fieldProps, error }) => (
        <>
          <Textfield {...fieldProps} {...input} />
          {error ? (
            <ErrorMessage>{error}</ErrorMessage>
          ) : (
            helper !== undefined && <HelperMessage>{helper}</HelperMessage>
          )}
        </>
      )}
    </Field>
  );
}

/** The Zendesk subdomain, the first input of both connection forms. */
export function SubdomainField({
  initial,
  ...input
}: { initial: string | undefined } & Pick<InputProps, 'isReadOnly' | 'testId' | 'elemAfterInput'>) {
  return (
    <RequiredTextField
      name="subdomain"
      label="Subdomain"
      defaultValue={initial ?? ''}
      validate={subdomainProblem}
      helper="without .zendesk.com"
      autoComplete="off"
      spellCheck={false}
      {...input}
    />
  );
}
