/**
 * `joulebench token create --role admin|engineer|viewer --name NAME [--expires-days N]` prints the
 * new API token as the LAST line of stdout (scripts: `TOKEN=$(joulebench token create ... | tail -1)`).
 * `token list`, `token revoke ID`. Writes the local database (JOULEBENCH_DB).
 */
import type { Command } from 'commander';
import { getDb } from '@/db/client';
import { createApiToken, listApiTokens, revokeApiToken } from '@/db/queries/tokens';
import { isRole, ROLES, type Role } from '@/lib/auth/roles';

export function register(program: Command) {
  const token = program.command('token').description('manage API tokens (for the CLI, the harness and scripts)');

  token
    .command('create')
    .description('create an API token; the token is printed once, as the last line of stdout')
    .requiredOption('--name <name>', 'what the token is for, e.g. "gpu-node-7 harness"')
    .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`)
    .option('--expires-days <n>', 'expire after N days (default: never)')
    .action(async (opts: { name: string; role: string; expiresDays?: string }) => {
      if (!isRole(opts.role)) throw new Error(`--role: must be one of ${ROLES.join(', ')}, got "${opts.role}"`);
      if (!opts.name.trim()) throw new Error('--name: must not be empty');
      let expiresAt: string | null = null;
      if (opts.expiresDays !== undefined) {
        const n = Number(opts.expiresDays);
        if (!Number.isInteger(n) || n <= 0)
          throw new Error(`--expires-days: must be a positive integer, got "${opts.expiresDays}"`);
        expiresAt = new Date(Date.now() + n * 86_400_000).toISOString();
      }
      const r = createApiToken(getDb(), {
        name: opts.name.trim(),
        role: opts.role as Role,
        createdBy: null,
        expiresAt,
      });
      process.stderr.write(
        `created ${r.record.role} token #${r.record.id} "${r.record.name}"${expiresAt ? `, expires ${expiresAt}` : ''}. It is shown only now:\n`,
      );
      process.stdout.write(`${r.token}\n`);
    });

  token
    .command('list')
    .description('list API tokens (never their secrets)')
    .option('--json', 'machine-readable output')
    .action(async (opts: { json?: boolean }) => {
      const rows = listApiTokens(getDb());
      if (opts.json) process.stdout.write(JSON.stringify(rows) + '\n');
      else
        for (const t of rows)
          process.stdout.write(
            `${t.id}\t${t.name}\t${t.role}\t${t.prefix}…\tlast used ${t.lastUsedAt ?? 'never'}${t.revokedAt ? '\trevoked' : ''}\n`,
          );
    });

  token
    .command('revoke')
    .description('revoke an API token by id')
    .argument('<id>', 'token id (see token list)')
    .action(async (id: string) => {
      const n = Number(id);
      if (!Number.isInteger(n) || n <= 0) throw new Error(`id: must be a positive integer, got "${id}"`);
      const t = revokeApiToken(getDb(), n);
      process.stdout.write(`revoked token #${t.id} "${t.name}"\n`);
    });
}
