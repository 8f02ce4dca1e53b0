/**
 * Event payloads handed to app callbacks. UI Kit passes a serialisable copy of the DOM
 * event, never the event itself (@atlaskit/forge-react-types `SerialisableEvent`), and
 * @forge/react's `useForm().register().onChange` reads `event.target.type` and
 * `event.target.value` / `checked` from it (out/hooks/useForm.js).
 */
import type { SyntheticEvent } from 'react';
import type { AppCallback } from './props';

export interface SerialisableEvent {
  bubbles: boolean;
  cancelable: boolean;
  defaultPrevented: boolean;
  eventPhase: number;
  isTrusted: boolean;
  target: {
    selectionStart?: number | null;
    selectionEnd?: number | null;
    value?: unknown;
    checked?: boolean;
    name?: string;
    id?: string;
    tagName?: string;
    type?: string;
  };
  timeStamp: number;
  type: string;
}

function targetOf(element: EventTarget | null): SerialisableEvent['target'] {
  if (element instanceof HTMLInputElement || element instanceof HTMLTextAreaElement) {
    const target: SerialisableEvent['target'] = {
      value: element.value,
      name: element.name,
      id: element.id,
      tagName: element.tagName,
      type: element.type,
    };
    // selectionStart throws on input types without a text selection (checkbox, number).
    try {
      target.selectionStart = element.selectionStart;
      target.selectionEnd = element.selectionEnd;
    } catch {
      // not a text input; leave the selection out
    }
    if (element instanceof HTMLInputElement && (element.type === 'checkbox' || element.type === 'radio')) {
      target.checked = element.checked;
    }
    return target;
  }
  if (element instanceof HTMLElement) {
    return { id: element.id, tagName: element.tagName };
  }
  return {};
}

export function serialiseEvent(event: SyntheticEvent): SerialisableEvent {
  return {
    bubbles: event.bubbles,
    cancelable: event.cancelable,
    defaultPrevented: event.defaultPrevented,
    eventPhase: event.eventPhase,
    isTrusted: event.isTrusted,
    target: targetOf(event.currentTarget ?? event.target),
    timeStamp: event.timeStamp,
    type: event.type,
  };
}

export type AppErrorReporter = (error: unknown) => void;

/**
 * Calls into app code. A throw or a rejected promise is reported to the host (the real
 * host shows an error for the extension), never swallowed and never allowed to break the
 * host's own React tree.
 */
export function callApp(
  report: AppErrorReporter,
  callback: AppCallback | undefined,
  ...args: unknown[]
): void {
  if (!callback) return;
  try {
    const result = callback(...args);
    if (
      typeof result === 'object' &&
      result !== null &&
      'then' in result &&
      typeof result.then === 'function'
    ) {
      (result as PromiseLike<unknown>).then(undefined, report);
    }
  } catch (error) {
    report(error);
  }
}
