import { describe, expect, test } from 'vitest';
import {
  groupControls,
  memberControls,
  membersByRole,
  type TGroupMember,
} from './group-permissions.js';

const member = (id: string, role: TGroupMember['role']): TGroupMember => ({
  user: { id, username: `user_${id}`, displayName: id, status: '', picture: null },
  role,
  lastDeliveredSeq: 0,
  lastReadSeq: 0,
});

const owner = member('owner', 'owner');
const admin = member('admin', 'admin');
const plain = member('plain', 'member');
const everyone = [owner, admin, plain];

/** Whom `me` may remove and whose role `me` may set, by member id. */
function allowed(me: TGroupMember) {
  const controls = everyone.map((m) => ({
    id: m.user.id,
    ...memberControls(me.role, me.user.id, m),
  }));
  return {
    remove: controls.filter((c) => c.remove).map((c) => c.id),
    setRole: controls.filter((c) => c.setRole).map((c) => c.id),
  };
}

describe('group controls by role', () => {
  test('the owner and admins rename and add people; members do neither', () => {
    expect(groupControls('owner')).toEqual({ rename: true, addMembers: true });
    expect(groupControls('admin')).toEqual({ rename: true, addMembers: true });
    expect(groupControls('member')).toEqual({ rename: false, addMembers: false });
  });

  test('the owner removes and promotes or demotes everyone else', () => {
    expect(allowed(owner)).toEqual({ remove: ['admin', 'plain'], setRole: ['admin', 'plain'] });
  });

  test('an admin removes plain members only and sets no roles', () => {
    expect(allowed(admin)).toEqual({ remove: ['plain'], setRole: [] });
    expect(allowed(member('admin2', 'admin'))).toEqual({ remove: ['plain'], setRole: [] });
  });

  test('a member acts on nobody', () => {
    expect(allowed(plain)).toEqual({ remove: [], setRole: [] });
  });
});

test('members are listed owner first, then admins, then members, each by name', () => {
  const listed = membersByRole([
    plain,
    member('Bo', 'member'),
    admin,
    owner,
    member('Al', 'admin'),
  ]);
  expect(listed.map((m) => m.user.id)).toEqual(['owner', 'admin', 'Al', 'Bo', 'plain']);
});
