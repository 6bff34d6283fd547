/**
 * The users of a simulated org. The console's signed-in user is the user of the org's current
 * sessions (`OrgState.consoleUserId`); "Login As" (oauth-control.ts) and the My Domain login page
 * (oauth.ts) change it. OAuth tokens keep the user they were issued to.
 */
import type { SeedOrg } from '../seed';
import { sameId } from './ids';

export interface SimUser {
  /** 18-character User id (key prefix 005). */
  id: string;
  name: string;
  firstName: string;
  lastName: string;
  /** The login name (e-mail form, unique across Salesforce). */
  username: string;
  email: string;
}

export function seedUsers(seed: SeedOrg): SimUser[] {
  return Object.values(seed.users).map((u) => ({
    id: u.id,
    name: u.name,
    firstName: u.firstName,
    lastName: u.lastName,
    username: u.username,
    email: u.email,
  }));
}

/** A user of the org named by id (15 or 18 characters) or by username (any case). */
export function findUser(users: readonly SimUser[], ref: string): SimUser | undefined {
  const wanted = ref.trim();
  if (wanted === '') return undefined;
  return users.find(
    (u) => sameId(u.id, wanted) || u.username.toLowerCase() === wanted.toLowerCase(),
  );
}

/** What the control API shows of a user. */
export function userSummary(user: SimUser): { id: string; name: string; username: string } {
  return { id: user.id, name: user.name, username: user.username };
}
