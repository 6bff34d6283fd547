import { useId } from 'preact/hooks';
import type { SignInRequest } from '../../lib/handoff/types';
import { NoticeBanner } from './NoticeBanner';
import {
  type ConnectOffer,
  connectHint,
  connectLabel,
  progressWords,
  type SignInProgress,
} from './sign-in';

/**
 * **Connect Salesforce** (or **Reconnect as <console user>**) under the notice that asks for it,
 * and how the sign-in went: "Connecting…" while the platform's window is open, "Connected as …",
 * or the background's notice of why not (with its fix), the button kept to try again.
 *
 * Only a click the browser vouches for runs it: the console page shares this shadow root's
 * document and could script a click (`isTrusted` is false for those), and a sign-in must be the
 * agent's choice.
 */
export function ConnectAction(props: {
  offer: ConnectOffer | null;
  progress: SignInProgress;
  onConnect(signIn: SignInRequest): void;
}) {
  const { offer, progress } = props;
  const hintId = useId();
  if (!offer && progress.step === 'idle') return null;
  const connecting = progress.step === 'connecting';
  const line = progressWords(progress);
  const press = (event: MouseEvent) => {
    if (event.isTrusted === true && offer && !connecting) props.onConnect(offer.signIn);
  };
  return (
    <div class="hf-connect" data-step={progress.step}>
      {offer && (
        <div class="hf-actions__buttons">
          <button
            type="button"
            class="hf-button hf-button--brand"
            data-action="connect"
            // Not `disabled`: a disabled button drops keyboard focus while the window is open,
            // and the agent's next Tab would start from the top of the page. `press` ignores it.
            aria-disabled={connecting ? 'true' : undefined}
            aria-describedby={hintId}
            onClick={press}
          >
            {connecting ? 'Connecting…' : connectLabel(offer)}
          </button>
          <span class="hf-hint" id={hintId}>
            {connectHint(offer)}
          </span>
        </div>
      )}
      {line && (
        <p class="hf-hint hf-connect__line" role="status">
          {connecting && <span class="hf-spinner" aria-hidden="true" />}
          {line}
        </p>
      )}
      {progress.step === 'failed' && <NoticeBanner notice={progress.notice} />}
    </div>
  );
}
