import type { TConversation } from './conversation-title.js';

export type TGroupRole = TConversation['myRole'];
export type TGroupMember = TConversation['members'][number];

/** What the caller may do to the group as a whole (as `groups.*` allows it). */
export function groupControls(myRole: TGroupRole) {
  const manager = myRole === 'owner' || myRole === 'admin';
  return { rename: manager, addMembers: manager };
}

/**
 * What the caller may do to one member: the owner removes anyone else and makes them admin or
 * member; an admin removes members only; nobody removes the owner or acts on themselves here
 * (they leave instead).
 */
export function memberControls(myRole: TGroupRole, myUserId: string, member: TGroupMember) {
  const other = member.user.id !== myUserId && member.role !== 'owner';
  return {
    remove: other && (myRole === 'owner' || (myRole === 'admin' && member.role === 'member')),
    setRole: other && myRole === 'owner',
  };
}

const ROLE_ORDER: Record<TGroupMember['role'], number> = { owner: 0, admin: 1, member: 2 };

/** Members as the settings list them: the owner, then admins, then members, each by name. */
export function membersByRole(members: readonly TGroupMember[]): TGroupMember[] {
  return [...members].sort(
    (a, b) =>
      ROLE_ORDER[a.role] - ROLE_ORDER[b.role] ||
      a.user.displayName.localeCompare(b.user.displayName),
  );
}

export const ROLE_LABELS: Record<TGroupMember['role'], string> = {
  owner: 'Owner',
  admin: 'Admin',
  member: 'Member',
};
