import {
  CancellationReasonRequiredError,
  InvalidOrderError,
  InvalidStatusTransitionError,
  OrderRuleError,
  TransitionNotPermittedError,
} from '../../domain/order/order-errors.js';
import type { Actor } from '../../domain/order/order.js';
import { ConflictError, ForbiddenError, ValidationError } from '../errors.js';
import type { Principal } from '../principal.js';

export const actorOf = (p: Principal): Actor => ({ id: p.userId, name: p.name, role: p.role });

/** Runs `fn`, turning the aggregate's refusals into the application's errors. */
export function underOrderRules<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (!(err instanceof OrderRuleError)) throw err;
    if (err instanceof InvalidStatusTransitionError) {
      const details = err.allowed.map((status) => ({ path: 'status', message: status }));
      throw new ConflictError(err.message, 'invalid_transition', details);
    }
    if (err instanceof TransitionNotPermittedError) throw new ForbiddenError(err.message);
    if (err instanceof CancellationReasonRequiredError) throw new ValidationError(err.message, [{ path: 'note', message: 'is required to cancel a confirmed order' }]);
    if (err instanceof InvalidOrderError) throw new ValidationError(err.message, [{ path: err.path, message: err.message }]);
    throw err;
  }
}
