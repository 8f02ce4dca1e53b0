/**
 * The panel's one modal layout (title, body, footer), shared by the Link dialog and the
 * Unlink question so both close the same way (Escape, blanket, Cancel).
 */
import type { ReactNode } from 'react';
import { Modal, ModalBody, ModalFooter, ModalHeader, ModalTitle, ModalTransition } from '@forge/react';

export interface PanelModalProps {
  title: string;
  width: 'small' | 'medium';
  /** A warning title marks a question whose answer removes something. */
  warning?: boolean;
  onClose: () => void;
  footer: ReactNode;
  children: ReactNode;
}

export function PanelModal({ title, width, warning = false, onClose, footer, children }: PanelModalProps) {
  return (
    <ModalTransition>
      <Modal onClose={onClose} width={width} label={title}>
        <ModalHeader>
          {warning ? <ModalTitle appearance="warning">{title}</ModalTitle> : <ModalTitle>{title}</ModalTitle>}
        </ModalHeader>
        <ModalBody>{children}</ModalBody>
        <ModalFooter>{footer}</ModalFooter>
      </Modal>
    </ModalTransition>
  );
}
