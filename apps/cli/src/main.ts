import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AccountRuleError, type Role, UsersService } from '@forum/accounts';
import { ForumConfigError, loadForumConfig } from '@forum/config';
import { prepareDatabase } from '@forum/database';
import { ForumService } from '@forum/forum';
import { CliModule } from './cli.module.js';
import { DemoSeed } from './demo-seed.js';

const USAGE = `Usage: npm run cli -- <command>
  migration:run                                  apply pending database migrations
  users:create <username> --role member|moderator|admin
                                                 create an account (password read from standard input)
  seed [--demo]                                  create the boards; --demo adds sample threads and a demo moderator`;

async function readPassword(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('Password (at least 10 characters, then Enter): ');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0];
}

async function withForum<T>(work: (get: <S>(type: new (...args: never[]) => S) => S) => Promise<T>): Promise<T> {
  const app = await NestFactory.createApplicationContext(CliModule, { logger: ['error', 'warn'] });
  try {
    return await work((type) => app.get(type));
  } finally {
    await app.close();
  }
}

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  const config = loadForumConfig();
  switch (command) {
    case 'migration:run': {
      const applied = await prepareDatabase(config.databaseUrl);
      console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'The database is up to date.');
      return 0;
    }
    case 'users:create': {
      const username = args[0];
      const roleAt = args.indexOf('--role');
      const role = (roleAt >= 0 ? args[roleAt + 1] : 'member') as Role;
      if (!username || username.startsWith('--') || !['member', 'moderator', 'admin'].includes(role)) {
        console.error(USAGE);
        return 2;
      }
      const password = await readPassword();
      await prepareDatabase(config.databaseUrl);
      return withForum(async (get) => {
        try {
          const member = await get(UsersService).register(username, password, role);
          console.log(`Created ${member.role} ${member.username}.`);
          return 0;
        } catch (error) {
          if (error instanceof AccountRuleError) {
            console.error(`${error.field}: ${error.message}`);
            return 1;
          }
          throw error;
        }
      });
    }
    case 'seed': {
      await prepareDatabase(config.databaseUrl);
      return withForum(async (get) => {
        const added = await get(ForumService).seedBoards();
        console.log(added ? `Created ${added} boards.` : 'The boards are already there.');
        if (args.includes('--demo')) {
          const demo = await get(DemoSeed).run();
          console.log(`Added ${demo.threads} sample threads.`);
          console.log(`Demo moderator: ${demo.moderator}  password: ${demo.password}`);
          console.log(`Demo member:    ${demo.member}  password: ${demo.password}`);
        }
        return 0;
      });
    }
    default:
      console.error(USAGE);
      return command ? 2 : 0;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof ForumConfigError ? error.message : `Failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
