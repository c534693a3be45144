/** The `.env` file of the working folder (bin/honne.mjs reads it before the CLI starts), checked
 * before any command runs: it is where operators keep honne's secrets, and it is made under their
 * umask, not honne's (cli/main.ts sets 077 for what honne writes). Readable by other accounts of a
 * shared worker host, it gives them the pseudonym key — HMAC of every employee id they can guess
 * (`E` and five digits), so every pseudonym in the store, the object store and failed.jsonl is
 * named again, and the sealed known names open — or the OpenAI or AWS secret. Writable by them, it
 * lets them set OPENAI_BASE_URL to a server of theirs, which then hears every recording and reads
 * every redacted transcript; so does another account's `.env` left in a folder everyone may write
 * (/tmp). Each is refused (exit 2), as ssh refuses a private key others can read; the fix is
 * `chmod 600 .env`, or a folder of one's own. */
import { readFileSync, statSync } from 'node:fs';
import { userInfo } from 'node:os';
import { parseEnv } from 'node:util';
import { urlHoldsSecret } from '../pipeline/config.js';
import { ConfigError } from '../pipeline/errors.js';

/** The variables whose value is a secret (`honne config` masks each; a REDIS_URL holding a
 * password, in its user part or a query parameter, is one too: `urlHoldsSecret`). */
const SECRETS = ['HONNE_PSEUDONYM_KEY', 'OPENAI_API_KEY', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN'] as const;

/** A variable named as secrets are: `honne key rotate --new-key-env NAME` reads the new key from
 * any name (HONNE_NEW_KEY), and operators keep others so. */
const SECRET_NAME = /(?:_KEY|_SECRET|_TOKEN|_PASSWORD)$/u;

/** The secret variables a `.env` text sets (names only, never values). */
export function secretsIn(text: string): string[] {
  const vars = parseEnv(text);
  const named = Object.keys(vars).filter((v) => SECRET_NAME.test(v) && !(SECRETS as readonly string[]).includes(v) && (vars[v] ?? '') !== '');
  return [...SECRETS.filter((v) => (vars[v] ?? '') !== ''), ...named, ...(urlHoldsSecret(vars['REDIS_URL']) ? ['REDIS_URL'] : [])];
}

/** Why a `.env` of this mode and text must not be used, or undefined (`ownedByUser`: the file is
 * this user's or root's, not another account's that put it in a folder everyone may write, /tmp;
 * `privateGroup`: its group is the user's own, of which no other account is a member — Debian's
 * user private groups, where umask 002 makes files 0664 — so the group bits give nobody else
 * anything, as sshd's StrictModes judges it). Pure. */
export function envFileProblem(mode: number, text: string, ownedByUser = true, privateGroup = false): string | undefined {
  const octal = (mode & 0o777).toString(8).padStart(4, '0');
  if (!ownedByUser) {
    return '.env belongs to another account: whoever wrote it decides where transcripts and recordings are sent (OPENAI_BASE_URL) and which key pseudonymises; run honne from a folder of your own';
  }
  const [writers, readers] = privateGroup ? [0o002, 0o004] : [0o022, 0o044];
  if ((mode & writers) !== 0) {
    return `.env can be changed by other accounts (mode ${octal}): whoever writes it decides where transcripts and recordings are sent (OPENAI_BASE_URL) and which key pseudonymises; make it yours alone: chmod 600 .env`;
  }
  const secrets = secretsIn(text);
  if (secrets.length > 0 && (mode & readers) !== 0) {
    return `.env holds ${secrets.join(', ')} and other accounts can read it (mode ${octal}): make it yours alone: chmod 600 .env`;
  }
  return undefined;
}

/** Throws a ConfigError when the working folder's `.env` is another account's to read a secret
 * from or to change; nothing when there is no `.env`. */
export function checkEnvFile(path = '.env'): void {
  let st: { mode: number; uid: number; gid: number };
  try {
    st = statSync(path);
  } catch {
    return;
  }
  const owned = process.getuid === undefined || st.uid === process.getuid() || st.uid === 0;
  const problem = envFileProblem(st.mode, readFileSync(path, 'utf8'), owned, isPrivateGroup(st.gid));
  if (problem !== undefined) throw new ConfigError(problem, { file: path });
}

/** Is `gid` a user private group: this user's primary group, named as the user, with no other
 * member in /etc/group and no other account's primary group in /etc/passwd (a shared `users`
 * group, gid 100 on SUSE, lists no members either)? False when it cannot be told. */
function isPrivateGroup(gid: number): boolean {
  if (process.getgid === undefined || process.getuid === undefined || gid !== process.getgid()) return false;
  try {
    const user = userInfo().username;
    const group = readFileSync('/etc/group', 'utf8').split('\n').map((l) => l.split(':')).find((f) => f[2] === String(gid));
    if (group === undefined || group[0] !== user || (group[3]?.trim() ?? '') !== '') return false;
    const uid = String(process.getuid());
    return !readFileSync('/etc/passwd', 'utf8').split('\n').map((l) => l.split(':')).some((f) => f[3] === String(gid) && f[2] !== uid);
  } catch {
    return false;
  }
}
