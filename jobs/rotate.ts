/** `honne key rotate`: re-pseudonymises everything honne keeps under a new key. Pseudonyms are
 * HMAC(key, company, employee) and no raw id is kept, so the raw ids come from the manifests
 * given: every pseudonym held (store, object store, failed.jsonl) must be found there, or
 * nothing changes. The store changes in one transaction (pseudonyms, the fingerprints of
 * unchanged sessions, the key binding, the audit entry); the object store's session records
 * and the operator files follow, then the caller rewrites the store file so that no old
 * pseudonym survives in its free blocks. */
import { auditEntry } from '../pipeline/audit.js';
import { InputError } from '../pipeline/errors.js';
import { sha256File } from '../pipeline/ingest/hash.js';
import { streamManifest } from '../pipeline/ingest/manifest.js';
import { streamRecords } from '../pipeline/ingest/records.js';
import { checkSourceFile } from '../pipeline/ingest/validate.js';
import { failurePseudonyms, repseudonymiseFailures } from '../pipeline/operator-files.js';
import { caseKey, keyBinding, pseudonymise } from '../pipeline/pseudonym.js';
import type { AnalyticsStore, SessionFingerprintChange } from '../pipeline/ports/analytics-store.js';
import { objectPseudonyms, remarkErased, repseudonymiseObjects } from '../pipeline/erase/objects.js';
import type { ObjectStore } from '../pipeline/ports/object-store.js';

export interface RotationInput {
  store: AnalyticsStore;
  manifests: readonly string[];
  oldKey: string;
  newKey: string;
  objects: ObjectStore;
  inputRoot: string | undefined;
  now: Date;
}

export interface RotationResult {
  /** Employees re-pseudonymised. */
  pseudonyms: number;
  /** Loaded sessions that a run of the same manifest with the new key finds unchanged. */
  sessions: number;
  objectFiles: number;
}

export async function rotateKey(input: RotationInput): Promise<RotationResult> {
  const { store, oldKey, newKey } = input;
  const outDirs = await store.runOutputDirs();
  const held = new Set([...(await store.pseudonyms()), ...(await objectPseudonyms(input.objects)), ...(await failurePseudonyms(outDirs))]);

  // Raw ids from every row of the manifests (rows rejected for other reasons included).
  const pids = new Map<string, string>();
  const cases = new Map<string, string>();
  for (const file of input.manifests) {
    for await (const item of streamRecords(file)) {
      const r = item.record?.record;
      if (typeof r?.['company_id'] !== 'string' || typeof r['employee_id'] !== 'string') continue;
      const old = pseudonymise(oldKey, r['company_id'], r['employee_id']);
      if (!held.has(old)) continue;
      pids.set(old, pseudonymise(newKey, r['company_id'], r['employee_id']));
      cases.set(caseKey(oldKey, r['company_id'], r['employee_id']), caseKey(newKey, r['company_id'], r['employee_id']));
    }
  }
  const missing = [...held].filter((p) => !pids.has(p)).length;
  if (missing > 0) {
    throw new InputError(
      `${missing} of the ${held.size} employee(s) this store holds have no row in the manifests given (an erased employee's too): give every manifest the data came from; nothing was changed`,
    );
  }

  // A session's fingerprint covers its pseudonym: under the new key, the same row has another.
  const companyIds = new Set(await store.companyIds());
  const fingerprints: SessionFingerprintChange[] = [];
  for (const analysisVersion of await store.analysisVersions()) {
    for (const file of input.manifests) {
      const deps = { companyIds, checkFile: checkSourceFile, inputRoot: input.inputRoot, analysisVersion };
      const before = new Map<string, string>();
      for await (const item of streamManifest(file, { ...deps, pseudonymKey: oldKey })) if (item.session) before.set(item.session.session_id, item.session.fingerprint);
      for await (const item of streamManifest(file, { ...deps, pseudonymKey: newKey })) {
        const old = item.session ? before.get(item.session.session_id) : undefined;
        if (item.session && old !== undefined) fingerprints.push({ session_id: item.session.session_id, old, new: item.session.fingerprint });
      }
    }
  }

  const manifests = await Promise.all(input.manifests.map((m) => sha256File(m)));
  const entry = auditEntry('key_rotated', { pseudonyms: pids.size, manifests }, input.now);
  const { fingerprints: sessions } = await store.rotatePseudonyms(pids, cases, fingerprints, keyBinding({ pseudonymKey: newKey, demoKey: false }), entry);
  const objectFiles = await repseudonymiseObjects(input.objects, pids, cases);
  await remarkErased(input.objects, pids);
  await repseudonymiseFailures(outDirs, pids);
  return { pseudonyms: pids.size, sessions, objectFiles };
}
