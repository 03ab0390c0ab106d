/** Whether an Entra account is a member of a group (transitively); Microsoft Graph in production. */
export interface GroupMembershipCheck {
  isMember(aadObjectId: string, groupId: string): Promise<boolean>;
}

/** Who the school names as its BPV office. */
export interface OfficeMembers {
  /** Entra object ids named one by one (`BPV_OFFICE_USERS`), lower case. */
  readonly users: readonly string[];
  /** An Entra group whose members are the office (`BPV_OFFICE_GROUP_ID`). */
  readonly groupId: string | undefined;
}

/** How long an answer about group membership is kept before Graph is asked again. */
export const OFFICE_MEMBERSHIP_CACHE_MS = 5 * 60 * 1000;

/**
 * The BPV office as a role: bound to the authenticated Teams identity (the Entra object id of the
 * activity, in an allowed tenant), never to an address. Named ids answer at once; group membership
 * is read through Graph and kept for a few minutes, both a yes and a no, so a busy office costs
 * Graph one call per person per few minutes. When Graph cannot answer, the person is not treated
 * as office: the office's cards refuse rather than guess.
 */
export class OfficeRole {
  private readonly cache = new Map<string, { member: boolean; until: number }>();

  constructor(
    private readonly members: OfficeMembers,
    private readonly groups: GroupMembershipCheck | undefined,
    private readonly now: () => Date,
  ) {}

  /** Whether the school named any office at all (else office commands explain how to). */
  get configured(): boolean {
    return this.members.users.length > 0 || this.members.groupId !== undefined;
  }

  async isMember(aadObjectId: string): Promise<boolean> {
    const id = aadObjectId.toLowerCase();
    if (this.members.users.includes(id)) return true;
    const { groupId } = this.members;
    if (!groupId || !this.groups) return false;
    const at = this.now().getTime();
    const cached = this.cache.get(id);
    if (cached && cached.until > at) return cached.member;
    const member = await this.groups.isMember(id, groupId);
    this.cache.set(id, { member, until: at + OFFICE_MEMBERSHIP_CACHE_MS });
    return member;
  }
}
