import type { PolicyStatus } from '../../lib/settings/managed';

/** A policy with thousands of broken mappings lists this many problems; the count says the rest. */
export const SHOWN_PROBLEMS = 20;

/**
 * The organisation's last policy was refused (lib/settings/policy.ts): each problem, naming its
 * policy and path, and what is in force meanwhile. Shown above every section until a corrected
 * policy arrives; not dismissible, since nothing here can fix it.
 */
export function PolicyBanner({ status }: { status: PolicyStatus | null }) {
  const error = status?.error;
  if (!error) return null;
  const earlier = status.appliedAt !== undefined;
  const shown = error.errors.slice(0, SHOWN_PROBLEMS);
  const more = error.errors.length - shown.length;
  return (
    <div class="banner banner--error policy-banner" role="alert">
      <div class="banner__text">
        <p>
          <strong>Your organisation's policy could not be applied:</strong>
        </p>
        <ul class="policy-banner__errors">
          {shown.map((line) => (
            <li key={line}>{line}</li>
          ))}
          {more > 0 && (
            <li>
              and {more} more {more === 1 ? 'problem' : 'problems'}: fix these and the policy is
              judged again
            </li>
          )}
        </ul>
        <p>
          {earlier
            ? 'The previous policy stays in force.'
            : 'No earlier policy is in force: the mappings and settings made here apply.'}{' '}
          Ask your admin to correct the policy; it is read again as soon as the browser delivers it.
        </p>
      </div>
    </div>
  );
}
