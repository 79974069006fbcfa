/** Single-file multipart uploads: the decorator, the file it yields, and its problem types. */
export { ApiSingleFileBody, SingleFileUpload, UploadedSingleFile } from './single-file-upload.decorator.js';
export type { SingleFileUploadOptions } from './single-file.interceptor.js';
export { uploadProblemKinds, type UploadProblemKind } from './upload-problems.js';
export type { UploadedFileData } from './uploaded-file.js';
