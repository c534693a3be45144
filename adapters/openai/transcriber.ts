/** The OpenAI adapter of the transcriber port (pipeline/ports/transcriber.ts), for OpenAI and any
 * server speaking its audio API (OPENAI_BASE_URL). A recording is never uploaded as it is: the
 * audio preparer (ffmpeg) makes mono 16 kHz MP3 pieces under the upload limit (and the model's
 * duration limit), long silences trimmed; each piece is read into one Buffer and uploaded — a
 * buffer, not a stream, because the SDK retries (429, 5xx, timeouts) only what it can send again
 * — one piece at a time (memory: one piece). The pieces' segments are stitched back on the
 * recording's clock (pipeline/transcripts/stitch.ts) and their speaker labels matched across
 * pieces (speakers.ts). Usage: seconds sent (overlaps included), seconds trimmed, the estimated
 * cost (prices.ts). */
import { readFile } from 'node:fs/promises';
import type OpenAI from 'openai';
import { toFile } from 'openai';
import { z } from 'zod';
import { ProviderError, TransientError } from '../../pipeline/errors.js';
import type { AudioPiece, AudioPreparer, PreparedAudio } from '../../pipeline/ports/audio.js';
import type { TranscribeRequest, Transcriber } from '../../pipeline/ports/transcriber.js';
import type { Transcription } from '../../pipeline/schemas.js';
import { originalTime } from '../../pipeline/transcripts/audio-plan.js';
import { UNKNOWN_SPEAKER } from '../../pipeline/transcripts/formats/common.js';
import { stitchPieces, type TranscribedSegment } from '../../pipeline/transcripts/stitch.js';
import type { PriceOverrides } from '../../pipeline/usage.js';
import { fromOpenAiError } from './errors.js';
import { estimateCost, priceOf } from './prices.js';
import { modelMode, transcriberSettings, type ModelMode } from './models.js';
import { knownName, matchLabels, sampleSpans } from './speakers.js';

/** At most this many known speakers per request (the API's limit). */
const MAX_KNOWN_SPEAKERS = 4;

export interface OpenAiTranscriberOptions {
  client: OpenAI;
  model: string;
  /** Prepares recordings; its pieces must respect `modelMode(model).maxPieceSec`. */
  audio: AudioPreparer;
  /** The server's host, for messages and the cache key (a transcript of another server differs). */
  server: string;
  prices?: PriceOverrides;
}

export function createOpenAiTranscriber(o: OpenAiTranscriberOptions): Transcriber {
  const mode = modelMode(o.model);
  const price = priceOf(o.model, o.prices);
  return {
    name: 'openai',
    settings: transcriberSettings(o.server, o.model, o.audio.settings),
    transcribe: (request) => {
      const call = { sessionId: request.sessionId, file: request.recording.uri, server: o.server };
      if (request.signal?.aborted) return Promise.reject(new TransientError(`transcription at ${o.server} was aborted`, { sessionId: call.sessionId, file: call.file }));
      return o.audio.prepare(request.recording, async (prepared): Promise<Transcription> => {
        const answers: Answer[] = [];
        let recordingSegments: TranscribedSegment[] = [];
        const samples = new Map<string, string>(); // recording label → data URL of a voice sample
        for (const piece of prepared.pieces) {
          const what = `transcription of piece ${piece.index + 1} of ${prepared.pieces.length}`;
          const known = mode.speakers ? [...samples].slice(0, MAX_KNOWN_SPEAKERS) : [];
          const raw = await upload(o, mode, request, piece, known, { ...call, what });
          const answer = parseAnswer(raw, mode, piece, { ...call, what });
          if (mode.speakers) {
            const onRecording = answer.segments.map((s) => ({ ...s, start: timeOf(piece, s.start), end: timeOf(piece, s.end) }));
            const overlap = { start: piece.startSec, end: piece.startSec + piece.overlapSec };
            const labels = piece.index === 0 ? new Map(answer.segments.map((s) => [s.speaker, s.speaker])) : matchLabels(onRecording, recordingSegments, overlap);
            answer.segments = answer.segments.map((s) => ({ ...s, speaker: labels.get(s.speaker) ?? s.speaker }));
            recordingSegments = [...recordingSegments, ...answer.segments.map((s) => ({ ...s, start: timeOf(piece, s.start), end: timeOf(piece, s.end) }))];
            if (piece.index < prepared.pieces.length - 1 && samples.size < MAX_KNOWN_SPEAKERS) await addSamples(o.audio, piece, answer.segments, samples);
          }
          answers.push(answer);
        }
        const segments = stitchPieces(prepared.pieces.map((p, i) => ({ spans: p.spans, overlapSec: p.overlapSec, segments: answers[i]!.segments })));
        return { format: 'json', encoding: 'utf-8', segments, usage: usageOf(prepared, answers, price) };
      });
    },
  };
}

interface Answer {
  segments: TranscribedSegment[];
  /** Seconds the server says it billed, else undefined (then the piece's length counts). */
  billedSec: number | undefined;
  inputTokens: number;
  outputTokens: number;
}

type Call = { sessionId: string; file: string; server: string; what: string };

/** One piece, read whole into memory and uploaded as a buffer (re-sent whole on a retry). */
async function upload(o: OpenAiTranscriberOptions, mode: ModelMode, request: TranscribeRequest, piece: AudioPiece, known: Array<[string, string]>, call: Call): Promise<unknown> {
  const bytes = await readFile(piece.path);
  const file = await toFile(bytes, `piece-${piece.index}.${piece.format}`, { type: 'audio/mpeg' });
  const params: OpenAI.Audio.TranscriptionCreateParamsNonStreaming = {
    file,
    model: o.model,
    language: request.language,
    response_format: mode.responseFormat,
    ...(mode.responseFormat === 'diarized_json' ? { chunking_strategy: 'auto' as const } : {}),
    ...(mode.responseFormat === 'verbose_json' ? { timestamp_granularities: ['segment' as const] } : {}),
    ...(known.length > 0 ? { known_speaker_names: known.map(([label]) => knownName(label)), known_speaker_references: known.map(([, url]) => url) } : {}),
  };
  try {
    return await o.client.audio.transcriptions.create(params, request.signal ? { signal: request.signal } : {});
  } catch (err) {
    const { what, server, sessionId, file: uri } = call;
    throw fromOpenAiError(err, { what, server, sessionId, file: uri });
  }
}

const WireUsage = z
  .looseObject({ type: z.string(), seconds: z.number().nonnegative().optional(), input_tokens: z.number().int().nonnegative().optional(), output_tokens: z.number().int().nonnegative().optional() })
  .optional();
const Diarized = z.looseObject({
  segments: z.array(z.looseObject({ start: z.number(), end: z.number(), speaker: z.string(), text: z.string() })),
  usage: WireUsage,
});
const Verbose = z.looseObject({
  text: z.string(),
  segments: z.array(z.looseObject({ start: z.number(), end: z.number(), text: z.string() })).optional(),
  usage: WireUsage,
});
const Plain = z.looseObject({ text: z.string(), usage: WireUsage });

/** The server's answer for one piece through the wire schema of its format. A violation names
 * the JSON path and what was wrong with it, never a value. */
function parseAnswer(raw: unknown, mode: ModelMode, piece: AudioPiece, call: Call): Answer {
  const fail = (detail: string) =>
    new ProviderError('PROVIDER_INVALID_OUTPUT', `${call.what} at ${call.server} answered without the ${mode.responseFormat} the API promises (${detail})`, { sessionId: call.sessionId, file: call.file });
  const issueOf = (e: z.ZodError) => `${e.issues[0]?.path.join('.') || 'body'}: ${e.issues[0]?.code ?? 'invalid'}`;
  let segments: TranscribedSegment[];
  let usage: z.infer<typeof WireUsage>;
  if (mode.responseFormat === 'diarized_json') {
    const r = Diarized.safeParse(raw);
    if (!r.success) throw fail(issueOf(r.error));
    segments = r.data.segments.map((s) => ({ start: s.start, end: s.end, speaker: s.speaker, text: s.text }));
    usage = r.data.usage;
  } else {
    const r = (mode.responseFormat === 'verbose_json' ? Verbose : Plain).safeParse(raw);
    if (!r.success) throw fail(issueOf(r.error));
    const timed = 'segments' in r.data ? (r.data as z.infer<typeof Verbose>).segments : undefined;
    if (timed !== undefined) segments = timed.map((s) => ({ start: s.start, end: s.end, speaker: UNKNOWN_SPEAKER, text: s.text }));
    else segments = r.data.text.trim() === '' ? [] : [{ start: 0, end: piece.durationSec, speaker: UNKNOWN_SPEAKER, text: r.data.text }];
    usage = r.data.usage;
  }
  return {
    segments,
    billedSec: usage?.type === 'duration' ? usage.seconds : undefined,
    inputTokens: usage?.type === 'tokens' ? (usage.input_tokens ?? 0) : 0,
    outputTokens: usage?.type === 'tokens' ? (usage.output_tokens ?? 0) : 0,
  };
}

const timeOf = (piece: AudioPiece, t: number | null) => (t === null ? null : originalTime(piece.spans, t));

/** Voice samples of the piece's speakers who have none yet, as data URLs. */
async function addSamples(audio: AudioPreparer, piece: AudioPiece, segments: readonly TranscribedSegment[], samples: Map<string, string>): Promise<void> {
  for (const [label, span] of sampleSpans(segments, new Set(samples.keys()))) {
    if (samples.size >= MAX_KNOWN_SPEAKERS) return;
    const clip = await audio.clip(piece, span.from, span.duration);
    samples.set(label, `data:audio/mpeg;base64,${clip.toString('base64')}`);
  }
}

function usageOf(prepared: PreparedAudio, answers: readonly Answer[], price: ReturnType<typeof priceOf>): Transcription['usage'] {
  const audioSeconds = round(prepared.pieces.reduce((n, p, i) => n + (answers[i]?.billedSec ?? p.durationSec), 0));
  const inputTokens = answers.reduce((n, a) => n + a.inputTokens, 0);
  const outputTokens = answers.reduce((n, a) => n + a.outputTokens, 0);
  return {
    inputTokens,
    outputTokens,
    audioSeconds,
    trimmedSeconds: round(prepared.trimmedSec),
    costUsd: estimateCost(price, { audioSeconds, inputTokens, outputTokens }),
    cached: false,
  };
}

const round = (t: number) => Math.round(t * 1000) / 1000;
