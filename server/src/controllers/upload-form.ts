import { promises as fs } from 'fs';
import { errors } from '@strapi/utils';

/** A file as Strapi's body middleware (koa-body, formidable 2) hands it over. */
export interface FormidableFile {
  filepath: string;
  originalFilename?: string | null;
  size?: number;
}

export interface UploadRequest {
  body?: Record<string, unknown>;
  files?: Record<string, FormidableFile | FormidableFile[] | undefined>;
}

export interface UploadedFile {
  data: Buffer;
  name: string | null | undefined;
}

/** A form field given once: twice is a mistake worth a 400, not a guess. */
export const field = (body: Record<string, unknown>, name: string) => {
  const value = body[name];
  if (Array.isArray(value)) {
    throw new errors.ValidationError(`Field "${name}" must be given once`, { parameter: name });
  }
  return value;
};

/**
 * Reads the form's one file (field "file") into memory and removes formidable's temp file, which
 * Strapi's body middleware only cleans up for a field named "files". `read` takes the form's
 * other fields; it runs before the temp file goes, so a refused field removes it too.
 */
export const readUploadForm = async <T>(
  request: UploadRequest,
  read: (body: Record<string, unknown>, file: UploadedFile | null) => T
): Promise<T> => {
  const body = request.body ?? {};
  const upload = request.files?.file;
  const uploads = Array.isArray(upload) ? upload : upload ? [upload] : [];
  try {
    if (uploads.length > 1) {
      throw new errors.ValidationError('Send one file in the field "file", not several', {
        parameter: 'file',
      });
    }
    const file = uploads[0]
      ? { data: await fs.readFile(uploads[0].filepath), name: uploads[0].originalFilename }
      : null;
    return read(body, file);
  } finally {
    await Promise.all(uploads.map((u) => fs.rm(u.filepath, { force: true })));
  }
};
