/** The working folder's .env as another account of the host would use it: to read the pseudonym
 * key (and name every pseudonym again) or to point honne's uploads at a server of theirs. */
import { describe, expect, it } from 'vitest';
import { envFileProblem, secretsIn } from './env-file.js';

const FILE = 0o100000;
const WITH_KEY = 'HONNE_K=6\nHONNE_PSEUDONYM_KEY=a-local-secret-key-5f5f5f5f\n';

describe('a .env other accounts can use', () => {
  it('holding the pseudonym key and readable by them is refused, the key never said', () => {
    for (const mode of [0o644, 0o640, 0o604]) {
      const problem = envFileProblem(FILE | mode, WITH_KEY);
      expect(problem).toContain('HONNE_PSEUDONYM_KEY');
      expect(problem).toContain('chmod 600 .env');
      expect(problem).not.toContain('a-local-secret-key');
    }
  });

  it('writable by them is refused whatever it holds: they could send the transcripts elsewhere', () => {
    for (const mode of [0o666, 0o620, 0o602]) expect(envFileProblem(FILE | mode, 'HONNE_K=6\n')).toContain('can be changed by other accounts');
  });

  it('every secret counts, a Redis password in REDIS_URL too; settings alone may be read', () => {
    expect(secretsIn('OPENAI_API_KEY=sk-1\nAWS_SECRET_ACCESS_KEY=x\nAWS_SESSION_TOKEN=y\nREDIS_URL=redis://:pw@h:6379\n'))
      .toEqual(['OPENAI_API_KEY', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'REDIS_URL']);
    expect(secretsIn('REDIS_URL=redis://127.0.0.1:6379\nHONNE_K=6\nHONNE_PSEUDONYM_KEY=\n')).toEqual([]);
    // attack: ioredis logs in with a password given as a query parameter as well
    expect(secretsIn('REDIS_URL=redis://127.0.0.1:6379/0?password=hunter2pass\n')).toEqual(['REDIS_URL']);
    expect(secretsIn('REDIS_URL=redis://127.0.0.1:6379/0?db=1\n')).toEqual([]);
    // the new key `honne key rotate --new-key-env` reads, under a name of the operator's
    expect(secretsIn('HONNE_NEW_KEY=another-secret\nAWS_ACCESS_KEY_ID=AKIA1\n')).toEqual(['HONNE_NEW_KEY']);
    expect(envFileProblem(FILE | 0o644, 'HONNE_K=6\nREDIS_URL=redis://127.0.0.1:6379\n')).toBeUndefined();
  });

  it("another account's, left in a folder everyone may write: refused, even private to them", () => {
    expect(envFileProblem(FILE | 0o600, 'OPENAI_BASE_URL=http://127.0.0.1:9/v1\n', false)).toContain('belongs to another account');
  });

  it("the user's private group (umask 002 gives 0664): its bits give no one else anything; others' bits still count", () => {
    expect(envFileProblem(FILE | 0o664, 'HONNE_K=6\n', true, true)).toBeUndefined();
    expect(envFileProblem(FILE | 0o660, WITH_KEY, true, true)).toBeUndefined();
    expect(envFileProblem(FILE | 0o664, WITH_KEY, true, true)).toContain('other accounts can read it');
    expect(envFileProblem(FILE | 0o666, 'HONNE_K=6\n', true, true)).toContain('can be changed by other accounts');
    // a group others share: refused as before
    expect(envFileProblem(FILE | 0o664, 'HONNE_K=6\n', true, false)).toContain('can be changed by other accounts');
  });

  it('the owner alone: accepted', () => {
    for (const mode of [0o600, 0o400]) expect(envFileProblem(FILE | mode, WITH_KEY)).toBeUndefined();
  });
});
