/**
 * `joulebench user create --role admin --name N [--password-stdin]`, `user list`,
 * `user set-password --name N [--password-stdin]`. Writes the local database (JOULEBENCH_DB)
 * through better-auth's server-side API (lib/auth/service.ts): no web server is needed. There is
 * no default password: it is read from stdin or typed at a hidden prompt.
 */
import type { Command } from 'commander';
import { getDb } from '@/db/client';
import { getUserByName, listUsers } from '@/db/queries/users';
import { createUser, setUserPassword } from '@/lib/auth/service';
import { isRole, ROLES, type Role } from '@/lib/auth/roles';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(String(c)));
  // One trailing newline is the terminator of `echo`/`printf '%s\n'`, not part of the password.
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/** Prompts without echo (TTY only). */
function promptHidden(question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    if (!stdin.isTTY) return reject(new Error('no terminal to prompt for a password: use --password-stdin'));
    process.stderr.write(question);
    stdin.setRawMode(true);
    stdin.resume();
    let buf = '';
    const onData = (d: Buffer) => {
      for (const ch of d.toString('utf8')) {
        if (ch === '\r' || ch === '\n') {
          stdin.setRawMode(false);
          stdin.pause();
          stdin.off('data', onData);
          process.stderr.write('\n');
          return resolve(buf);
        }
        if (ch === '\u0003') {
          stdin.setRawMode(false);
          return reject(new Error('cancelled'));
        }
        if (ch === '\u007f') buf = buf.slice(0, -1);
        else buf += ch;
      }
    };
    stdin.on('data', onData);
  });
}

async function getPassword(fromStdin: boolean | undefined): Promise<string> {
  if (fromStdin) return readStdin();
  const a = await promptHidden('Password: ');
  const b = await promptHidden('Repeat password: ');
  if (a !== b) throw new Error('the two passwords differ');
  return a;
}

export function register(program: Command) {
  const user = program.command('user').description('manage dashboard accounts in the local database');

  user
    .command('create')
    .description('create an account (the first admin on a fresh install, or any user)')
    .requiredOption('--name <name>', 'login name')
    .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`)
    .option('--password-stdin', 'read the password from stdin instead of prompting')
    .action(async (opts: { name: string; role: string; passwordStdin?: boolean }) => {
      if (!isRole(opts.role)) throw new Error(`--role: must be one of ${ROLES.join(', ')}, got "${opts.role}"`);
      const password = await getPassword(opts.passwordStdin);
      const u = await createUser(getDb(), { name: opts.name, role: opts.role as Role, password });
      process.stdout.write(`created ${u.role} "${u.name}" (id ${u.id})\n`);
    });

  user
    .command('list')
    .description('list accounts')
    .option('--json', 'machine-readable output')
    .action(async (opts: { json?: boolean }) => {
      const users = listUsers(getDb());
      if (opts.json) process.stdout.write(JSON.stringify(users) + '\n');
      else
        for (const u of users) process.stdout.write(`${u.id}\t${u.name}\t${u.role}${u.disabled ? '\tdisabled' : ''}\n`);
    });

  user
    .command('set-password')
    .description("reset an account's password (ends its sessions)")
    .requiredOption('--name <name>', 'login name')
    .option('--password-stdin', 'read the password from stdin instead of prompting')
    .action(async (opts: { name: string; passwordStdin?: boolean }) => {
      const db = getDb();
      const u = getUserByName(db, opts.name);
      if (!u) throw new Error(`--name: no user named "${opts.name}"`);
      await setUserPassword(db, u.id, await getPassword(opts.passwordStdin));
      process.stdout.write(`password changed for "${u.name}"\n`);
    });
}
