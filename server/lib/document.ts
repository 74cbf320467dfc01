import type { Response } from 'express';

/** What every document builder returns (DESIGN.md §6), for a download or a mail attachment. */
export interface Document {
  filename: string;
  contentType: string;
  body: Buffer;
}

export function sendDocument(res: Response, doc: Document): void {
  res.setHeader('Content-Type', doc.contentType);
  res.setHeader('Content-Disposition', `attachment; filename="${doc.filename.replace(/"/g, '')}"`);
  res.send(doc.body);
}
