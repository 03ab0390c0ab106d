import type { GroupMembershipCheck } from '../services/office/office-role';
import type { GraphClient } from './graph-client';

/**
 * Group membership through Graph's `checkMemberGroups` (transitive; application permissions
 * `User.Read.All` and `GroupMember.Read.All`): one request answers whether the user is in the group.
 * A refusal or an unknown user is "not a member"; only an unreachable Graph throws.
 */
export class GraphGroupMembership implements GroupMembershipCheck {
  constructor(private readonly graph: GraphClient) {}

  async isMember(aadObjectId: string, groupId: string): Promise<boolean> {
    const answer = await this.graph.post(`/users/${encodeURIComponent(aadObjectId)}/checkMemberGroups`, {
      groupIds: [groupId],
    });
    if (answer.status !== 200) return false;
    const value = (answer.body as { value?: unknown } | undefined)?.value;
    return Array.isArray(value) && value.some((id) => typeof id === 'string' && id.toLowerCase() === groupId);
  }
}
