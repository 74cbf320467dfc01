/**
 * AmapJ's backup: a `.tar.gz` holding `<db>.properties` and `<db>.script` (HSQLDB's files). The tar
 * is read by hand (512-byte headers, octal sizes, checksum), so a truncated or foreign archive is
 * refused with a sentence instead of half read.
 */
import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';

/** The file is not a readable AmapJ backup; the message says why, in French. */
export class ArchiveError extends Error {}

export interface AmapjBackup {
  /** The database's name in AmapJ (`amap1`), from the entries' names. */
  dbName: string;
  properties: string;
  script: string;
  /** SHA-256 of the file as uploaded: a second import of the same file is recognised by it. */
  sha256: string;
}

const BLOCK = 512;
/** A backup of a large AMAP is a few megabytes of text; far more is not a backup (or a zip bomb). */
const MAX_UNPACKED = 200 * 1024 * 1024;

function field(header: Buffer, start: number, length: number): string {
  const raw = header.subarray(start, start + length);
  const end = raw.indexOf(0);
  return raw.subarray(0, end < 0 ? length : end).toString('utf8');
}

function octal(header: Buffer, start: number, length: number): number {
  const text = field(header, start, length).trim();
  if (!/^[0-7]*$/.test(text)) throw new ArchiveError('Archive illisible : un en-tête tar est abîmé.');
  return text === '' ? 0 : parseInt(text, 8);
}

function checksumOk(header: Buffer): boolean {
  const stored = octal(header, 148, 8);
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : header[i];
  return sum === stored;
}

/** The regular files of a tar, by name (the last one wins, as tar itself does). */
export function readTar(tar: Buffer): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  let offset = 0;
  let longName: string | null = null;
  for (;;) {
    if (offset + BLOCK > tar.length) {
      if (offset === tar.length && files.size > 0) return files;
      throw new ArchiveError('Archive incomplète : le fichier a été coupé (téléchargement interrompu ?).');
    }
    const header = tar.subarray(offset, offset + BLOCK);
    if (header.every((b) => b === 0)) return files;
    if (!checksumOk(header)) throw new ArchiveError('Ce fichier n’est pas une archive tar : en-tête invalide.');
    const size = octal(header, 124, 12);
    const type = String.fromCharCode(header[156] || 48);
    const data = offset + BLOCK;
    if (data + size > tar.length)
      throw new ArchiveError('Archive incomplète : le fichier a été coupé (téléchargement interrompu ?).');
    const body = tar.subarray(data, data + size);
    const prefix = field(header, 345, 155);
    const name = longName ?? (prefix ? `${prefix}/${field(header, 0, 100)}` : field(header, 0, 100));
    longName = null;
    if (type === 'L') longName = body.toString('utf8').replace(/\0+$/, '');
    else if (type === '0' || type === '7') files.set(name, body);
    offset = data + Math.ceil(size / BLOCK) * BLOCK;
  }
}

function gunzip(file: Buffer): Buffer {
  if (file.length < 2 || file[0] !== 0x1f || file[1] !== 0x8b)
    throw new ArchiveError('Ce fichier n’est pas une sauvegarde AmapJ : il faut le fichier .tar.gz envoyé par AmapJ.');
  try {
    return gunzipSync(file, { maxOutputLength: MAX_UNPACKED });
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'ERR_BUFFER_TOO_LARGE') throw new ArchiveError('Archive trop grande pour une sauvegarde AmapJ.');
    throw new ArchiveError('Archive incomplète ou abîmée : la décompression a échoué (fichier coupé ?).');
  }
}

/** Opens an AmapJ backup; refuses anything else with an ArchiveError. */
export function readAmapjBackup(file: Buffer): AmapjBackup {
  const files = readTar(gunzip(file));
  const base = (name: string) => name.split('/').pop() ?? name;
  const scriptName = [...files.keys()].find((n) => base(n).endsWith('.script'));
  if (!scriptName)
    throw new ArchiveError('Ce fichier n’est pas une sauvegarde AmapJ : l’archive ne contient pas de fichier .script.');
  const dbName = base(scriptName).replace(/\.script$/, '');
  const propertiesName = [...files.keys()].find((n) => base(n) === `${dbName}.properties`);
  if (!propertiesName)
    throw new ArchiveError(
      `Ce fichier n’est pas une sauvegarde AmapJ : il manque ${dbName}.properties à côté du .script.`,
    );
  const properties = files.get(propertiesName)!.toString('utf8');
  if (!/^version=/m.test(properties))
    throw new ArchiveError(
      `Ce fichier n’est pas une sauvegarde AmapJ : ${dbName}.properties n’est pas celui d’HSQLDB.`,
    );
  return {
    dbName,
    properties,
    script: files.get(scriptName)!.toString('utf8'),
    sha256: createHash('sha256').update(file).digest('hex'),
  };
}
