// `npm run chat`: JobBuddy in a terminal, on the same engine as the server. Works with stdin as a pipe too.
import { resolve } from 'node:path';
import { clearLine, createInterface, cursorTo } from 'node:readline';
import { loadConfig } from '../../bot/config.js';
import { Engine } from '../../bot/engine.js';
import { matchLocale, tFor } from '../../bot/i18n.js';
import { openDatabaseOrExit } from '../../db/client.js';
import { seedDemo } from '../../db/seed.js';
import { consoleUser, localeHint } from './env.js';
import { ConsoleSession } from './session.js';

const PUSH_POLL_MS = 2000;

const config = loadConfig();
const userId = consoleUser();
const hint = localeHint();

if (process.argv.includes('--help') || process.argv.includes('-h')) {
  process.stdout.write(`${tFor(matchLocale(hint))('console.usage', { user: userId })}\n`);
  process.exit(0);
}

// Embedded PGlite allows one process per folder: the console gets its own, so it can run beside `npm start`.
const dataDir = resolve(config.DATA_DIR, 'console');
const database = await openDatabaseOrExit(config.DATABASE_URL ? { url: config.DATABASE_URL } : { dataDir });
if (config.seed === 'demo') await seedDemo(database.db, new Date());

const tty = Boolean(process.stdin.isTTY && process.stdout.isTTY);
let rl: ReturnType<typeof createInterface> | undefined;
const print = (text: string) => {
  if (tty) {
    clearLine(process.stdout, 0);
    cursorTo(process.stdout, 0);
  }
  process.stdout.write(`${text}\n\n`);
  if (tty) rl?.prompt(true); // redraws the prompt with whatever the user had half typed
};

const session = new ConsoleSession({
  engine: new Engine(database.db),
  db: database.db,
  userId,
  localeHint: hint,
  filesDir: resolve(config.DATA_DIR, 'downloads'),
  print,
});
const t = await session.t();
print(
  [
    t('console.intro'),
    database.kind === 'postgres'
      ? t('console.database')
      : t('console.embedded', { dir: dataDir, serverDir: resolve(config.DATA_DIR, 'pglite') }),
  ].join('\n'),
);

// A newcomer is greeted without typing anything; queued before the first typed line, so it comes first.
if (!(await session.known())) void session.input('/start');
rl = createInterface({ input: process.stdin, output: process.stdout, terminal: tty, prompt: '> ' });
rl.on('line', (line) => void session.input(line));
const poll = setInterval(() => void session.checkPushes(), PUSH_POLL_MS);
if (tty) rl.prompt();

let closing = false;
rl.on('close', async () => {
  if (closing) return;
  closing = true;
  clearInterval(poll);
  await session.idle();
  if (tty) process.stdout.write('\n');
  process.stdout.write(`${(await session.t())('console.bye')}\n`);
  await database.close();
  process.exit(0);
});
// Ctrl-C: readline sees it on a terminal; with a pipe it arrives as a signal.
rl.on('SIGINT', () => rl?.close());
process.on('SIGINT', () => rl?.close());
process.on('SIGTERM', () => rl?.close());
