import Button from '@atlaskit/button/new';
import Modal, {
  ModalBody,
  ModalFooter,
  ModalHeader,
  ModalTitle,
  ModalTransition,
} from '@atlaskit/modal-dialog';
import { Stack } from '@atlaskit/primitives';
import { type ReactNode, useState } from 'react';
import type { RpcError } from '../../../src/domain/rpc';
import { RpcErrorMessage } from './RpcErrorMessage';

interface Props {
  isOpen: boolean;
  title: string;
  confirmLabel: string;
  children: ReactNode;
  /** Resolves to an error to keep the dialog open and show it, or null when done. */
  onConfirm: () => Promise<RpcError | null>;
  onClose: () => void;
  testId: string;
}

/** A danger confirmation that stays open, with the reason, when the action fails. */
export function ConfirmDialog({ isOpen, title, confirmLabel, children, onConfirm, onClose, testId }: Props) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<RpcError | null>(null);

  const close = () => {
    if (busy) return;
    setError(null);
    onClose();
  };

  const confirm = async () => {
    setBusy(true);
    setError(null);
    const failure = await onConfirm();
    setBusy(false);
    if (failure) setError(failure);
    else onClose();
  };

  return (
    <ModalTransition>
      {isOpen && (
        <Modal onClose={close} testId={testId} width="small">
          <ModalHeader>
            <ModalTitle appearance="danger">{title}</ModalTitle>
          </ModalHeader>
          <ModalBody>
            <Stack space="space.200">
              {children}
              {error && <RpcErrorMessage title={`${confirmLabel} failed`} error={error} />}
            </Stack>
          </ModalBody>
          <ModalFooter>
            <Button appearance="subtle" onClick={close} isDisabled={busy}>
              Cancel
            </Button>
            <Button
              appearance="danger"
              onClick={() => void confirm()}
              isLoading={busy}
              testId={`${testId}--confirm`}
            >
              {confirmLabel}
            </Button>
          </ModalFooter>
        </Modal>
      )}
    </ModalTransition>
  );
}
