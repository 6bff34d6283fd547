import type { ComponentChildren, Ref } from 'preact';

export interface InlineConfirmProps {
  question: ComponentChildren;
  confirmLabel: string;
  pending?: boolean;
  /** The safe answer: callers move focus here when the question opens, and back when it closes. */
  cancelRef: Ref<HTMLButtonElement>;
  onConfirm(): void;
  onCancel(): void;
}

/** A destructive action asked about in place (never `window.confirm`), with Cancel as the safe answer. */
export function InlineConfirm(props: InlineConfirmProps) {
  return (
    <fieldset class="confirm">
      <legend class="confirm__question">{props.question}</legend>
      <button
        type="button"
        class="button button--destructive button--small"
        disabled={props.pending}
        onClick={props.onConfirm}
      >
        {props.confirmLabel}
      </button>
      <button
        type="button"
        class="button button--neutral button--small"
        ref={props.cancelRef}
        onClick={props.onCancel}
      >
        Cancel
      </button>
    </fieldset>
  );
}
