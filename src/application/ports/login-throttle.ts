/** Who is trying to log in: the normalised email and the client IP. */
export interface LoginAttempt {
  email: string;
  ip: string;
}

/**
 * Brute-force protection for logins: consecutive failures per email+IP and failures
 * per IP per day. assertAllowed rejects with RateLimitedError (retry-after seconds)
 * while either limit is exhausted.
 */
export interface LoginThrottle {
  assertAllowed(attempt: LoginAttempt): Promise<void>;
  recordFailure(attempt: LoginAttempt): Promise<void>;
  /** Resets the consecutive-failure count of this email+IP. */
  recordSuccess(attempt: LoginAttempt): Promise<void>;
}
