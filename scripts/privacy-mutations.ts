/** Mutation check of the privacy code: breaks one privacy rule at a time in a scratch copy of
 * the tree (a git worktree of HEAD plus the uncommitted changes to the files it mutates) and
 * runs the privacy tests against it. Every mutation must be caught (some test fails); a
 * mutation that survives names a rule no test holds. Prints one line per mutation and exits 1
 * when any survived. Takes long: each mutation is a run of its tests (`npm run mutate:privacy [-- --only NAME,NAME]`). */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

interface Mutation {
  name: string;
  /** What the mutation breaks, in one line. */
  breaks: string;
  edits: { file: string; find: string; replace: string }[];
  /** The test files that hold this rule (default: the aggregate privacy tests). */
  tests?: string[];
}

const AGGREGATE_TESTS = [
  'pipeline/aggregate/privacy.int.test.ts',
  'pipeline/aggregate/publication.int.test.ts',
  'pipeline/aggregate/publication.test.ts',
  'pipeline/aggregate/benchmark.test.ts',
  'pipeline/aggregate/suppress.test.ts',
  'reports/pdf/pdf.int.test.ts',
  'cli/attacks.int.test.ts',
];
const WINDOW_TESTS = ['pipeline/aggregate/windows.int.test.ts'];
const COMBINATION_TESTS = ['pipeline/aggregate/combinations.test.ts'];
const KEYWORD_TESTS = ['pipeline/analyze/keywords.test.ts', 'cli/keyword-privacy.int.test.ts'];
const INPUT_TESTS = ['adapters/local-folder/source-reader.test.ts', 'cli/inputs.int.test.ts'];
const OUTPUT_TESTS = ['reports/csv.test.ts', 'pipeline/terminal.test.ts', 'cli/hostile-text.int.test.ts'];

const BEHIND_TESTS = ['pipeline/aggregate/behind.test.ts'];
const EMERGING_TESTS = ['pipeline/aggregate/emerging.test.ts'];

const MUTATIONS: Mutation[] = [
  {
    name: 'behind-survey-under-k',
    breaks: 'a survey segment answered by fewer than k people ranked and shown',
    tests: BEHIND_TESTS,
    edits: [{ file: 'pipeline/aggregate/behind.ts', find: 'return rows.filter((r) => !hidden.has(r.segment));', replace: 'return rows.filter(() => true);' }],
  },
  {
    name: 'behind-single-hidden-cell',
    breaks: "a group's sum shown although it holds exactly one cell the breakdown hides",
    tests: BEHIND_TESTS,
    edits: [{ file: 'pipeline/aggregate/behind.ts', find: 'if (hidden.length === 1 || (hidden.length > 1 && sum(hidden, n) < k)) return false;', replace: 'if (hidden.length > 1 && sum(hidden, n) < k) return false;' }],
  },
  {
    // (k or more with it follows from the time rule: rising by k, or k in two months)
    name: 'emerging-without-rule',
    breaks: "a company's cluster shown although fewer than k of its employees did not say it",
    tests: EMERGING_TESTS,
    edits: [{ file: 'pipeline/aggregate/emerging.ts', find: ': n >= k && base - n >= k;', replace: ': n >= k;' }],
  },
  {
    name: 'emerging-beside-keyword',
    breaks: "a cluster's count shown beside a keyword count it differs from by fewer than k",
    tests: EMERGING_TESTS,
    edits: [{ file: 'pipeline/aggregate/emerging.ts', find: 'return n === undefined || n === c.employees || Math.abs(n - c.employees) >= k;', replace: 'return n !== -1;' }],
  },
  {
    name: 'previous-not-comparable',
    breaks: 'previous-period figures shown although the populations differ by fewer than k',
    edits: [{ file: 'pipeline/aggregate/model.ts', find: 'const prevModel = prev?.comparable ? prev.model : null;', replace: 'const prevModel = prev ? prev.model : null;' }],
  },
  {
    name: 'comparable-one-side',
    breaks: 'month-over-month comparability checks only the employees added, not those gone',
    edits: [{ file: 'pipeline/aggregate/publication.ts', find: "safeChange(changeBetween(published, members), k, ['added', 'removed'])", replace: "safeChange(changeBetween(published, members), k, ['added'])" }],
  },
  {
    name: 'keyword-without-rule',
    breaks: 'keywords used by all but k-1 employees published',
    edits: [
      { file: 'adapters/duckdb/aggregates.ts', find: 'WHERE kw.n >= $k AND base.employees - kw.n >= $k', replace: 'WHERE kw.n >= $k' },
      { file: 'pipeline/aggregate/model.ts', find: '&& x.n >= k && base - x.n >= k);', replace: '&& x.n >= k);' },
    ],
  },
  {
    name: 'republish-any-change',
    breaks: 'a company-period re-published after a change of fewer than k employees',
    edits: [{ file: 'pipeline/aggregate/publication.ts', find: 'const safe = overlapOk && shown.every(', replace: 'const safe = (overlapOk && true) || shown.every(' }],
  },
  {
    name: 'segments-ignored',
    breaks: "a new version judged pairwise over the whole company only: one changed contribution among k newcomers of its department (the sums inside segments see k + 1)",
    edits: [{ file: 'pipeline/aggregate/publication.ts', find: "['added', 'removed', 'modified']) && segmentsSafe(p, now, k)", replace: "['added', 'removed', 'modified'])" }],
  },
  {
    name: 'segments-unknown-nowhere',
    breaks: 'an erased member (or a ledger row without segments) counted in no segment instead of any',
    edits: [{ file: 'pipeline/aggregate/publication.ts', find: 'const ok = ({ lo, hi }: { lo: number; hi: number }) => hi === 0 || lo >= k;', replace: 'const ok = ({ lo }: { lo: number; hi: number }) => lo === 0 || lo >= k;' }],
  },
  {
    name: 'ledger-keeps-erased-segments',
    breaks: "an erased employee's segments kept in the ledger after their pseudonym is gone",
    edits: [{ file: 'adapters/duckdb/store.ts', find: "SET employee_pid = NULL, digest = NULL, department = NULL, age_band = NULL, gender = NULL WHERE employee_pid = $pid", replace: 'SET employee_pid = NULL, digest = NULL WHERE employee_pid = $pid' }],
    tests: ['adapters/duckdb/store.int.test.ts'],
  },
  {
    name: 'latest-version-only',
    // not implied by the sums: k newcomers (v2), then k changed of whom one was there at v1 (v3)
    // keep k + 1 in every sum, yet against v1 a count grows by more than the headcount
    // (publication.int.test.ts)
    breaks: 'a new version compared with the latest version only (v1 and v3 may differ by one person)',
    edits: [{ file: 'pipeline/aggregate/publication.ts', find: "const shown = history.filter((p) => p.model.status === 'ok');", replace: "const shown = history.slice(-1).filter((p) => p.model.status === 'ok');" }],
  },
  {
    name: 'shared-worry-ignored',
    breaks: 'a new version whose difference says the same worry of each of k newcomers (5 of 5 newcomers thinking of leaving)',
    edits: [{ file: 'pipeline/aggregate/publication.ts', find: "segmentsSafe(p, now, k) && sharedWorrySafe(p, now));", replace: 'segmentsSafe(p, now, k));' }],
  },
  {
    name: 'shared-worry-company-only',
    breaks: "the shared-worry rule over the company only: a department's k newcomers all leaving, among others company-wide",
    edits: [{ file: 'pipeline/aggregate/publication.ts', find: 'for (const [segment, b] of of) changes.set(`${dim}:${segment}`, b);', replace: '' }],
  },
  {
    name: 'band-sums-ignored',
    breaks: "a company's bands checked version against version only: v1 + v2 − v3 of their bases is one other company",
    edits: [{ file: 'pipeline/aggregate/benchmark.ts', find: 'return shownBefore.length < 2 || combinationsSafe(', replace: 'return true || combinationsSafe(' }],
    tests: ['pipeline/aggregate/benchmark.test.ts'],
  },
  {
    name: 'ignore-modified',
    breaks: "a changed contribution of someone already counted (a late session) published at once",
    // over the company and inside segments (the rule inside segments implies the one over the
    // company: a dimension's segments partition it, so 1…k−1 modified company-wide are 1…k−1 in
    // some segment). Not implied by the sums (combinations.ts): one modified beside k added in
    // its segment is a sum over k + 1, yet a count growing by more than the headcount is theirs
    // (publication.int.test.ts)
    edits: [
      { file: 'pipeline/aggregate/publication.ts', find: "['added', 'removed', 'modified']", replace: "['added', 'removed']" },
      { file: 'pipeline/aggregate/publication.ts', find: 'ok(b.added) && ok(b.removed) && ok(b.modified)', replace: 'ok(b.added) && ok(b.removed)' },
    ],
  },
  {
    name: 'windows-overlap-ignored',
    breaks: 'a window (quarter, rolling) published whatever overlapping windows were shown',
    edits: [{ file: 'pipeline/aggregate/publication.ts', find: "const overlapOk = current.status !== 'ok' || (overlapSafe(", replace: "const overlapOk = true || (overlapSafe(" }],
    tests: WINDOW_TESTS,
  },
  {
    name: 'windows-pairwise-only',
    breaks: 'a quarter compared with each of its months alone: Q3 − July − August isolates September',
    edits: [
      { file: 'pipeline/aggregate/publication.ts', find: 'if (!ok(residual(current.members, current.months, shown))) return false;', replace: '' },
      { file: 'pipeline/aggregate/publication.ts', find: 'sumsSafe(history, overlapping.versions, now, k)', replace: 'true' },
    ],
    tests: WINDOW_TESTS,
  },
  {
    name: 'windows-combinations-ignored',
    breaks: 'windows checked two by two and against the windows inside: July–August + August–September − Q3 isolates August',
    edits: [{ file: 'pipeline/aggregate/publication.ts', find: 'sumsSafe(history, overlapping.versions, now, k)', replace: 'true' }],
    tests: WINDOW_TESTS,
  },
  {
    name: 'segment-combinations-ignored',
    breaks: "sums of windows checked over the company only: July–August + August–September − Q3 isolates August's one employee of a department",
    edits: [{ file: 'pipeline/aggregate/publication.ts', find: 'return DIMENSIONS.every((dim) => cellCombinationsSafe(cellReports(shown, now, dim), k));', replace: 'return true;' }],
    tests: WINDOW_TESTS,
  },
  {
    name: 'segment-blanks-ignored',
    breaks: 'erased members left out of the sums inside segments: v1 less v2 is the erased one',
    edits: [{ file: 'pipeline/aggregate/combinations.ts', find: 'if (withBlanks.length === 0) return true;', replace: 'return true;' }],
    tests: COMBINATION_TESTS,
  },
  {
    name: 'segment-unknown-nowhere',
    breaks: 'a member the ledger does not place in a segment left out of the sums inside segments instead of failing closed',
    edits: [{ file: 'pipeline/aggregate/combinations.ts', find: 'if (!into) return false;', replace: 'if (!into) continue;' }],
    tests: COMBINATION_TESTS,
  },
  {
    name: 'windows-chain-cut',
    breaks: 'only the windows sharing a month with the new one compared: Q3 − July − Sep–Oct + October isolates August',
    edits: [{ file: 'reports/write.ts', find: 'const next = rest.filter((o) => edge.some((x) => overlaps(x, o)));', replace: 'const next = rest.filter((o) => edge.some((x) => overlaps(x, o)) && edge.includes(w));' }],
    tests: WINDOW_TESTS,
  },
  {
    name: 'windows-one-direction',
    // not implied by the sums: with k late newcomers in July, Q3 − July − September keeps k + 1,
    // yet newcomers only take away, so a count above zero is August's one (windows.int.test.ts)
    breaks: 'a month published after its quarter and the other months, completing the subtraction',
    edits: [{ file: 'pipeline/aggregate/publication.ts', find: '.every((x) => ok(residual(x.members,', replace: '.every((x) => true || ok(residual(x.members,' }],
    tests: WINDOW_TESTS,
  },
  {
    name: 'whole-company-other',
    breaks: 'every segment under k pooled into one "other" column that is the whole company',
    edits: [{ file: 'pipeline/aggregate/model.ts', find: 'if ([...bucket.values()].every((b) => b === OTHER_SEGMENT)) continue;', replace: '' }],
    tests: WINDOW_TESTS,
  },
  {
    name: 'band-always-new',
    breaks: "a new version's band replaces the last one shown whatever changed among the other companies",
    edits: [{ file: 'reports/write.ts', find: '!last || newBandAllowed(', replace: '!last || shownBefore.length >= 0 || newBandAllowed(' }],
  },
  {
    name: 'benchmark-extremes',
    breaks: 'benchmark quantiles of 0 % and 100 % shown',
    edits: [{ file: 'pipeline/aggregate/benchmark.ts', find: 'return r <= 0 || r >= 1 ? null : r;', replace: 'return r;' }],
  },
  {
    name: 'keyword-pool-one-company',
    breaks: "a keyword's lift pooled over one or two other companies' counts (one company's count solvable)",
    edits: [{ file: 'pipeline/aggregate/keywords.ts', find: 'counts.length >= Math.max(1, minContributors)', replace: 'counts.length >= 1' }],
    tests: ['pipeline/aggregate/keywords.test.ts'],
  },
  {
    name: 'keyword-pool-few-peers',
    breaks: "a keyword's lift pooled over fewer than the benchmark minimum of other companies",
    edits: [{ file: 'pipeline/aggregate/keywords.ts', find: 'if (peers.length < minCompanies || peers.length === 0) return null;', replace: 'if (peers.length === 0) return null;' }],
    tests: ['pipeline/aggregate/keywords.test.ts'],
  },
  {
    name: 'benchmark-plain-quantiles',
    breaks: 'benchmark quantiles over raw company shares (no micro-aggregation)',
    edits: [{ file: 'pipeline/aggregate/benchmark.ts', find: 'const values = microAggregate(shares);', replace: 'const values = [...shares].sort((a, b) => a - b);' }],
  },
  {
    name: 'no-complementary',
    breaks: 'no complementary suppression: one hidden cell of a published total left alone',
    edits: [{ file: 'pipeline/aggregate/suppress.ts', find: 'if (hiddenCells.length > 1 && hiddenSum >= k) continue;', replace: 'if (hiddenCells.length > 0 || hiddenSum >= k) continue;' }],
  },
  {
    name: 'suppression-reason-shown',
    breaks: "a hidden cell says why it was hidden: under k, or to stop a working-out (which side was small: 'all but a few')",
    edits: [{ file: 'pipeline/aggregate/model.ts', find: "return why === undefined ? [] : ['small_cell'];", replace: 'return why === undefined ? [] : [why];' }],
  },
  {
    name: 'env-file-readable',
    breaks: 'a .env holding the pseudonym key that other accounts can read is used',
    edits: [{ file: 'cli/env-file.ts', find: 'if (secrets.length > 0 && (mode & 0o044) !== 0) {', replace: 'if (secrets.length > 0 && (mode & 0o000) !== 0) {' }],
    tests: ['cli/env-file.test.ts'],
  },
  {
    name: 'dashboard-any-host',
    breaks: 'the dashboard answers a request addressed to any name (a web page rebinding its name to 127.0.0.1 reads the API)',
    edits: [{ file: 'jobs/dashboard.ts', find: 'if (loopbackHost(req.headers.host)) return next();', replace: 'return next();' }],
    tests: ['cli/dashboard.int.test.ts'],
  },
  {
    name: 'record-locations-clear',
    breaks: "a batch's session records keep the transcript's path (named after the employee) beside the pseudonym",
    edits: [{ file: 'jobs/record-seal.ts', find: 'if (Object.keys(fields).length === 0) return session;', replace: 'return session;' }],
    tests: ['jobs/record-seal.test.ts', 'cli/known-names.int.test.ts'],
  },
  {
    name: 'redacted-object-locations-clear',
    breaks: "queue mode's redacted object keeps the transcript's path (named after the employee) and the consultant's label in the clear, beside the batch record that seals them",
    edits: [{ file: 'jobs/session-stages.ts', find: 'session: sealRecord(deps.pseudonymKey, session),', replace: 'session,' }],
    tests: ['jobs/session-stages.test.ts'],
  },
  {
    name: 'redacted-object-speaker-labels',
    breaks: "queue mode's redacted object keeps the speakers' labels (松井：), most often their names",
    edits: [{ file: 'jobs/session-stages.ts', find: 'segments: withoutSpeakerLabels(redacted.segments),', replace: 'segments: redacted.segments,' }],
    tests: ['jobs/session-stages.test.ts'],
  },
  {
    name: 'result-locations-clear',
    breaks: 'the result object keeps the transcript path and consultant label for as long as results',
    edits: [{ file: 'pipeline/schemas.ts', find: 'known_names: true, transcript_uri: true, recording_uri: true, consultant_speaker: true })', replace: 'known_names: true })' }],
    tests: ['jobs/session-stages.test.ts'],
  },
  {
    name: 'small-segments-named',
    breaks: 'segments under k named instead of pooled',
    edits: [{ file: 'pipeline/aggregate/model.ts', find: 'b.n < k ? OTHER_SEGMENT : seg(b.segment)', replace: 'seg(b.segment)' }],
  },
  {
    name: 'theme-without-rule',
    breaks: 'a theme shared by all but k-1 employees shown',
    edits: [{ file: 'pipeline/aggregate/model.ts', find: "{ id: `without:${t}`, n: base - n }", replace: "{ id: `without:${t}`, n: base }" }],
  },
  {
    name: 'ledger-keeps-erased',
    breaks: "the publication ledger keeps an erased employee's pseudonym",
    edits: [{ file: 'adapters/duckdb/store.ts', find: "await this.conn.run('UPDATE publication_members SET employee_pid = NULL, digest = NULL, department = NULL, age_band = NULL, gender = NULL WHERE employee_pid = $pid', { pid: employeePid });", replace: '' }],
  },
  {
    name: 'erase-no-rewrite',
    breaks: "erasure deletes rows but leaves their bytes in the store file",
    edits: [{ file: 'cli/actions/core.ts', find: 'await opener.rewrite();', replace: '' }],
    tests: ['cli/attacks.int.test.ts'],
  },
  {
    name: 'tie-by-row-order',
    breaks: "an employee's department settled by physical row order when two sessions share an instant (two load paths publish two reports)",
    edits: [{ file: 'adapters/duckdb/schema.ts', find: 'arg_max(department, struct_pack(t := started_at, s := session_id))', replace: 'arg_max(department, started_at)' }],
    tests: ['reports/determinism.int.test.ts'],
  },
  {
    name: 'keyword-proper-nouns',
    breaks: 'proper nouns and unknown words accepted as keywords',
    edits: [{ file: 'pipeline/analyze/keywords.ts', find: "if (!t.known || t.pos1 === '固有名詞' || LATIN.test(t.surface) || isDigitLike(t)) return false;", replace: 'if (LATIN.test(t.surface) || isDigitLike(t)) return false;' }],
    tests: KEYWORD_TESTS,
  },
  {
    name: 'keyword-session-names',
    breaks: 'a word the session uses as a name (マネージャーの轟) accepted as a keyword elsewhere in it',
    edits: [{ file: 'pipeline/analyze/keywords.ts', find: 'if (names.has(t.surface) || isListedName(t.surface)) return false;', replace: 'if (isListedName(t.surface)) return false;' }],
    tests: KEYWORD_TESTS,
  },
  {
    name: 'model-cache-quotes',
    breaks: "the model cache keeps the model's quotes of the speech, and an eval's answer (which erase cannot find) its words",
    edits: [{ file: 'adapters/openai/analysis.ts', find: '(fresh) => cacheable(fresh, input.owner !== undefined, offered)', replace: '(fresh) => (offered.size < 0 ? cacheable(fresh, input.owner !== undefined, offered) : fresh)' }],
    tests: ['adapters/openai/analysis.test.ts', 'cli/openai.int.test.ts'],
  },
  {
    name: 'model-cache-made-up-keywords',
    breaks: 'the model cache keeps a keyword the model was not offered (a name or number it copied from the speech)',
    edits: [{ file: 'adapters/openai/analysis.ts', find: 'w.keywords.filter((k) => offered.has(k))', replace: "w.keywords.filter((k) => offered.has(k) || k !== '')" }],
    tests: ['adapters/openai/analysis.test.ts'],
  },
  {
    name: 'eval-cache-owned',
    breaks: "an eval's model answers cached with their words under a placeholder employee erase never names",
    edits: [{ file: 'pipeline/eval/run.ts', find: 'delete asked.owner;', replace: '' }],
    tests: ['cli/openai.int.test.ts'],
  },
  {
    name: 'short-readings-ignored',
    breaks: 'a known name read in under four letters kept as a whole piece of an id (s-ito-01 beside 伊藤)',
    edits: [{ file: 'pipeline/ingest/spoken-names.ts', find: 'if (whole.some((p) => r.short.has(p))) return true;', replace: '' }],
    tests: ['pipeline/ingest/manifest.test.ts'],
  },
  {
    name: 'inputs-unconfined',
    breaks: 'transcript paths outside the input root accepted',
    edits: [{ file: 'pipeline/sources.ts', find: "return rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);", replace: 'return rel === rel;' }],
    tests: INPUT_TESTS,
  },
  {
    name: 'csv-formulas',
    breaks: 'CSV cells that start a formula written as they are',
    edits: [{ file: 'reports/csv.ts', find: "return FORMULA_START.test(text) ? `'${text}` : text;", replace: 'return text;' }],
    tests: OUTPUT_TESTS,
  },
  {
    name: 'spared-names-in-clear',
    breaks: "queue mode's redacted object lists the names redaction left standing in the clear",
    edits: [{ file: 'jobs/session-stages.ts', find: "return sealed === undefined ? {} : { spared_sealed: sealed };", replace: "return sealed === undefined ? {} : { spared_sealed: sealed, ...{ spared } };" }],
    tests: ['jobs/session-stages.test.ts'],
  },
  {
    name: 'spared-seal-unbound',
    breaks: "two sessions that left the same names standing carry the same sealed spared names (the words their texts share say which is the name)",
    edits: [{ file: 'pipeline/session.ts', find: "sealKnownNames(pseudonymKey, [tag(sessionId), ...names], 'spared')", replace: "sealKnownNames(pseudonymKey, [...names], 'spared')" }],
    tests: ['pipeline/session.test.ts'],
  },
  {
    name: 'failure-keeps-path',
    breaks: "a failed session's transcript path kept in failed.jsonl and the queue's failure records, naming someone the manifest gives no name for",
    edits: [{ file: 'pipeline/session.ts', find: 'const locations = ownLocations(session);', replace: 'const locations = ownLocations(session).slice(0, 0);' }],
    tests: ['pipeline/session.test.ts'],
  },
  {
    name: 'seal-length',
    breaks: "a sealed list's length says how long the spared names (or a record's file names) are",
    edits: [{ file: 'pipeline/ingest/known-names.ts', find: "if (what === 'known') return plain;", replace: "if (what === 'known' || plain.length >= 0) return plain;" }],
    tests: ['pipeline/session.test.ts', 'jobs/record-seal.test.ts'],
  },
  {
    name: 'consultant-id-contact',
    breaks: "a consultant_id holding the consultant's e-mail address or phone number stored in the clear",
    edits: [{ file: 'pipeline/ingest/manifest.ts', find: 'const contactId = ID_FIELDS.find((f) => holdsContact(row[f]));', replace: "const contactId = (['session_id'] as const).find((f) => holdsContact(row[f]));" }],
    tests: ['cli/session-id-contact.int.test.ts'],
  },
  {
    name: 'erase-queue-case-unmarked',
    breaks: "an id's other letter case that only the queue held not remembered as erased: a resubmitted batch brings its sessions back",
    edits: [{ file: 'pipeline/erase/employee.ts', find: 'await markErased(objects, new Set([...remembered, ...found.pids]));', replace: 'await markErased(objects, remembered);' }],
    tests: ['pipeline/erase/employee.test.ts'],
  },
  {
    name: 'reject-reason-contacts',
    breaks: "a missing file's name printed with the e-mail address or phone number it holds, and kept in rejects.jsonl",
    edits: [
      { file: 'pipeline/ingest/manifest.ts', find: 'reason: withoutContacts(scrubReason(reason, rec.record)), raw: scrubKnownNames(withoutLocations(rec.raw, rec.record), rec.record) },', replace: 'reason: scrubReason(reason, rec.record), raw: rec.raw },' },
      { file: 'pipeline/ingest/manifest.ts', find: '`transcript file ${problem}: [transcript_uri]`', replace: '`transcript file ${problem}: ${transcript}`' },
    ],
    tests: ['pipeline/ingest/manifest.test.ts'],
  },
  {
    name: 'file-name-landline',
    breaks: "a landline number in a transcript's file name printed and kept in failed.jsonl",
    edits: [{ file: 'pipeline/ingest/manifest.ts', find: 'cuts(phoneNumbers(phoneGroups(out)));', replace: 'cuts(phoneNumbers(phoneGroups(out)).slice(0, 0));' }],
    // (a reject keeps no path now: the landline is cut where a failure's message reaches a path)
    tests: ['pipeline/ingest/manifest.test.ts', 'pipeline/session.test.ts', 'cli/session-id-contact.int.test.ts'],
  },
  {
    name: 'contact-separators',
    breaks: "a phone number whose groups an underscore, a dot or parentheses split (cc_090_…, memo_03_5541_0000.txt) kept in a consultant_id or a failure's file name",
    edits: [{ file: 'pipeline/ingest/manifest.ts', find: "const phoneGroups = (text: string): string => text.replace(GROUP_SEPARATOR, '-');", replace: 'const phoneGroups = (text: string): string => text;' }],
    tests: ['pipeline/ingest/manifest.test.ts'],
  },
  {
    name: 'id-case-twice',
    breaks: 'an employee id given in two letter cases in one manifest counted as two employees towards k',
    edits: [{ file: 'pipeline/ingest/manifest.ts', find: 'if (earlier !== undefined && earlier.id !== row.employee_id) {', replace: 'if (earlier !== undefined && earlier.id !== row.employee_id && earlier.line < 0) {' }],
    tests: ['cli/id-spelling.int.test.ts'],
  },
  {
    name: 'id-case-stored',
    breaks: 'an employee id in another letter case than one already stored counted as another employee',
    edits: [{ file: 'pipeline/ingest/manifest.ts', find: 'return others.some((id) => stored.has(', replace: 'return others.length < 0 && others.some((id) => stored.has(' }],
    tests: ['cli/id-spelling.int.test.ts'],
  },
  {
    name: 'erase-one-case',
    breaks: "`honne erase --employee F0` leaves the sessions a later manifest loaded as f0",
    edits: [{ file: 'pipeline/pseudonym.ts', find: 'return [...new Set([id.trim(), ...caseSpellings(one)])];', replace: 'return [...new Set([id.trim(), one])];' }],
    tests: ['cli/id-spelling.int.test.ts'],
  },
  {
    name: 'dry-run-case-unread',
    breaks: '`honne run --dry-run` passes an id in another letter case than a stored one (and a store under another key) that the run refuses',
    edits: [{ file: 'cli/actions/core.ts', find: 'const stored = existsSync(cfg.storePath) ?', replace: "const stored = existsSync(cfg.storePath) && cfg.storePath === '' ?" }],
    tests: ['cli/id-spelling.int.test.ts'],
  },
  {
    name: 'id-case-mixed',
    breaks: 'an id in another mix of letter cases (EMP-f0 beside a stored Emp-F0) counted as another employee, and left by erase',
    edits: [{ file: 'pipeline/pseudonym.ts', find: 'if (chars.filter((o) => o.length > 1).length > MIXED_CASE_LETTERS)', replace: 'if (chars.length >= 0)' }],
    tests: ['pipeline/pseudonym.test.ts', 'pipeline/ingest/manifest.test.ts'],
  },
  {
    name: 'id-case-long',
    breaks: 'an id of more than ten letters in another mix of letter cases than a stored one (KASAHARA-team-lead beside Kasahara-Team-Lead) counted as another employee',
    edits: [{ file: 'pipeline/ingest/manifest.ts', find: 'if (sameCase !== undefined && [...sameCase].some((p) => p !== pid)) return true;', replace: 'if (sameCase !== undefined && [...sameCase].some((p) => p !== pid && p === \'\')) return true;' }],
    tests: ['pipeline/ingest/manifest.test.ts', 'cli/id-spelling.int.test.ts'],
  },
  {
    name: 'erase-case-key',
    breaks: '`honne erase` in a third mix of letter cases leaves the sessions of a long id stored in another',
    edits: [{ file: 'cli/actions/core.ts', find: '...(cases.get(caseKey(cfg.pseudonymKey, c, oneSpelling(o.employee))) ?? []),', replace: '...(cases.size < 0 ? (cases.get(caseKey(cfg.pseudonymKey, c, oneSpelling(o.employee))) ?? []) : []),' }],
    tests: ['cli/id-spelling.int.test.ts'],
  },
  {
    name: 'rotate-case-key',
    breaks: 'key rotation leaves the case keys made under the old key in the store (whoever holds it names employees by them)',
    edits: [{ file: 'adapters/duckdb/store.ts', find: 'WHERE m.old = sessions.employee_case) WHERE employee_case IS NOT NULL;', replace: 'WHERE m.old = sessions.employee_case) WHERE employee_case IS NULL;' }],
    tests: ['cli/rotate.int.test.ts'],
  },
  {
    name: 'rotate-object-case-key',
    breaks: "key rotation leaves the case keys made under the old key in the object store's session records",
    edits: [{ file: 'pipeline/erase/objects.ts', find: "if (typeof rec?.employee_case === 'string') {", replace: "if (typeof rec?.employee_case === 'string' && cases.size < 0) {" }],
    tests: ['pipeline/erase/objects.test.ts'],
  },
  {
    name: 'dry-run-writes-store',
    breaks: '`honne run --dry-run` opens the store as a run does: its schema, staging and a refused key written into a file it promises not to touch',
    edits: [{ file: 'cli/actions/core.ts', find: 'const store = await analyticsStore(cfg).openReadOnly();', replace: 'const store = await analyticsStore(cfg).open();' }],
    tests: ['cli/dry-run-store.int.test.ts'],
  },
  {
    name: 'erased-case-key',
    breaks: 'an erased employee whose long id comes back in another mix of letter cases is loaded anew (the case key left with the erased sessions)',
    edits: [{ file: 'adapters/duckdb/store.ts', find: "const rows = [...(await of('sessions')), ...(await of('erasures'))];", replace: "const rows = [...(await of('sessions'))];" }],
    tests: ['cli/erased-case.int.test.ts'],
  },
  {
    name: 'rotate-erased-case-key',
    breaks: "key rotation leaves an erased employee's case key made under the old key in the store file",
    edits: [{ file: 'adapters/duckdb/store.ts', find: 'WHERE m.old = erasures.employee_case) WHERE employee_case IS NOT NULL;', replace: 'WHERE m.old = erasures.employee_case) WHERE employee_case IS NULL;' }],
    tests: ['cli/erased-case.int.test.ts'],
  },
  {
    name: 'queue-erased-case-key',
    breaks: "a batch loads an erased employee's session again when their long id comes in another mix of letter cases (queue mode checks no case against the store at submit)",
    edits: [{ file: 'jobs/stages.ts', find: '(s.employee_case !== undefined && erasedCases.has(s.employee_case))', replace: '(s.employee_case !== undefined && erasedCases.size < 0)' }],
    tests: ['jobs/queue.int.test.ts'],
  },
  {
    name: 'queue-stored-case-key',
    breaks: "a batch loads a stored employee's session again under their id in another letter case: one person counted twice towards k (queue mode checks no case against the store at submit)",
    edits: [{ file: 'jobs/stages.ts', find: 'else if (inAnotherCase(result.session)) otherCase.set(', replace: 'else if (inAnotherCase(result.session) && loaded < 0) otherCase.set(' }],
    tests: ['jobs/queue.int.test.ts'],
  },
  {
    name: 'queue-pre-case-variants',
    breaks: "a batch loads again, under another letter case, an employee stored before case keys (no case key to meet; the load has no raw id to try the cases of)",
    edits: [{ file: 'jobs/submit.ts', find: '    caseVariants: true,', replace: '    caseVariants: false,' }],
    tests: ['jobs/queue.int.test.ts'],
  },
  {
    name: 'queue-pre-case-erased-variants',
    breaks: "a batch loads again, under another letter case, an employee erased before case keys (the tombstone has no case key; only the batch's other-case pseudonyms meet it)",
    edits: [{ file: 'jobs/stages.ts', find: '|| erasedVariant(s);', replace: '|| (erasedVariant(s) && loaded < 0);' }],
    tests: ['jobs/queue.int.test.ts'],
  },
  {
    name: 'queue-refused-out-rejects',
    breaks: "a row the load refuses is missing from the batch's OUT rejects.jsonl (only `batch status` shows it): the operator cannot find it there to write again",
    edits: [{ file: 'jobs/stages.ts', find: 'if (missing.length > 0) await writeJsonl(file,', replace: 'if (missing.length < 0) await writeJsonl(file,' }],
    tests: ['jobs/queue.int.test.ts'],
  },
  {
    name: 'rotate-variants-kept',
    breaks: "key rotation leaves a batch's other-case pseudonyms made under the old key in the object store (whoever holds the old key names those employees)",
    edits: [{ file: 'pipeline/erase/objects.ts', find: 'if (rec?.employee_variants !== undefined) {', replace: 'if (rec?.employee_variants !== undefined && cases.size < 0) {' }],
    tests: ['pipeline/erase/objects.test.ts'],
  },
  {
    name: 'redis-query-password',
    breaks: "a Redis password given as REDIS_URL's query parameter (?password=…, which ioredis logs in with) printed by `honne config`, `doctor` and errors, and a .env holding it readable by others",
    edits: [{ file: 'pipeline/config.ts', find: 'const SECRET_PARAM = /pass|secret|token|key/iu;', replace: 'const SECRET_PARAM = /^$/u;' }],
    tests: ['pipeline/config.test.ts', 'cli/env-file.test.ts'],
  },
  {
    name: 'unread-line-name-pieces',
    breaks: "a line too long or too broken to read keeps, in rejects.jsonl, the pieces of its known names in a file named after the employee",
    edits: [{ file: 'pipeline/ingest/known-names.ts', find: '.map((part, i) => (i % 2 === 1 ? part : cutNamePieces(part, pieces)))', replace: '.map((part, i) => (i % 2 === 1 || pieces.length >= 0 ? part : cutNamePieces(part, pieces)))' }],
    tests: ['pipeline/ingest/manifest.test.ts'],
  },
  {
    name: 'known-names-seal-unpadded',
    breaks: "the known names' seal, in every batch session record and redacted object, as long as the names it holds (a two-kanji name told from a long romaji one)",
    edits: [{ file: 'pipeline/ingest/known-names.ts', find: "const plain = unpadded && what === 'known' ? json : padded(json);", replace: "const plain = what === 'known' ? json : padded(json);" }],
    tests: ['pipeline/ingest/manifest.test.ts'],
  },
  {
    name: 'known-names-fingerprint-padded',
    breaks: "a session's fingerprint hashes the padded seal: every session stored before padding is analysed again (and counted in a second run)",
    edits: [{ file: 'pipeline/ingest/manifest.ts', find: "[employee_name, consultant_name], 'known', true) };", replace: "[employee_name, consultant_name], 'known', false) };" }],
    tests: ['pipeline/ingest/manifest.test.ts'],
  },
  {
    name: 'reject-raw-locations',
    breaks: "a rejected row keeps its transcript or recording location in rejects.jsonl (files are named after people, and the platform may give no name to cut)",
    edits: [{ file: 'pipeline/ingest/reject-locations.ts', find: 'const present = LOCATION_FIELDS.filter(', replace: 'const present = LOCATION_FIELDS.slice(0, 0).filter(' }],
    tests: ['pipeline/ingest/manifest.test.ts'],
  },
  {
    name: 'reject-reason-location',
    breaks: "a missing or outside file's reason quotes its path (printed, kept in rejects.jsonl and Redis)",
    edits: [{ file: 'pipeline/ingest/manifest.ts', find: '`transcript file ${problem}: [transcript_uri]`', replace: '`transcript file ${problem}: ${transcript}`' }],
    tests: ['pipeline/ingest/manifest.test.ts'],
  },
  {
    name: 'unread-line-locations',
    breaks: "a JSON line too long or broken to read keeps its transcript location in rejects.jsonl",
    edits: [{ file: 'pipeline/ingest/reject-locations.ts', find: 'if (keys === 0) return raw;', replace: 'if (keys >= 0) return raw;' }],
    tests: ['pipeline/ingest/manifest.test.ts'],
  },
  {
    name: 'reject-raw-unknown-members',
    breaks: "a rejected row keeps a location under a key the manifest does not have (Transcript_URI, recordingUri, path): honne never reads it, and it may name someone",
    edits: [{ file: 'pipeline/ingest/reject-locations.ts', find: 'if (present.length === 0 && unknown.length === 0 && !written) return raw;', replace: 'if (present.length === 0 && unknown.length >= 0 && !written) return raw;' }],
    tests: ['pipeline/ingest/manifest.test.ts'],
  },
  {
    name: 'reject-raw-location-given-twice',
    breaks: "a rejected JSON row keeps a location given twice, the last one empty (the row has none, so nothing was cut)",
    edits: [{ file: 'pipeline/ingest/reject-locations.ts', find: '(decodeEscapes(raw).match(LOCATION_KEY)?.length ?? 0) > 0;', replace: '(decodeEscapes(raw).match(LOCATION_KEY)?.length ?? 0) > 99;' }],
    tests: ['pipeline/ingest/manifest.test.ts'],
  },
  {
    name: 'unread-line-strays',
    breaks: "a JSON line too broken to read keeps a string that stands in no member (the second line of a member split over two, an array): a location or a name",
    edits: [{ file: 'pipeline/ingest/reject-locations.ts', find: 'if (blanked === undefined) return UNREAD_WITHHELD;', replace: 'if (blanked === undefined) return raw;' }],
    tests: ['pipeline/ingest/manifest.test.ts'],
  },
  {
    name: 'unread-line-unquoted-stray',
    breaks: "a JSON line too broken to read keeps text written without quotes between its members (`, Morimoto Kaede}`): a name",
    edits: [{ file: 'pipeline/ingest/reject-locations.ts', find: 'text.replace(STRAY, (t) => (LITERAL.test(t) ? t : UNQUOTED));', replace: 'text.replace(STRAY, (t) => (LITERAL.test(t) || t.length > 0 ? t : UNQUOTED));' }],
    tests: ['pipeline/ingest/manifest.test.ts'],
  },
  {
    name: 'unread-line-unquoted-value',
    breaks: "a JSON line too broken to read keeps a manifest field's value written without quotes (`\"department\":森本 楓,`)",
    edits: [{ file: 'pipeline/ingest/reject-locations.ts', find: "return value.startsWith('\"') || LITERAL.test(value) ? member", replace: "return value.startsWith('\"') || LITERAL.test(value) || value.length > 0 ? member" }],
    tests: ['pipeline/ingest/manifest.test.ts'],
  },
  {
    name: 'eval-history-kana-case-id',
    breaks: "the eval history keeps a case id spelling a kana full name that no label of the case holds (`g-クロダ_アヤカ`)",
    edits: [{ file: 'pipeline/eval/named-ids.ts', find: 'if (romajiFullName(c.id) || kanaFullName(c.id) || pieces.some', replace: 'if (romajiFullName(c.id) || (kanaFullName(c.id) && named.size < 0) || pieces.some' }],
    tests: ['cli/actions/eval.test.ts'],
  },
  {
    name: 'given-name-reading-role-only',
    breaks: "a given name read only as ENAMDICT lists it for given names: the eval history (and a session id) keeps `kaede` beside 森本 楓 (かえで is listed as a surname)",
    edits: [{ file: 'pipeline/ingest/spoken-names.ts', find: "...nameReadings(written, 'any', undefined)])]", replace: "...nameReadings(written, 'any', undefined).slice(0, 0)])]" }],
    tests: ['cli/actions/eval.test.ts'],
  },
  {
    name: 'unread-line-unquoted-name-first',
    breaks: "a broken line's unquoted known name is replaced before scrubKnownNames sees it: its pieces elsewhere in the line (a department 森本チーム) stay",
    edits: [{ file: 'pipeline/ingest/reject-locations.ts', find: "(KNOWN_NAME_FIELDS as readonly unknown[]).includes(k)) return member;", replace: "((KNOWN_NAME_FIELDS as readonly unknown[]).includes(k) && k === 0)) return member;" }],
    tests: ['pipeline/ingest/manifest.test.ts'],
  },
  {
    name: 'cut-line-names-unseen',
    breaks: "a line too long to read, its known names after the cut, keeps what comes before it (a department 森本チーム, an id kaede-m) in rejects.jsonl",
    edits: [{ file: 'pipeline/ingest/manifest.ts', find: '  if (cut && namesUnseen) return', replace: '  if (cut && namesUnseen && kept.length < 0) return' }],
    tests: ['pipeline/ingest/manifest.test.ts'],
  },
  {
    name: 'session-id-kana-full-name',
    breaks: "a session id spelling a full name in kana (`2026-10-にしむら-はるか`), stored in the clear, is accepted where its romaji would be refused",
    edits: [{ file: 'pipeline/ingest/manifest.ts', find: 'if (romajiFullName(row.session_id) || kanaFullName(row.session_id)) {', replace: 'if (romajiFullName(row.session_id) || (kanaFullName(row.session_id) && seen.size < 0)) {' }],
    tests: ['pipeline/ingest/manifest.test.ts'],
  },
  {
    name: 'eval-history-named-case-id',
    breaks: "the eval history (reached by neither erase nor retention) keeps a case id named after its person",
    edits: [{ file: 'cli/actions/eval.ts', find: "return typeof v === 'string' && namedIds.has(v) ? WITHHELD_CASE_ID : v;", replace: "return typeof v === 'string' && namedIds.size < 0 ? WITHHELD_CASE_ID : v;" }],
    tests: ['cli/actions/eval.test.ts'],
  },
  {
    name: 'eval-history-romaji-case-id',
    breaks: "the eval history keeps a case id spelling a romaji full name that no label of the case holds",
    edits: [{ file: 'pipeline/eval/named-ids.ts', find: 'if (romajiFullName(c.id) || pieces.some', replace: 'if (pieces.some' }],
    tests: ['cli/actions/eval.test.ts'],
  },
  {
    name: 'eval-history-case-id-reading',
    breaks: "the eval history keeps a case id that spells its person's label by reading (g-morimoto, g-モリモト beside 森本 楓)",
    edits: [{ file: 'pipeline/eval/named-ids.ts', find: "|| spokenNameTest(c.labels.pii)(c.id, 'id')) named.add(c.id);", replace: ") named.add(c.id);" }],
    tests: ['pipeline/eval/named-ids.test.ts'],
  },
  {
    name: 'eval-history-case-id-separated',
    breaks: "the eval history keeps a case id that spells its person's label over separators (g-森_本 beside 森本 楓), or a name of one-kanji parts (g-森楓 beside 森 楓)",
    edits: [{ file: 'pipeline/eval/named-ids.ts', find: '|| whole.some((p) => joined.includes(p))', replace: '|| whole.some((p) => joined.length < 0 && p === joined)' }],
    tests: ['pipeline/eval/named-ids.test.ts'],
  },
  {
    name: 'terminal-escapes',
    breaks: 'control characters printed raw to the terminal',
    edits: [{ file: 'pipeline/terminal.ts', find: 'return text.replace(CONTROL, ', replace: 'return text || text.replace(CONTROL, ' }],
    tests: OUTPUT_TESTS,
  },
];


const repo = resolve(import.meta.dirname, '..');
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1]?.split(',') : undefined;
const scratch = mkdtempSync(join(tmpdir(), 'honne-mutants-'));
const tree = join(scratch, 'tree');
execFileSync('git', ['-C', repo, 'worktree', 'add', '--detach', '-q', tree, 'HEAD']);
let survived = 0;
try {
  symlinkSync(join(repo, 'node_modules'), join(tree, 'node_modules'));
  // the uncommitted state of every file a mutation or a test touches
  for (const f of new Set(MUTATIONS.flatMap((m) => [...m.edits.map((e) => e.file), ...(m.tests ?? AGGREGATE_TESTS)]))) {
    if (existsSync(join(repo, f))) writeFileSync(join(tree, f), readFileSync(join(repo, f)));
  }
  // A mutant that leaves a declaration unused must still build: else the tests' build step fails
  // and the mutant looks caught while no test ran (tsconfig's noUnused* are style, not behaviour).
  const tsconfig = JSON.parse(readFileSync(join(tree, 'tsconfig.json'), 'utf8')) as { compilerOptions: Record<string, unknown> };
  Object.assign(tsconfig.compilerOptions, { noUnusedLocals: false, noUnusedParameters: false });
  writeFileSync(join(tree, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2));
  for (const m of MUTATIONS.filter((x) => !only || only.includes(x.name))) {
    const originals = new Map<string, string>();
    for (const e of m.edits) {
      const path = join(tree, e.file);
      const text = originals.get(e.file) ?? readFileSync(path, 'utf8');
      originals.set(e.file, text);
      const current = readFileSync(path, 'utf8');
      if (!current.includes(e.find)) throw new Error(`${m.name}: "${e.find}" not found in ${e.file} (update the mutation)`);
      writeFileSync(path, current.replace(e.find, e.replace));
    }
    const t0 = Date.now();
    // a mutant that does not compile proves nothing about the tests: it must be rewritten
    const tsc = spawnSync('npx', ['tsc', '--noEmit', '-p', 'tsconfig.json'], { cwd: tree, encoding: 'utf8' });
    if (tsc.status !== 0) {
      survived++;
      console.log(`INVALID  ${m.name.padEnd(26)} does not compile: ${tsc.stdout.split('\n')[0]} (rewrite the mutation)`);
      for (const [file, text] of originals) writeFileSync(join(tree, file), text);
      continue;
    }
    const r = spawnSync('npx', ['vitest', 'run', ...(m.tests ?? AGGREGATE_TESTS)], { cwd: tree, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
    const failed = /(\d+) failed/.exec(r.stdout)?.[1];
    // caught only when a test failed: a run that broke otherwise (a setup error) is no catch
    const caught = r.status !== 0 && failed !== undefined;
    if (!caught) survived++;
    console.log(`${caught ? 'caught  ' : 'SURVIVED'} ${m.name.padEnd(26)} ${m.breaks}${failed ? ` (${failed} tests failed)` : ''} [${Math.round((Date.now() - t0) / 1000)} s]`);
    for (const [file, text] of originals) writeFileSync(join(tree, file), text);
  }
} finally {
  execFileSync('git', ['-C', repo, 'worktree', 'remove', '--force', tree]);
  rmSync(scratch, { recursive: true, force: true });
}
console.log(survived === 0 ? 'every mutation was caught' : `${survived} mutation(s) survived`);
process.exitCode = survived === 0 ? 0 : 1;
