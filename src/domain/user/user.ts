import type { Role } from './role.js';

export interface UserProps {
  id: string;
  email: string;
  name: string;
  role: Role;
  passwordHash: string;
  disabled: boolean;
  /**
   * Revocation counter: tokens carry the value they were issued under, and only tokens
   * carrying the current one are accepted. Bumped by revoke-all, password change, role
   * change and disabling, so revocation is exact whatever the clock says.
   */
  tokenVersion: number;
  /** Row version for optimistic concurrency: the store saves only over the version read. */
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** A user account and the rules that keep its tokens honest. */
export class User {
  private constructor(private props: UserProps) {}

  static create(props: Omit<UserProps, 'tokenVersion' | 'version' | 'updatedAt' | 'disabled'>): User {
    return new User({ ...props, disabled: false, tokenVersion: 0, version: 0, updatedAt: props.createdAt });
  }

  static restore(props: UserProps): User {
    return new User({ ...props });
  }

  get id() { return this.props.id; }
  get email() { return this.props.email; }
  get name() { return this.props.name; }
  get role() { return this.props.role; }
  get passwordHash() { return this.props.passwordHash; }
  get disabled() { return this.props.disabled; }
  get tokenVersion() { return this.props.tokenVersion; }
  get version() { return this.props.version; }
  get createdAt() { return this.props.createdAt; }
  get updatedAt() { return this.props.updatedAt; }

  toProps(): UserProps {
    return { ...this.props };
  }

  /** Whether a token issued under `tokenVersion` may still act for this user. */
  acceptsToken(tokenVersion: number): boolean {
    return !this.props.disabled && tokenVersion === this.props.tokenVersion;
  }

  revokeTokens(now: Date): void {
    this.props.tokenVersion += 1;
    this.touch(now);
  }

  changePasswordHash(hash: string, now: Date, revoke: boolean): void {
    this.props.passwordHash = hash;
    if (revoke) this.revokeTokens(now);
    else this.touch(now);
  }

  rename(name: string, now: Date): void {
    this.props.name = name;
    this.touch(now);
  }

  /** A role change ends every session: tokens carry the role they were issued with. */
  changeRole(role: Role, now: Date): void {
    if (role === this.props.role) return;
    this.props.role = role;
    this.revokeTokens(now);
  }

  setDisabled(disabled: boolean, now: Date): void {
    if (disabled === this.props.disabled) return;
    this.props.disabled = disabled;
    if (disabled) this.revokeTokens(now);
    else this.touch(now);
  }

  private touch(now: Date) {
    this.props.updatedAt = now;
  }
}
