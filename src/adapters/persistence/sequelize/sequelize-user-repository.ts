import { Op, UniqueConstraintError, where, fn, col, type Sequelize, type WhereOptions } from 'sequelize';
import { DuplicateEmailError, type Page, type UserListQuery, type UserRepository } from '../../../application/ports/user-repository.js';
import { User } from '../../../domain/user/user.js';
import { encodeCursor, parseCursor } from '../keyset-cursor.js';
import { defineUserModel, type UserModel } from './user.model.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

function toUser(row: UserModel): User {
  const { id, email, name, role, passwordHash, disabled, tokenVersion, version, createdAt, updatedAt } = row.get({ plain: true });
  return User.restore({ id, email, name, role, passwordHash, disabled, tokenVersion, version, createdAt, updatedAt });
}

export class SequelizeUserRepository implements UserRepository {
  private readonly model: typeof UserModel;

  constructor(sequelize: Sequelize) {
    this.model = defineUserModel(sequelize);
  }

  async findById(id: string) {
    if (!UUID.test(id)) return null; // ids come from tokens too; a foreign shape names nobody
    const row = await this.model.findByPk(id);
    return row ? toUser(row) : null;
  }

  async findByEmail(email: string) {
    // Matches the unique index on lower(email), so this is an index lookup.
    const row = await this.model.findOne({ where: where(fn('lower', col('email')), email.toLowerCase()) });
    return row ? toUser(row) : null;
  }

  async insert(user: User) {
    try {
      await this.model.create(user.toProps());
    } catch (err) {
      if (err instanceof UniqueConstraintError) throw new DuplicateEmailError();
      throw err;
    }
  }

  async update(user: User) {
    const { id, version, ...fields } = user.toProps();
    const [changed] = await this.model.update({ ...fields, version: version + 1 }, { where: { id, version } });
    return changed === 1;
  }

  async list(query: UserListQuery): Promise<Page<User>> {
    const after = parseCursor(query.cursor);
    const conditions: WhereOptions[] = [];
    if (query.role) conditions.push({ role: query.role });
    if (query.q) {
      const pattern = `%${escapeLike(query.q)}%`;
      conditions.push({ [Op.or]: [{ email: { [Op.iLike]: pattern } }, { name: { [Op.iLike]: pattern } }] });
    }
    if (after) {
      conditions.push({
        [Op.or]: [{ createdAt: { [Op.lt]: after.at } }, { createdAt: after.at, id: { [Op.lt]: after.id } }],
      });
    }
    const rows = await this.model.findAll({
      where: { [Op.and]: conditions },
      order: [['createdAt', 'DESC'], ['id', 'DESC']],
      limit: query.limit + 1,
    });
    const items = rows.slice(0, query.limit).map(toUser);
    const last = items.at(-1);
    return { items, nextCursor: rows.length > query.limit && last ? encodeCursor({ at: last.createdAt, id: last.id }) : null };
  }

  async count() {
    return this.model.count();
  }
}
