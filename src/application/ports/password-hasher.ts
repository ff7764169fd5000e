/**
 * Hashes and checks passwords off the request path. Implementations bound their
 * concurrent work and reject with UnavailableError (with a retry hint) when saturated.
 */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /**
   * Whether `password` matches `hash`. With `hash` null (unknown user) it spends the
   * same time against a dummy hash of the current cost and resolves false, so the
   * answer's timing does not reveal whether the account exists.
   */
  verify(password: string, hash: string | null): Promise<boolean>;
  /** True when `hash` was made with weaker settings than the current ones. */
  needsRehash(hash: string): boolean;
}
