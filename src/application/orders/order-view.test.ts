import { InMemoryMessageRepository } from '../../adapters/persistence/in-memory/in-memory-message-repository.js';
import { InMemoryOrderRepository } from '../../adapters/persistence/in-memory/in-memory-order-repository.js';
import { orderViewsContract } from '../ports/order-views.contract.js';
import { composedOrderViews } from './order-view.js';

orderViewsContract('composedOrderViews (in-memory stores)', async () => {
  const orders = new InMemoryOrderRepository();
  const messages = new InMemoryMessageRepository(orders.eventLog);
  const customers: [{ id: string; name: string }, { id: string; name: string }] = [
    { id: '11111111-1111-4111-8111-111111111111', name: 'Ann' },
    { id: '22222222-2222-4222-8222-222222222222', name: 'Bob' },
  ];
  return { views: composedOrderViews(orders, messages), orders, messages, customers };
});
