// Who is chatting and in which language, from the terminal's environment.
import { userInfo } from 'node:os';

/** CONSOLE_USER, else the OS user name: the same person gets the same conversation back next time. */
export function consoleUser(env: NodeJS.ProcessEnv = process.env): string {
  const given = env.CONSOLE_USER?.trim();
  if (given) return given;
  try {
    return userInfo().username || 'console';
  } catch {
    return env.USER || env.USERNAME || 'console'; // no passwd entry (some containers)
  }
}

/** The first locale the terminal declares ("zh_TW.UTF-8" → "zh_TW"), else the runtime's; "C"/"POSIX" mean none. */
export function localeHint(env: NodeJS.ProcessEnv = process.env): string {
  for (const v of [env.LC_ALL, env.LC_MESSAGES, env.LANG]) {
    const tag = v?.split(/[.@]/)[0]?.trim();
    if (tag && tag !== 'C' && tag !== 'POSIX') return tag;
  }
  return Intl.DateTimeFormat().resolvedOptions().locale;
}
