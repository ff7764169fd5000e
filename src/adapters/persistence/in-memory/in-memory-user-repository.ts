import { DuplicateEmailError, type Page, type UserListQuery, type UserRepository } from '../../../application/ports/user-repository.js';
import { User } from '../../../domain/user/user.js';
import { encodeCursor, parseCursor } from '../keyset-cursor.js';

const newestFirst = (a: User, b: User) => b.createdAt.getTime() - a.createdAt.getTime() || (b.id < a.id ? -1 : b.id > a.id ? 1 : 0);

/** Keeps copies, never the caller's objects, so it behaves like a real store. */
export class InMemoryUserRepository implements UserRepository {
  private readonly rows = new Map<string, User>();

  async findById(id: string) {
    const user = this.rows.get(id);
    return user ? User.restore(user.toProps()) : null;
  }

  async findByEmail(email: string) {
    const wanted = email.toLowerCase();
    for (const user of this.rows.values()) if (user.email.toLowerCase() === wanted) return User.restore(user.toProps());
    return null;
  }

  async insert(user: User) {
    if (await this.findByEmail(user.email)) throw new DuplicateEmailError();
    this.rows.set(user.id, User.restore(user.toProps()));
  }

  async update(user: User) {
    const stored = this.rows.get(user.id);
    if (!stored || stored.version !== user.version) return false;
    this.rows.set(user.id, User.restore({ ...user.toProps(), version: user.version + 1 }));
    return true;
  }

  async list(query: UserListQuery): Promise<Page<User>> {
    const after = parseCursor(query.cursor);
    const q = query.q?.toLowerCase();
    const matching = [...this.rows.values()]
      .filter((u) => !query.role || u.role === query.role)
      .filter((u) => !q || u.email.toLowerCase().includes(q) || u.name.toLowerCase().includes(q))
      .filter((u) => !after || u.createdAt < after.at || (u.createdAt.getTime() === after.at.getTime() && u.id < after.id))
      .sort(newestFirst);
    const items = matching.slice(0, query.limit).map((u) => User.restore(u.toProps()));
    const last = items.at(-1);
    const nextCursor = matching.length > query.limit && last ? encodeCursor({ at: last.createdAt, id: last.id }) : null;
    return { items, nextCursor };
  }

  async count() {
    return this.rows.size;
  }
}
