import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

type Media = { schema?: unknown };
type ResponseObject = { headers?: Record<string, { $ref?: string; required?: boolean }>; content?: Record<string, Media> };
type OperationObject = { operationId: string; responses: Record<string, ResponseObject> };
export type OpenApiDocument = {
  paths: Record<string, Record<string, OperationObject>>;
  components: { headers?: Record<string, { required?: boolean }> };
};

interface Route {
  method: string;
  template: string;
  pattern: RegExp;
  literalSegments: number;
  operation: OperationObject;
}

/** One response checked against the document: which operation it answered, and what did not match. */
export interface CheckedResponse {
  operationId: string | undefined;
  method: string;
  path: string;
  status: number;
  problems: string[];
}

/** Headers whose presence the document promises per operation and the server decides per handler. */
const PER_OPERATION_HEADERS = ['etag', 'location'];

/**
 * Compares real responses with docs/openapi.json: the operation is found by method and path, the
 * status must be documented, the body must validate (ajv, JSON Schema 2020-12 as OpenAPI 3.1 uses)
 * against the schema of its media type, and ETag / Location must appear exactly where documented.
 */
export class OpenApiResponseValidator {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true });
  private readonly routes: Route[] = [];
  private readonly compiled = new Map<string, ValidateFunction>();
  readonly checked: CheckedResponse[] = [];

  constructor(private readonly document: OpenApiDocument) {
    addFormats.default(this.ajv);
    this.ajv.addSchema(document as object, 'openapi.json');
    for (const [template, item] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        const segments = template.split('/');
        const pattern = new RegExp(
          `^${segments.map((segment) => (/^\{.+\}$/.test(segment) ? '[^/]+' : escapeRegExp(segment))).join('/')}$`,
        );
        this.routes.push({ method, template, pattern, literalSegments: segments.filter((s) => !s.startsWith('{')).length, operation });
      }
    }
  }

  /** Every operation id of the document. */
  operationIds(): string[] {
    return this.routes.map((route) => route.operation.operationId);
  }

  async check(method: string, url: string, response: Response): Promise<CheckedResponse> {
    const path = new URL(url).pathname;
    const route = this.routes
      .filter((candidate) => candidate.method === method.toLowerCase() && candidate.pattern.test(path))
      .sort((a, b) => b.literalSegments - a.literalSegments)[0];
    const checked: CheckedResponse = { operationId: route?.operation.operationId, method, path, status: response.status, problems: [] };
    this.checked.push(checked);
    const text = await response.text();
    if (!route) {
      checked.problems.push('no operation of the document has this method and path');
      return checked;
    }
    const documented = route.operation.responses[String(response.status)] ?? route.operation.responses.default;
    if (!documented) {
      checked.problems.push(
        `status ${response.status} is not documented (documented: ${Object.keys(route.operation.responses).join(', ')})`,
      );
      return checked;
    }
    this.checkHeaders(checked, documented, response);
    const mediaType = (response.headers.get('content-type') ?? '').split(';')[0].trim();
    if (text.length === 0) {
      if (documented.content && Object.keys(documented.content).length > 0)
        checked.problems.push('the body is empty, the document describes one');
      return checked;
    }
    const media = documented.content?.[mediaType];
    if (!media) {
      checked.problems.push(
        `media type ${mediaType || '(none)'} is not documented (documented: ${Object.keys(documented.content ?? {}).join(', ') || 'no body'})`,
      );
      return checked;
    }
    if (!media.schema) return checked;
    const body: unknown = /json/.test(mediaType) ? JSON.parse(text) : text;
    const validate = this.validatorFor(
      route,
      String(documented === route.operation.responses.default ? 'default' : response.status),
      mediaType,
    );
    if (!validate(body)) {
      for (const error of validate.errors ?? [])
        checked.problems.push(`body${error.instancePath} ${error.message} ${JSON.stringify(error.params)} (schema ${error.schemaPath})`);
    }
    return checked;
  }

  private checkHeaders(checked: CheckedResponse, documented: ResponseObject, response: Response): void {
    const declared = new Map(
      Object.entries(documented.headers ?? {}).map(([name, header]) => {
        const resolved = header.$ref ? this.document.components.headers?.[header.$ref.split('/').pop() ?? ''] : header;
        return [name.toLowerCase(), resolved?.required === true];
      }),
    );
    for (const name of PER_OPERATION_HEADERS) {
      const present = response.headers.has(name);
      if (present && !declared.has(name)) checked.problems.push(`header ${name} is sent but not documented`);
      if (!present && declared.get(name)) checked.problems.push(`header ${name} is documented as required but missing`);
    }
  }

  private validatorFor(route: Route, status: string, mediaType: string): ValidateFunction {
    const pointer = ['paths', route.template, route.method, 'responses', status, 'content', mediaType, 'schema']
      .map((token) => encodeURIComponent(token.replace(/~/g, '~0').replace(/\//g, '~1')))
      .join('/');
    const ref = `openapi.json#/${pointer}`;
    let validate = this.compiled.get(ref);
    if (!validate) {
      validate = this.ajv.compile({ $ref: ref });
      this.compiled.set(ref, validate);
    }
    return validate;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
