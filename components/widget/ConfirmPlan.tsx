import type { HandoffView } from '../../lib/handoff/types';

export type PlanAnswer = 'fill' | 'not-now';

/**
 * Settings `writeMode: 'confirm'`: the plan waits for the agent. The fields table below shows it
 * (label, value, "to fill"); here are **Fill N fields** and **Not now**, and after Not now the way
 * to fill it later. Nothing takes the focus (the agent may be typing a reply). Only a click the
 * browser vouches for answers: the console page shares this shadow root's document and could
 * script a click (`isTrusted` is false for those).
 */
export function ConfirmPlan(props: {
  view: HandoffView;
  busy: boolean;
  onAnswer(answer: PlanAnswer): void;
}) {
  const n = props.view.fields.filter((f) => f.outcome === 'planned').length;
  const declined = props.view.state === 'declined';
  const answer = (a: PlanAnswer) => (event: MouseEvent) => {
    if (event.isTrusted === true) props.onAnswer(a);
  };
  return (
    <div class="hf-confirm">
      <p class="hf-confirm__lead">
        {declined
          ? 'Not filled: nothing was written. The plan is below.'
          : 'Nothing is written until you confirm. The plan is below.'}
      </p>
      <div class="hf-actions__buttons">
        <button
          type="button"
          class="hf-button hf-button--brand"
          data-action="fill"
          disabled={props.busy}
          onClick={answer('fill')}
        >
          Fill {n} {n === 1 ? 'field' : 'fields'}
        </button>
        {!declined && (
          <button
            type="button"
            class="hf-button"
            data-action="not-now"
            disabled={props.busy}
            onClick={answer('not-now')}
          >
            Not now
          </button>
        )}
      </div>
    </div>
  );
}
