import { sql } from 'drizzle-orm';
import { sqliteTable, integer, text, uniqueIndex, primaryKey, index } from 'drizzle-orm/sqlite-core';

/** A member household of the AMAP (amapien·ne). E-mail is optional: some members have none. */
export const members = sqliteTable(
  'members',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    firstName: text('first_name').notNull(),
    lastName: text('last_name').notNull(),
    /** Stored lower-cased; unique when present. */
    email: text('email'),
    phone: text('phone'),
    phone2: text('phone2'),
    address: text('address'),
    postalCode: text('postal_code'),
    city: text('city'),
    passwordHash: text('password_hash'),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    /** The member asked not to receive non-essential mails (announcements, reminders). */
    mailOptOut: integer('mail_opt_out', { mode: 'boolean' }).notNull().default(false),
    /** The member accepts calls for volunteers (days short of people, stand-ins sought). */
    acceptsDutyCalls: integer('accepts_duty_calls', { mode: 'boolean' }).notNull().default(true),
    /** Shifts expected from this household per season; null: the AMAP's setting. */
    dutyTarget: integer('duty_target'),
    /** A standing note printed on the sign-in sheet ("récupère pour sa voisine"). */
    pickupNote: text('pickup_note'),
    lastLoginAt: text('last_login_at'),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('members_email_unique')
      .on(t.email)
      .where(sql`${t.email} is not null`),
    index('members_last_name_idx').on(t.lastName),
    // The active members' names in order from the index alone (a referent's member picker).
    index('members_active_name_idx').on(t.active, t.lastName, t.firstName),
  ],
);

/** Global roles. Scoped roles (referent, producer of a given producer) live with producers. */
export const memberRoles = sqliteTable(
  'member_roles',
  {
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    role: text('role', { enum: ['admin', 'treasurer', 'coordinator'] }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.memberId, t.role] })],
);
