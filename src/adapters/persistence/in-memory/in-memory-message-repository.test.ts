import { randomUUID } from 'node:crypto';
import { messageRepositoryContract } from '../../../application/ports/message-repository.contract.js';
import { InMemoryEventLog } from './in-memory-event-log.js';
import { InMemoryMessageRepository } from './in-memory-message-repository.js';

messageRepositoryContract('InMemoryMessageRepository', async () => {
  const events = new InMemoryEventLog();
  return {
    repo: new InMemoryMessageRepository(events),
    events,
    orders: [
      { id: randomUUID(), customer: { id: randomUUID(), name: 'Ann', role: 'customer' } },
      { id: randomUUID(), customer: { id: randomUUID(), name: 'Bob', role: 'customer' } },
    ],
  };
});
