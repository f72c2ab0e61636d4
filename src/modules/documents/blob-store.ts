import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Content-addressed files on disk: a blob lives at blobs/ab/cd/<sha256>, so the
 * same file uploaded twice is stored once and a stored file cannot change
 * without its name changing. Written to a temporary file and renamed, so a
 * crash never leaves half a blob under a real name.
 */
export class BlobStore {
  constructor(private readonly root: string) {}

  static sha256(data: Buffer): string {
    return crypto.createHash('sha256').update(data).digest('hex');
  }

  pathOf(sha: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha)) throw new Error('not a sha256');
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
