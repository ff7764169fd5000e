import { afterAll, beforeAll } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/database.js';
import { userRepositoryContract } from '../../../application/ports/user-repository.contract.js';
import { SequelizeUserRepository } from './sequelize-user-repository.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

userRepositoryContract('SequelizeUserRepository', async () => {
  await db.sequelize.query('TRUNCATE users CASCADE');
  return new SequelizeUserRepository(db.sequelize);
});
