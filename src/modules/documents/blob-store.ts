import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/index.ts';
import * as blobRepo from './blob-repo.ts';

/** Where uploaded bytes are kept, by SHA-256: the data directory (embedded) or the database (PostgreSQL). */
export interface Blobs {
  readonly kind: 'disk' | 'database';
  /** Stores the bytes (once per content) and returns their SHA-256. */
  put(data: Buffer): Promise<string>;
  get(sha: string): Promise<Buffer | null>;
}

const SHA = /^[0-9a-f]{64}$/;

/**
 * Content-addressed files on disk: a blob lives at blobs/ab/cd/<sha256>, so the
 * same file uploaded twice is stored once and a stored file cannot change
 * without its name changing. Written to a temporary file and renamed, so a
 * crash never leaves half a blob under a real name.
 */
export class BlobStore implements Blobs {
  readonly kind = 'disk';
  constructor(private readonly root: string) {}

  static sha256(data: Buffer): string {
    return crypto.createHash('sha256').update(data).digest('hex');
  }

  pathOf(sha: string): string {
    if (!SHA.test(sha)) throw new Error('not a sha256');
    return path.join(this.root, sha.slice(0, 2), sha.slice(2, 4), sha);
  }

  async put(data: Buffer): Promise<string> {
    const sha = BlobStore.sha256(data);
    const target = this.pathOf(sha);
    if (fs.existsSync(target)) return sha;
    await fs.promises.mkdir(path.dirname(target), { recursive: true });
    const tmp = `${target}.${process.pid}.${crypto.randomUUID()}.tmp`;
    await fs.promises.writeFile(tmp, data);
    await fs.promises.rename(tmp, target);
    return sha;
  }

  async get(sha: string): Promise<Buffer | null> {
    try {
      return await fs.promises.readFile(this.pathOf(sha));
    } catch {
      return null;
    }
  }
}

/** 1 MiB: far below PostgreSQL's 1 GB value limit, and a download holds one chunk's row at a time in the driver. */
export const CHUNK_BYTES = 1 << 20;

/**
 * Document bytes in PostgreSQL, so that every app server on one database
 * serves every upload (docs/security.md, issue 14). The blob's row and its
 * chunks commit together: a reader sees all of a blob or none of it, and two
 * servers storing the same content at once store it once (the second waits
 * on the first's row, then finds it there). The SHA-256 is checked again on
 * the way out, so a chunk changed in the database is refused, not served.
 */
export class DatabaseBlobStore implements Blobs {
  readonly kind = 'database';
  constructor(private readonly db: Kysely<DB>) {}

  async put(data: Buffer): Promise<string> {
    const sha = BlobStore.sha256(data);
    const chunks = Math.ceil(data.length / CHUNK_BYTES);
    await this.db.transaction().execute(async (trx) => {
      if (!(await blobRepo.claim(trx, sha, data.length, chunks))) return;
      for (let i = 0; i < chunks; i++) await blobRepo.insertChunk(trx, sha, i, data.subarray(i * CHUNK_BYTES, (i + 1) * CHUNK_BYTES));
    });
    return sha;
  }

  /** How many distinct documents are stored (for backup manifests). */
  count(): Promise<number> {
    return blobRepo.count(this.db);
  }

  async get(sha: string): Promise<Buffer | null> {
    if (!SHA.test(sha)) throw new Error('not a sha256');
    const h = await blobRepo.header(this.db, sha);
    if (!h) return null;
    const parts: Buffer[] = [];
    const hash = crypto.createHash('sha256');
    for (let i = 0; i < h.chunks; i++) {
      const part = await blobRepo.chunk(this.db, sha, i);
      if (!part) return null;
      hash.update(part);
      parts.push(part);
    }
    if (hash.digest('hex') !== sha) throw new Error(`stored document ${sha} does not match its SHA-256`);
    return Buffer.concat(parts);
  }
}

/** The database when it is PostgreSQL (shared by every app server), else files under the data directory. */
export function blobsFor(db: Kysely<DB>, dbKind: 'pglite' | 'postgres', dataDir: string): Blobs {
  return dbKind === 'postgres' ? new DatabaseBlobStore(db) : new BlobStore(path.join(dataDir, 'blobs'));
}
