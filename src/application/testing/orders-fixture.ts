import { InMemoryMessageRepository } from '../../adapters/persistence/in-memory/in-memory-message-repository.js';
import { InMemoryOrderRepository } from '../../adapters/persistence/in-memory/in-memory-order-repository.js';
import { InMemoryUserRepository } from '../../adapters/persistence/in-memory/in-memory-user-repository.js';
import { RandomIdGenerator } from '../../adapters/system/random-id-generator.js';
import { FixedClock } from '../../adapters/system/system-clock.js';
import { User } from '../../domain/user/user.js';
import type { Role } from '../../domain/user/role.js';
import type { Principal } from '../principal.js';
import { chatUseCases } from '../chat/chat-use-cases.js';
import { orderUseCases } from '../orders/order-use-cases.js';

/** Order use cases on in-memory adapters, with one user per role. Test code only. */
export async function makeOrders(orders = new InMemoryOrderRepository()) {
  const messages = new InMemoryMessageRepository(orders.eventLog);
  const users = new InMemoryUserRepository();
  const clock = new FixedClock();
  const principals = {} as Record<'ann' | 'bob' | 'staff' | 'admin', Principal>;
  const people: Array<[keyof typeof principals, Role, string]> = [['ann', 'customer', 'Ann'], ['bob', 'customer', 'Bob'], ['staff', 'staff', 'Sam'], ['admin', 'admin', 'Ada']];
  for (const [key, role, name] of people) {
    const user = User.create({ id: new RandomIdGenerator().newId(), email: `${key}@example.test`, name, role, passwordHash: 'x', createdAt: clock.now() });
    await users.insert(user);
    principals[key] = { userId: user.id, name, email: user.email, role };
  }
  const useCases = orderUseCases({ orders, users, messages, clock, ids: new RandomIdGenerator() });
  const chat = chatUseCases({ orders, messages, clock });
  return { ...useCases, ...chat, orders, messages, users, clock, ...principals };
}

export const beans = { name: 'Espresso beans 1kg', quantity: 2, unitPriceCents: 1850 };
