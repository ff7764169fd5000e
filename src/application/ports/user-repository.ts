import type { Role } from '../../domain/user/role.js';
import type { User } from '../../domain/user/user.js';

export class DuplicateEmailError extends Error {
  constructor() {
    super('A user with this email already exists.');
    this.name = 'DuplicateEmailError';
  }
}

export interface UserListQuery {
  limit: number;
  /** Opaque cursor from a previous page's nextCursor. */
  cursor?: string;
  role?: Role;
  /** Case-insensitive substring of email or name. */
  q?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * Stores users. Emails arrive normalised (see normaliseEmail); uniqueness is the
 * repository's promise, so two concurrent registrations cannot both succeed.
 */
export interface UserRepository {
  findById(id: string): Promise<User | null>;
  findByEmail(email: string): Promise<User | null>;
  /** Rejects with DuplicateEmailError when the email is taken. */
  insert(user: User): Promise<void>;
  /**
   * Saves every field of an existing user, only if its stored version is still the one
   * `user` was read with (bumping it); resolves false, saving nothing, otherwise. This
   * keeps a slow write (after hashing, say) from undoing an admin's change made meanwhile.
   */
  update(user: User): Promise<boolean>;
  /** Newest first; a keyset cursor keeps pages stable while users are added. */
  list(query: UserListQuery): Promise<Page<User>>;
  count(): Promise<number>;
}
