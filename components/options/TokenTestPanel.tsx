import { useSignal } from '@preact/signals';
import type { TokenTest } from '../../lib/settings/token-test';
import { messageOf } from '../shared/message-of';
import { inputOf } from './settings-draft';
import type { SettingsStore } from './settings-store';

type Outcome =
  | { state: 'idle' }
  | { state: 'testing' }
  | { state: 'answered'; result: TokenTest }
  | { state: 'failed'; message: string };

const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'long' });

/**
 * "Test a token": a bot's message (or a token alone) checked by the real verifier against the
 * trust settings as they are in the form, saved or not. Verified names iss, aud, kid and expiry;
 * refused says why, in the words an agent would read.
 */
export function TokenTestPanel({ store }: { store: SettingsStore }) {
  const message = useSignal('');
  const outcome = useSignal<Outcome>({ state: 'idle' });

  async function test() {
    const draft = store.draft.value;
    if (!draft || outcome.value.state === 'testing') return;
    const { input, problems } = inputOf(draft);
    const unreadable = problems.filter((p) => p.path.startsWith('trust.'));
    if (unreadable.length > 0) {
      store.showProblems(unreadable);
      outcome.value = { state: 'answered', result: unreadableTrust };
      return;
    }
    outcome.value = { state: 'testing' };
    try {
      const trust = (input as { trust: unknown }).trust;
      const result = await store.api.testToken(trust, message.value);
      if (!result.verified && result.problems) store.showProblems(result.problems);
      outcome.value = { state: 'answered', result };
    } catch (error) {
      outcome.value = { state: 'failed', message: messageOf(error) };
    }
  }

  const o = outcome.value;
  return (
    <div class="settings__token-test">
      <div class="form-row">
        <label class="form-label" for="settings-token-message">
          Test a token: the bot's message
        </label>
        <textarea
          id="settings-token-message"
          class="input input--code"
          rows={4}
          spellcheck={false}
          value={message.value}
          aria-describedby="settings-token-hint"
          onInput={(e) => {
            message.value = e.currentTarget.value;
          }}
        />
        <p class="form-hint" id="settings-token-hint">
          Paste what the bot posted (with its <code>handoff-context: …</code> line), or the token
          alone. It is checked against the trust settings above as they are now, saved or not. Not
          checked here: the conversation it names and whether its id was used before.
        </p>
      </div>
      <div>
        <button
          type="button"
          class="button button--neutral"
          disabled={o.state === 'testing'}
          onClick={() => void test()}
        >
          {o.state === 'testing' ? 'Testing…' : 'Test the token'}
        </button>
      </div>
      <div aria-live="polite" class="settings__token-result">
        {o.state === 'answered' && <TokenResult result={o.result} />}
        {o.state === 'failed' && <p class="notice notice--error">Not tested. {o.message}</p>}
      </div>
    </div>
  );
}

const unreadableTrust: TokenTest = {
  verified: false,
  reason: 'settings',
  message:
    'A trust setting above cannot be read (a key that is not JSON, a number that is no number), so no token can be checked against them: fix the fields marked, then test again.',
};

function TokenResult({ result }: { result: TokenTest }) {
  if (!result.verified) {
    return (
      <div class="notice notice--error" data-verified="false">
        <p>
          <strong>Refused.</strong> {result.message}
        </p>
      </div>
    );
  }
  const expires = new Date(result.exp * 1000);
  return (
    <div class="notice" data-verified="true">
      <p>
        <strong>Verified.</strong> An agent's console would take this context
        {result.keys.length > 0
          ? ` (${result.keys.length} ${result.keys.length === 1 ? 'value' : 'values'})`
          : ''}
        .
      </p>
      <dl class="plan__context">
        <dt>Issuer (iss)</dt>
        <dd>{result.iss}</dd>
        <dt>Audience (aud)</dt>
        <dd>{result.aud.join(', ')}</dd>
        <dt>Key (kid)</dt>
        <dd>{result.kid ?? 'the issuer’s key without a kid'}</dd>
        <dt>Expires (exp)</dt>
        <dd>
          <time dateTime={expires.toISOString()}>{timeFormat.format(expires)}</time>
        </dd>
        {result.conv !== undefined && (
          <>
            <dt>Conversation (conv)</dt>
            <dd>{result.conv}</dd>
          </>
        )}
        {result.keys.length > 0 && (
          <>
            <dt>Context keys</dt>
            <dd>{result.keys.join(', ')}</dd>
          </>
        )}
      </dl>
    </div>
  );
}
