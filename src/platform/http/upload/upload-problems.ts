import { PROBLEM_BASE, type Problem, ProblemError } from '../problem.js';

/**
 * The refusals of a file upload, each with its own type so a client can tell "make it smaller"
 * from "send another kind of file" from "your form is broken". Nothing is stored for any of them.
 */
export const uploadProblemKinds = {
  'upload-too-large': { status: 413, title: 'The uploaded file is larger than allowed' },
  'upload-type-refused': { status: 415, title: 'This kind of file is not accepted' },
  'malformed-multipart': { status: 400, title: 'The multipart body is not a single valid file upload' },
} as const;

export type UploadProblemKind = keyof typeof uploadProblemKinds;

export function uploadProblem(kind: UploadProblemKind, detail: string, extensions: Record<string, unknown> = {}): ProblemError {
  const { status, title } = uploadProblemKinds[kind];
  const body: Problem = { type: PROBLEM_BASE + kind, title, status, detail, ...extensions };
  return new ProblemError(body);
}
