import argon2 from 'argon2';
import type { PasswordHashCost } from '../config.js';

export function hashPassword(password: string, cost: PasswordHashCost): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id, ...cost });
}

export function verifyPassword(hash: string, password: string): Promise<boolean> {
  return argon2.verify(hash, password);
}

const dummyHashes = new WeakMap<PasswordHashCost, Promise<string>>();

/**
 * Signing in as an unknown user still spends one Argon2 verification, so response time does not tell
 * whether the username exists.
 */
export async function spendVerification(password: string, cost: PasswordHashCost): Promise<void> {
  let dummy = dummyHashes.get(cost);
  if (!dummy) {
    dummy = hashPassword('parley-dummy-password', cost);
    dummyHashes.set(cost, dummy);
  }
  await verifyPassword(await dummy, password);
}
