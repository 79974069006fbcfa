import { readFileSync } from 'node:fs';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';

interface DeliveredLike {
  type: string;
  position: number;
  data: unknown;
}

/**
 * Checks events a live socket receives against docs/asyncapi.yaml: the envelope against
 * DeliveredEvent, `data` against EventCatalog[type]. Problems are collected, so a test can end with
 * `expect(validator.problems).toEqual([])` after the socket has seen a whole flow.
 */
export class AsyncApiEventValidator {
  readonly problems: string[] = [];
  checked = 0;
  private readonly envelope: ValidateFunction;
  private readonly batchEnvelope: ValidateFunction;
  private readonly catalog = new Map<string, ValidateFunction>();

  /** `ignoreTypes`: event types a test appends itself, which no module owns. */
  constructor(private readonly ignoreTypes: readonly string[] = []) {
    const document = parse(readFileSync('docs/asyncapi.yaml', 'utf8')) as { components: { schemas: Record<string, unknown> } };
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats.default(ajv);
    ajv.addSchema(document as object, 'asyncapi.yaml');
    this.envelope = ajv.compile({ $ref: 'asyncapi.yaml#/components/schemas/DeliveredEvent' });
    this.batchEnvelope = ajv.compile({ $ref: 'asyncapi.yaml#/components/messages/events/payload' });
    const catalog = (document.components.schemas.EventCatalog as { properties: Record<string, unknown> }).properties;
    for (const type of Object.keys(catalog))
      this.catalog.set(type, ajv.compile({ $ref: `asyncapi.yaml#/components/schemas/EventCatalog/properties/${type}` }));
  }

  /** A listener for `socket.on('event', …)`. */
  readonly check = (event: DeliveredLike): void => {
    if (this.ignoreTypes.includes(event.type)) return;
    this.checked++;
    const where = `event ${event.position} ${event.type}`;
    if (!this.envelope(event)) this.problems.push(`${where}: ${describe(this.envelope)}`);
    const validate = this.catalog.get(event.type);
    if (!validate) this.problems.push(`${where}: the type is not in the EventCatalog of docs/asyncapi.yaml`);
    else if (!validate(event.data)) this.problems.push(`${where}: data${describe(validate)}`);
  };

  /** A listener for `socket.on('events', …)` (batched delivery): the array, then each of its events. */
  readonly checkBatch = (events: DeliveredLike[]): void => {
    // The count is read first: the validator is a type guard, which leaves `events` as never when it fails.
    const count = events.length;
    if (!this.batchEnvelope(events)) this.problems.push(`events message of ${count}: ${describe(this.batchEnvelope)}`);
    for (const event of events) this.check(event);
  };
}

function describe(validate: ValidateFunction): string {
  return (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message} ${JSON.stringify(error.params)}`).join('; ');
}
