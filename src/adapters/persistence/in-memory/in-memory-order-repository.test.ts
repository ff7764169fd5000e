import { orderRepositoryContract } from '../../../application/ports/order-repository.contract.js';
import { InMemoryOrderRepository } from './in-memory-order-repository.js';

orderRepositoryContract('InMemoryOrderRepository', async () => ({
  repo: new InMemoryOrderRepository(),
  customers: [
    { id: '11111111-0000-4000-8000-000000000001', name: 'Ann' },
    { id: '11111111-0000-4000-8000-000000000002', name: 'Bob' },
  ],
}));
