import { users, usersById, type UserRow } from '../data.js';

export const accountsResolvers = {
  Query: {
    me: (): UserRow | undefined => users[0],
    users: (_: unknown, args: { first?: number | null }): readonly UserRow[] =>
      users.slice(0, args.first ?? 5),
    user: (_: unknown, args: { id?: string }): UserRow | undefined => usersById.get(args.id ?? ''),
  },
  User: {
    __resolveReference: (reference: { id: string }): UserRow | undefined => usersById.get(reference.id),
  },
};
