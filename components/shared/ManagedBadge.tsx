import { MANAGED_LABEL } from '../../lib/settings/managed';

/**
 * Marks an entry the organisation's policy sets: read-only here, changed only by the admin who
 * deploys the policy (README "Deploying to a team"). The popup's rows and the options page's table
 * and editor show it.
 */
export function ManagedBadge() {
  return (
    <span
      class="managed-badge"
      title={`${MANAGED_LABEL}: read-only here. Ask your admin to change it.`}
    >
      {MANAGED_LABEL}
    </span>
  );
}
