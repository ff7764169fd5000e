import { userRepositoryContract } from '../../../application/ports/user-repository.contract.js';
import { InMemoryUserRepository } from './in-memory-user-repository.js';

userRepositoryContract('InMemoryUserRepository', async () => new InMemoryUserRepository());
