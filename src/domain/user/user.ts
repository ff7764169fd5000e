import type { Role } from './role.js';

export interface UserProps {
  id: string;
  email: string;
  name: string;
  role: Role;
  passwordHash: string;
  disabled: boolean;
  /** Revocation marker: tokens issued before this instant are refused. Whole seconds. */
  tokensValidAfter: Date;
  createdAt: Date;
  updatedAt: Date;
}

const SECOND = 1000;
const floorToSecond = (date: Date) => new Date(Math.floor(date.getTime() / SECOND) * SECOND);

/**
 * A user account and the rules that keep its tokens honest. Token times are whole
 * seconds (JWT `iat`), so revoking moves the marker to the next second boundary:
 * every token issued before the revocation falls strictly before it, and tokens
 * issued afterwards are stamped no earlier than it.
 */
export class User {
  private constructor(private props: UserProps) {}

  static create(props: Omit<UserProps, 'tokensValidAfter' | 'updatedAt' | 'disabled'>): User {
    return new User({ ...props, disabled: false, tokensValidAfter: floorToSecond(props.createdAt), updatedAt: props.createdAt });
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
  get tokensValidAfter() { return this.props.tokensValidAfter; }
  get createdAt() { return this.props.createdAt; }
  get updatedAt() { return this.props.updatedAt; }

  toProps(): UserProps {
    return { ...this.props };
  }

  /** Whether a token issued at `issuedAt` may still act for this user. */
  acceptsTokenIssuedAt(issuedAt: Date): boolean {
    return !this.props.disabled && issuedAt.getTime() >= this.props.tokensValidAfter.getTime();
  }

  /** The `iat` to stamp on a token issued now: never before the revocation marker. */
  tokenIssueTime(now: Date): Date {
    const stamp = floorToSecond(now);
    return stamp < this.props.tokensValidAfter ? this.props.tokensValidAfter : stamp;
  }

  /**
   * Tokens stamped since the last revocation may carry the marker itself as `iat`, so
   * the new marker must also move past the old one, even within the same second.
   */
  revokeTokens(now: Date): void {
    const nextSecond = floorToSecond(now).getTime() + SECOND;
    const pastPrevious = this.props.tokensValidAfter.getTime() + SECOND;
    this.props.tokensValidAfter = new Date(Math.max(nextSecond, pastPrevious));
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
