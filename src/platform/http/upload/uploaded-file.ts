/** A file received by `@SingleFileUpload`, held in memory; the handler decides whether to keep it. */
export interface UploadedFileData {
  /** The client's file name, without any path, NFC-normalized. */
  fileName: string;
  /** The part's declared media type, lower-cased, without parameters; one of the allow-list. */
  contentType: string;
  bytes: Buffer;
}

/** What multer leaves on the request (its types are not installed; these are the fields we read). */
export interface MulterFile {
  fieldname: string;
  originalname: string;
  mimetype: string;
  size: number;
  buffer: Buffer;
}
