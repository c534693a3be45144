/** The S3 client, loaded lazily (`honne --help` and folder-only runs never load the SDK), and
 * what an S3 error means for honne: a missing object, a retry that can help, or neither. */
import type { S3Client } from '@aws-sdk/client-s3';
import type { S3Config } from '../../pipeline/config.js';

export type Sdk = typeof import('@aws-sdk/client-s3');

let sdk: Promise<Sdk> | undefined;
/** The SDK module, imported once, on first use. */
export function loadSdk(): Promise<Sdk> {
  return (sdk ??= import('@aws-sdk/client-s3'));
}

/** A client and the SDK it came from, made on first use. */
export interface LazyClient {
  (): Promise<{ s3: S3Client; sdk: Sdk }>;
}

export function lazyClient(config: S3Config): LazyClient {
  let made: Promise<{ s3: S3Client; sdk: Sdk }> | undefined;
  return () =>
    (made ??= loadSdk().then((m) => ({
      sdk: m,
      s3: new m.S3Client({
        ...(config.endpoint !== undefined ? { endpoint: config.endpoint } : {}),
        forcePathStyle: config.forcePathStyle,
        // Checksums only where S3 requires them: many S3-compatible servers (s3rver, older
        // MinIO) refuse the SDK's default CRC headers.
        requestChecksumCalculation: 'WHEN_REQUIRED',
        responseChecksumValidation: 'WHEN_REQUIRED',
      }),
    })));
}

/** What went wrong, as far as a retry is concerned. */
export type Failure = 'missing' | 'transient' | 'permanent';

const MISSING = new Set(['NoSuchKey', 'NotFound']);
const TRANSIENT_NAMES = new Set(['SlowDown', 'Throttling', 'ThrottlingException', 'RequestTimeout', 'RequestTimeoutException', 'InternalError', 'ServiceUnavailable', 'TimeoutError']);
const TRANSIENT_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'ECONNABORTED']);

/** Missing object (404 that is not a missing bucket); throttling, 5xx, timeouts and dropped
 * connections (a retry can help); the rest — AccessDenied, NoSuchBucket, a bad signature or
 * endpoint — stays as it is until someone changes the configuration. */
export function classify(err: unknown): Failure {
  const e = err as { name?: string; code?: string; $metadata?: { httpStatusCode?: number }; $retryable?: unknown };
  const name = e.name ?? '';
  const status = e.$metadata?.httpStatusCode;
  if (name === 'NoSuchBucket') return 'permanent';
  if (MISSING.has(name) || status === 404) return 'missing';
  if (TRANSIENT_NAMES.has(name) || e.$retryable !== undefined) return 'transient';
  if (status !== undefined) return status === 429 || status >= 500 ? 'transient' : 'permanent';
  return TRANSIENT_CODES.has(e.code ?? '') ? 'transient' : 'permanent';
}

/** The error's name for messages: never a body or a key. */
export const errorName = (err: unknown): string => {
  const e = err as { name?: string; code?: string; $metadata?: { httpStatusCode?: number } };
  const status = e.$metadata?.httpStatusCode;
  return `${e.name ?? e.code ?? 'Error'}${status !== undefined ? ` ${status}` : ''}`;
};

/** Parses `s3://bucket/key`; undefined when it is not one. */
export function parseS3Uri(uri: string): { bucket: string; key: string } | undefined {
  const m = /^s3:\/\/([^/]+)\/(.+)$/i.exec(uri);
  return m ? { bucket: m[1]!, key: m[2]! } : undefined;
}
