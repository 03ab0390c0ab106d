import type { Activity } from 'botbuilder';

/**
 * Whether an activity comes from one of the allowed tenants. Teams names the tenant twice, in
 * `channelData.tenant.id` and `conversation.tenantId`: both must be allowed where both are present,
 * and at least one must be. Tenant ids are GUIDs, compared case-insensitively.
 */
export function tenantAllowed(activity: Partial<Activity>, allowedTenantIds: readonly string[]): boolean {
  if (allowedTenantIds.length === 0) return true;
  const channelData = activity.channelData as { tenant?: { id?: unknown } } | undefined;
  const named = [channelData?.tenant?.id, activity.conversation?.tenantId].filter(
    (id): id is unknown => id !== undefined && id !== null,
  );
  if (named.length === 0) return false;
  const allowed = new Set(allowedTenantIds.map((id) => id.toLowerCase()));
  return named.every((id) => typeof id === 'string' && allowed.has(id.toLowerCase()));
}
