/**
 * Accounts and access: better-auth's users, sessions, accounts and verifications (lib/auth/auth.ts),
 * plus our API tokens, login-failure log (rate limit), access settings and server secrets.
 * Secrets (session tokens, API tokens) are stored only as SHA-256 hashes; passwords only as
 * better-auth's scrypt hashes.
 */
import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

const now = sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`;

/*
 * better-auth's tables (https://www.better-auth.com/docs/concepts/database#core-schema), with the
 * username plugin's columns and our two user fields (role, disabled). Ids are SQLite integers
 * (better-auth's `generateId: "serial"`), so api_tokens/reports/report_links keep integer FKs to
 * users.id. Column names are ours (snake_case); better-auth addresses the drizzle property names.
 */
const createdAt = () =>
  integer('created_at', { mode: 'timestamp_ms' })
    .notNull()
    .default(sql`(cast(unixepoch('subsecond') * 1000 as integer))`);
const updatedAt = () =>
  integer('updated_at', { mode: 'timestamp_ms' })
    .notNull()
    .default(sql`(cast(unixepoch('subsecond') * 1000 as integer))`);

export const users = sqliteTable(
  'users',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** better-auth's display name: the login name as typed. */
    name: text('name').notNull(),
    /** Required by better-auth; derived and never shown (`<name>@users.joulebench.invalid`). */
    email: text('email').notNull(),
    emailVerified: integer('email_verified', { mode: 'boolean' }).notNull().default(false),
    image: text('image'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    /** username plugin: the login name lower-cased (unique, so names are case-insensitive). */
    username: text('username'),
    /** username plugin: the login name as typed. */
    displayUsername: text('display_username'),
    /** 'admin' | 'engineer' | 'viewer' (better-auth additional field, not settable by sign-up). */
    role: text('role').notNull().default('viewer'),
    /** A disabled account cannot sign in; its sessions are deleted when it is disabled. */
    disabled: integer('disabled', { mode: 'boolean' }).notNull().default(false),
  },
  (t) => [uniqueIndex('users_email_uq').on(t.email), uniqueIndex('users_username_uq').on(t.username)],
);

export const sessions = sqliteTable(
  'sessions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
    /**
     * SHA-256 (hex) of better-auth's session token: lib/auth/session-store.ts hashes it on the way
     * into the database, so the token itself (inside the signed cookie) is never stored.
     */
    token: text('token').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    ipAddress: text('ip_address'),
    userAgent: text('user_agent'),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
  },
  (t) => [uniqueIndex('sessions_token_uq').on(t.token), index('sessions_user_idx').on(t.userId)],
);

/** better-auth's accounts: one 'credential' row per user holds the password hash. */
export const accounts = sqliteTable(
  'accounts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    accountId: text('account_id').notNull(),
    providerId: text('provider_id').notNull(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    accessToken: text('access_token'),
    refreshToken: text('refresh_token'),
    idToken: text('id_token'),
    accessTokenExpiresAt: integer('access_token_expires_at', { mode: 'timestamp_ms' }),
    refreshTokenExpiresAt: integer('refresh_token_expires_at', { mode: 'timestamp_ms' }),
    scope: text('scope'),
    /** better-auth's password hash (scrypt, `salt:key` hex). */
    password: text('password'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('accounts_user_idx').on(t.userId)],
);

/** better-auth's verification values (unused by Joulebench's flows; part of better-auth's core schema). */
export const verifications = sqliteTable(
  'verifications',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    identifier: text('identifier').notNull(),
    value: text('value').notNull(),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('verifications_identifier_idx').on(t.identifier)],
);

/**
 * Server-side secrets, e.g. better-auth's signing secret when neither BETTER_AUTH_SECRET nor
 * JOULEBENCH_AUTH_SECRET is set (generated on first start, lib/auth/secret.ts). Never returned by
 * any API.
 */
export const serverSecrets = sqliteTable('server_secrets', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  createdAt: text('created_at').notNull().default(now),
});

export const apiTokens = sqliteTable(
  'api_tokens',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
    role: text('role').notNull(),
    /** hex SHA-256 of the token; the token itself is shown once at creation. */
    tokenHash: text('token_hash').notNull(),
    /** First characters of the token, so a user can tell tokens apart in the list. */
    prefix: text('prefix').notNull(),
    createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: text('created_at').notNull().default(now),
    expiresAt: text('expires_at'),
    lastUsedAt: text('last_used_at'),
    revokedAt: text('revoked_at'),
  },
  (t) => [uniqueIndex('api_tokens_hash_uq').on(t.tokenHash)],
);

/** One row per failed login; the rate limiter counts rows in a sliding window per key. */
export const loginFailures = sqliteTable(
  'login_failures',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** "ip|username-lowercase" */
    key: text('key').notNull(),
    at: integer('at').notNull(),
  },
  (t) => [index('login_failures_key_idx').on(t.key, t.at)],
);

/** Access settings (key -> JSON value), e.g. engineers_can_launch_sweeps. */
export const accessSettings = sqliteTable('access_settings', {
  key: text('key').primaryKey(),
  value: text('value', { mode: 'json' }).notNull().$type<unknown>(),
});

export type User = typeof users.$inferSelect;
export type Session = typeof sessions.$inferSelect;
export type ApiToken = typeof apiTokens.$inferSelect;
