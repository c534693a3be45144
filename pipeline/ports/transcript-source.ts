/** The transcript-source port: reading a session's transcript or recording from where the
 * manifest says it is. One reader per scheme (a local file: adapters/local-folder; `s3://`:
 * adapters/s3/README.md), dispatched by `sourceReaderOf` (pipeline/sources.ts). Types only. */

export interface SourceContext {
  sessionId: string;
  /** The folder the file must resolve under (Session.source.root). */
  root: string;
}

/** The source's bytes, or a SourceError (pipeline/errors.ts) saying why not. */
export type SourceReader = (uri: string, ctx: SourceContext) => Promise<Buffer>;

export type Scheme = 'file' | 's3';
