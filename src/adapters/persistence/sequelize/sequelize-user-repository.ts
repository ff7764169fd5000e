import { Op, QueryTypes, UniqueConstraintError, type Sequelize, type WhereOptions } from 'sequelize';
import { DuplicateEmailError, type Page, type UserListQuery, type UserRepository } from '../../../application/ports/user-repository.js';
import { User, type UserProps } from '../../../domain/user/user.js';
import { encodeCursor, parseCursor } from '../keyset-cursor.js';
import { defineUserModel, type UserModel } from './user.model.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

function toUser(row: UserModel): User {
  const { id, email, name, role, passwordHash, disabled, tokenVersion, version, createdAt, updatedAt } = row.get({ plain: true });
  return User.restore({ id, email, name, role, passwordHash, disabled, tokenVersion, version, createdAt, updatedAt });
}

/**
 * The single-row lookups (login, and findById on the cache-miss path) skip the query builder
 * and model instances: a fixed statement, bound values, plain rows. Same columns and types as
 * the model (pg parses timestamptz to Date and integer to number either way).
 */
const SELECT_USER = `SELECT id, email, name, role, password_hash AS "passwordHash", disabled,
  token_version AS "tokenVersion", version, created_at AS "createdAt", updated_at AS "updatedAt"
  FROM users`;
const BY_ID = `${SELECT_USER} WHERE id = $1`;
// Matches the unique index on lower(email), so this is an index lookup.
const BY_EMAIL = `${SELECT_USER} WHERE lower(email) = $1 LIMIT 1`;

export class SequelizeUserRepository implements UserRepository {
  private readonly model: typeof UserModel;

  constructor(private readonly sequelize: Sequelize) {
    this.model = defineUserModel(sequelize);
  }

  async findById(id: string) {
    if (!UUID.test(id)) return null; // ids come from tokens too; a foreign shape names nobody
    return this.findOne(BY_ID, id);
  }

  async findByEmail(email: string) {
    return this.findOne(BY_EMAIL, email.toLowerCase());
  }

  private async findOne(sql: string, value: string): Promise<User | null> {
    const [row] = await this.sequelize.query<UserProps>(sql, { bind: [value], type: QueryTypes.SELECT });
    return row ? User.restore(row) : null; // columns aliased to the domain's names above
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
