/** The transcript-source port: reading a session's transcript or recording from where the
 * manifest says it is. One reader per scheme (a local file: adapters/local-folder; `s3://`:
 * adapters/s3/source-reader.ts), dispatched by `sourceReaderOf` (pipeline/sources.ts). Types only. */

export interface SourceContext {
  sessionId: string;
  /** The folder the file must resolve under (Session.source.root). */
  root: string;
}

/** The source's bytes (a transcript: small, capped), or a SourceError (pipeline/errors.ts)
 * saying why not. */
export type SourceReader = (uri: string, ctx: SourceContext) => Promise<Buffer>;

/** A source opened for streaming: its size, and its bytes as they are read. Reading it to the
 * end (or abandoning the iteration) releases it. */
export interface OpenedSource {
  size: number;
  stream: AsyncIterable<Uint8Array>;
}

/** Opens a source (a recording, up to hours of audio) for streaming, under the same rules as
 * the reader, so it never has to sit in memory whole. */
export type SourceOpener = (uri: string, ctx: SourceContext) => Promise<OpenedSource>;

export type Scheme = 'file' | 's3';
